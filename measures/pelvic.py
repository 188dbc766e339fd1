"""Pelvic girdle and pelvic floor: PGQ, ICIQ-UI SF, IIQ-7, UDI-6, PFDI-20, PRAFAB, Bristol."""

from __future__ import annotations

from measures.model import (
    STRICT,
    Answers,
    Instrument,
    Item,
    MissingRule,
    Value,
    band_of,
    numbered,
)

# Several pelvic-floor instruments score "the mean of the answered items" without saying
# how many may be blank. This catalogue adds one local safeguard, applied the same way
# everywhere: at least half of the items of each (sub)scale must be answered.
# None of these publications (Stuge 2011, Uebersax 1995, Barber 2005) rounds its scores, so
# every score below keeps full precision (e.g. IIQ-7 10/7 x 100/3 = 47.619...).
_HALF = "Lokale aanvulling: minstens de helft van de items per (sub)schaal beantwoord."


def _ids(prefix: str, first: int, last: int) -> tuple[str, ...]:
    return tuple(f"{prefix}{i}" for i in range(first, last + 1))


def _mean(a: Answers, ids: tuple[str, ...]) -> float:
    got = [a[i] for i in ids if i in a]
    return sum(got) / len(got)


# --- PGQ: Pelvic Girdle Questionnaire -----------------------------------------------------
# Stuge B, Garratt A, Krogstad Jenssen H, Grotle M. The Pelvic Girdle Questionnaire: a
# condition-specific instrument for assessing activity limitations and symptoms in people
# with pelvic girdle pain. Phys Ther 2011;91(7):1096-108.
# 25 items 0-3: activity q1-q20, symptom q21-q25. Each score = sum / (3 x answered items)
# x 100, so blank or "not applicable" items (typically sport, q16, and sex life, q19) drop
# out of numerator and denominator (Stuge 2011). MIC 25 points for the total:
# Stuge B et al. Phys Ther 2017;97(11):1103-13.

PGQ_SUBSCALES = {"activity": _ids("q", 1, 20), "symptom": _ids("q", 21, 25)}


def _pgq(a: Answers) -> tuple[dict[str, Value], str | None]:
    values: dict[str, Value] = {
        name: _mean(a, ids) * 100 / 3 for name, ids in PGQ_SUBSCALES.items()
    }
    values["total"] = sum(a.values()) * 100 / (3 * len(a))
    return values, None


PGQ = Instrument(
    code="pgq",
    name="Pelvic Girdle Questionnaire",
    items=numbered("q", 25, 0, 3),
    main_score="total",
    score_min=0,
    score_max=100,
    direction="higher_is_worse",
    kind="numeric",
    missing_rule=MissingRule(
        "Lege of niet-van-toepassing items tellen niet mee (Stuge 2011). " + _HALF,
        max_missing=None,
        min_answered_per_subscale={"activity": 10, "symptom": 3},
    ),
    reference="Stuge B et al. Phys Ther 2011;91(7):1096-108",
    scorer=_pgq,
    subscales=PGQ_SUBSCALES,
    mcid=25.0,
    mcid_reference="Stuge B et al. Phys Ther 2017;97(11):1103-13: MIC 25 points (total)",
)


# --- ICIQ-UI SF ---------------------------------------------------------------------------
# Avery K et al. ICIQ: a brief and robust measure for evaluating the symptoms and impact of
# urinary incontinence. Neurourol Urodyn 2004;23(4):322-30.
# Ids here are q1-q4; on the printed form these are questions 3-6.
# q1 frequency 0-5, q2 amount 0/2/4/6 only, q3 interference 0-10; total 0-21.
# q4 (when does urine leak, tick all that apply, codes 1-8) is self-diagnostic and unscored:
# optional, echoed as text ("2,3").
# Severity: Klovning A et al. Neurourol Urodyn 2009;28(5):411-5: 1-5 slight, 6-12 moderate,
# 13-18 severe, 19-21 very severe. Klovning defines no band for 0 (band = None).
# MID 2.52 points: Nyström E, Sjöström M, Stenlund H, Samuelsson E. Neurourol Urodyn
# 2015;34(8):747-51, women with stress UI after pelvic floor muscle training (the treatment
# an oefentherapeut gives). Surgical cohorts give 4-5 (Sirls LT et al. Neurourol Urodyn
# 2015;34(2):183-7); self-management via an app 1.46 (Nyström E et al. BMC Womens Health 2024).


def _iciq(a: Answers) -> tuple[dict[str, Value], str | None]:
    total = a["q1"] + a["q2"] + a["q3"]
    if total == 0:
        return {"total": 0}, None
    bands = ((1, "slight"), (6, "moderate"), (13, "severe"), (19, "very_severe"))
    return {"total": total}, band_of(total, bands)


ICIQ_UI_SF = Instrument(
    code="iciq_ui_sf",
    name="ICIQ Urinary Incontinence Short Form",
    items=(
        Item("q1", 0, 5, "frequentie urineverlies"),
        Item("q2", 0, 6, "hoeveelheid urineverlies", allowed=(0, 2, 4, 6)),
        Item("q3", 0, 10, "hinder in dagelijks leven"),
        Item("q4", 1, 8, "situaties van urineverlies", optional=True, scored=False, multi=True),
    ),
    main_score="total",
    score_min=0,
    score_max=21,
    direction="higher_is_worse",
    kind="numeric",
    missing_rule=MissingRule("q1-q3 zijn verplicht; q4 is optioneel en telt niet mee."),
    reference="Avery K et al. Neurourol Urodyn 2004;23(4):322-30; "
    "Klovning A et al. Neurourol Urodyn 2009;28(5):411-5",
    scorer=_iciq,
    mcid=2.52,
    mcid_reference="Nyström E et al. Neurourol Urodyn 2015;34(8):747-51: MID 2.52 points "
    "(stress urinary incontinence, pelvic floor muscle training)",
)


# --- IIQ-7 and UDI-6 ----------------------------------------------------------------------
# Uebersax JS, Wyman JF, Shumaker SA, McClish DK, Fantl JA. Short forms to assess life
# quality and symptom distress for urinary incontinence in women: the Incontinence Impact
# Questionnaire and the Urogenital Distress Inventory. Neurourol Urodyn 1995;14(2):131-9.
# Items 0-3; score = mean of the answered items x 100/3 (0-100).
# MCID: none found for these short forms. Barber MD et al. Am J Obstet Gynecol
# 2009;200(5):580.e1-7 (MID 11 for the UDI, 8 for UDI-stress, 16 for the UIQ) and Dyer KY et
# al. Neurourol Urodyn 2011;30(7):1319-24 score the long UDI/IIQ/PFIQ scales, not these.


def _uebersax(a: Answers) -> tuple[dict[str, Value], str | None]:
    return {"score": sum(a.values()) * 100 / (3 * len(a))}, None


IIQ7 = Instrument(
    code="iiq7",
    name="Incontinence Impact Questionnaire (IIQ-7)",
    items=numbered("q", 7, 0, 3),
    main_score="score",
    score_min=0,
    score_max=100,
    direction="higher_is_worse",
    kind="numeric",
    missing_rule=MissingRule(
        "Gemiddelde van de beantwoorde items (Uebersax 1995). " + _HALF, max_missing=3
    ),
    reference="Uebersax JS et al. Neurourol Urodyn 1995;14(2):131-9",
    scorer=_uebersax,
    mcid=None,
    mcid_reference="Geen MCID in punten gevonden voor de IIQ-7; de MID's van Barber 2009 en "
    "Dyer 2011 gelden voor de lange IIQ/UIQ, een andere schaal.",
)

UDI6 = Instrument(
    code="udi6",
    name="Urogenital Distress Inventory (UDI-6)",
    items=numbered("q", 6, 0, 3),
    main_score="score",
    score_min=0,
    score_max=100,
    direction="higher_is_worse",
    kind="numeric",
    missing_rule=MissingRule(
        "Gemiddelde van de beantwoorde items (Uebersax 1995). " + _HALF, max_missing=3
    ),
    reference="Uebersax JS et al. Neurourol Urodyn 1995;14(2):131-9",
    scorer=_uebersax,
    mcid=None,
    mcid_reference="Geen MCID in punten gevonden voor de UDI-6 (Uebersax, 0-3 per item); de "
    "MID's van Barber 2009 en Dyer 2011 gelden voor de lange UDI, een andere schaal.",
)


# --- PFDI-20: Pelvic Floor Distress Inventory ---------------------------------------------
# Barber MD, Walters MD, Bump RC. Short forms of two condition-specific quality-of-life
# questionnaires for women with pelvic floor disorders (PFDI-20 and PFIQ-7).
# Am J Obstet Gynecol 2005;193(1):103-13.
# Items 0 (symptom absent) or 1-4 (bother). POPDI-6 q1-q6, CRADI-8 q7-q14, UDI-6 q15-q20.
# Scale = mean of the answered items of that scale x 25 (0-100); total = sum (0-300).
# MCID: none verified for the total. Barber 2009 (above) covers only urinary scales of the
# long PFDI/PFIQ.

PFDI20_SUBSCALES = {
    "popdi6": _ids("q", 1, 6),
    "cradi8": _ids("q", 7, 14),
    "udi6": _ids("q", 15, 20),
}


def _pfdi20(a: Answers) -> tuple[dict[str, Value], str | None]:
    scales = {name: _mean(a, ids) * 25 for name, ids in PFDI20_SUBSCALES.items()}
    values: dict[str, Value] = dict(scales)
    values["total"] = sum(scales.values())
    return values, None


PFDI20 = Instrument(
    code="pfdi20",
    name="Pelvic Floor Distress Inventory (PFDI-20)",
    items=numbered("q", 20, 0, 4),
    main_score="total",
    score_min=0,
    score_max=300,
    direction="higher_is_worse",
    kind="numeric",
    missing_rule=MissingRule(
        "Per schaal het gemiddelde van de beantwoorde items (Barber 2005). " + _HALF,
        max_missing=None,
        min_answered_per_subscale={"popdi6": 3, "cradi8": 4, "udi6": 3},
    ),
    reference="Barber MD, Walters MD, Bump RC. Am J Obstet Gynecol 2005;193(1):103-13",
    scorer=_pfdi20,
    subscales=PFDI20_SUBSCALES,
    mcid=None,
    mcid_reference="Geen geverifieerde MCID in punten voor de PFDI-20-totaalscore (0-300); "
    "Barber 2009 (Am J Obstet Gynecol) geeft MID's alleen voor schalen van de lange PFDI/PFIQ.",
)


# --- PRAFAB -------------------------------------------------------------------------------
# Hendriks EJM, Bernards ATM, Berghmans BCM, de Bie RA. The psychometric properties of the
# PRAFAB-questionnaire: a brief assessment questionnaire to evaluate severity of urinary
# incontinence in women. Neurourol Urodyn 2007;26(7):998-1007.
# Protection, Amount, Frequency, Adjustment, Body image, each 1-4; PRAFAB score = sum (5-20).
# Subscales (Hendriks EJM et al. BMC Urol 2008;8:1): leakage severity = P+A+F (3-12),
# perceived symptom impact = Adjustment + Body image (2-8). The MIC depends on baseline
# severity (1.9-2.7 non-severe, 3.6-4.1 severe; Hendriks 2008 Neurourol Urodyn 27:379-87),
# so no single MCID is declared. No missing-item rule published: all items required.

PRAFAB_SUBSCALES = {
    "leakage_severity": ("protection", "amount", "frequency"),
    "symptom_impact": ("adjustment", "body_image"),
}


def _prafab(a: Answers) -> tuple[dict[str, Value], str | None]:
    values: dict[str, Value] = {"total": sum(a.values())}
    for name, ids in PRAFAB_SUBSCALES.items():
        values[name] = sum(a[i] for i in ids)
    return values, None


PRAFAB = Instrument(
    code="prafab",
    name="PRAFAB-vragenlijst",
    items=(
        Item("protection", 1, 4, "bescherming"),
        Item("amount", 1, 4, "hoeveelheid"),
        Item("frequency", 1, 4, "frequentie"),
        Item("adjustment", 1, 4, "aanpassing"),
        Item("body_image", 1, 4, "zelfbeeld"),
    ),
    main_score="total",
    score_min=5,
    score_max=20,
    direction="higher_is_worse",
    kind="numeric",
    missing_rule=STRICT,
    reference="Hendriks EJM et al. Neurourol Urodyn 2007;26(7):998-1007",
    scorer=_prafab,
    subscales=PRAFAB_SUBSCALES,
    mcid=None,
    mcid_reference="Geen enkele MCID: de MIC hangt af van de ernst bij baseline (1,9-2,7 "
    "niet-ernstig, 3,6-4,1 ernstig; Hendriks 2008, Neurourol Urodyn 27:379-87).",
)


# --- Bristol Stool Form Scale -------------------------------------------------------------
# Lewis SJ, Heaton KW. Stool form scale as a useful guide to intestinal transit time.
# Scand J Gastroenterol 1997;32(9):920-4. Type 1-7 (categorical; no better/worse order).
# Types 1-2 constipation side (slow transit), 3-5 normal, 6-7 diarrhoea side (fast transit).


def _bristol(a: Answers) -> tuple[dict[str, Value], str | None]:
    t = a["type"]
    return {"type": t}, band_of(t, ((1, "constipation_side"), (3, "normal"), (6, "diarrhoea_side")))


BRISTOL = Instrument(
    code="bristol",
    name="Bristol Stool Form Scale",
    items=(Item("type", 1, 7, "ontlastingstype"),),
    main_score="type",
    score_min=1,
    score_max=7,
    direction=None,
    kind="categorical",
    missing_rule=MissingRule("Het enige item is verplicht."),
    reference="Lewis SJ, Heaton KW. Scand J Gastroenterol 1997;32(9):920-4",
    scorer=_bristol,
    mcid=None,
    mcid_reference="Niet van toepassing: categorische schaal zonder beter of slechter "
    "(Lewis & Heaton 1997).",
)

INSTRUMENTS = (PGQ, ICIQ_UI_SF, IIQ7, UDI6, PFDI20, PRAFAB, BRISTOL)
