"""Psychological symptoms: 4DKL, Nijmegen Questionnaire, PHQ-15, HADS."""

from __future__ import annotations

from measures.model import STRICT, Answers, Instrument, Item, MissingRule, Value, band_of, numbered

# --- 4DKL: Vierdimensionale Klachtenlijst (4DSQ) ------------------------------------------
# Terluin B. De Vierdimensionale Klachtenlijst (4DKL). Huisarts Wet 1996;39:538-47.
# Item allocation: Terluin B et al. The Four-Dimensional Symptom Questionnaire (4DSQ): a
# validation study. BMC Psychiatry 2006;6:34, Table 1. The scales are INTERLEAVED from item
# 17 on (not contiguous blocks); anxiety items confirmed in Terluin B et al. BMC Psychiatry
# 2014;14:121. Answers 0 = nee, 1 = soms, 2 = regelmatig, 3 = vaak, 4 = zeer vaak of
# voortdurend are recoded 0 -> 0, 1 -> 1, 2/3/4 -> 2 before summing.
# Cut-offs (Terluin 1996): distress <=10 low, 11-20 moderately elevated, >20 strongly
# elevated; depressie <=2, 3-5, >5; angst <=3, 4-7, >7; somatisatie <=10, 11-20, >20.
# No missing-item rule is applied: all 50 items required.
# MCID: none found in points for the distress scale (Terluin 1996 and 2006 give cut-offs only).

FOURDKL_SUBSCALES = {
    "distress": tuple(
        f"q{i}" for i in (17, 19, 20, 22, 25, 26, 29, 31, 32, 36, 37, 38, 39, 41, 47, 48)
    ),
    "depressie": tuple(f"q{i}" for i in (28, 30, 33, 34, 35, 46)),
    "angst": tuple(f"q{i}" for i in (18, 21, 23, 24, 27, 40, 42, 43, 44, 45, 49, 50)),
    "somatisatie": tuple(f"q{i}" for i in range(1, 17)),
}
# Lower bounds of "moderately elevated" and "strongly elevated" per scale.
_4DKL_CUTS = {"distress": (11, 21), "depressie": (3, 6), "angst": (4, 8), "somatisatie": (11, 21)}
_RECODE = (0, 1, 2, 2, 2)


def _fourdkl(a: Answers) -> tuple[dict[str, Value], str | None]:
    values: dict[str, Value] = {}
    bands: dict[str, str] = {}
    for name, ids in FOURDKL_SUBSCALES.items():
        total = sum(_RECODE[a[i]] for i in ids)
        moderate, strong = _4DKL_CUTS[name]
        bands[name] = band_of(
            total, ((0, "low"), (moderate, "moderately_elevated"), (strong, "strongly_elevated"))
        )
        values[name] = total
        values[f"{name}_band"] = bands[name]
    return values, bands["distress"]


FOURDKL = Instrument(
    code="4dkl",
    name="Vierdimensionale Klachtenlijst (4DKL)",
    items=numbered("q", 50, 0, 4),
    main_score="distress",
    score_min=0,
    score_max=32,
    direction="higher_is_worse",
    kind="numeric",
    missing_rule=STRICT,
    reference="Terluin B. Huisarts Wet 1996;39:538-47; Terluin B et al. BMC Psychiatry 2006;6:34",
    scorer=_fourdkl,
    subscales=FOURDKL_SUBSCALES,
    mcid=None,
    mcid_reference="Geen MCID in punten gevonden voor de 4DKL-distressschaal; Terluin 1996 en "
    "2006 geven alleen afkappunten.",
)


# --- Nijmegen Questionnaire ---------------------------------------------------------------
# van Dixhoorn J, Duivenvoorden HJ. Efficacy of Nijmegen Questionnaire in recognition of the
# hyperventilation syndrome. J Psychosom Res 1985;29(2):199-206.
# 16 items 0 (never) .. 4 (very often); total 0-64; >= 23 positive for hyperventilation
# complaints. No missing-item rule published: all items required.
# MCID: none found in points (the publication validates the cut-off only).


def _nijmegen(a: Answers) -> tuple[dict[str, Value], str | None]:
    total = sum(a.values())
    return {"total": total}, band_of(total, ((0, "negative"), (23, "positive")))


NIJMEGEN = Instrument(
    code="nijmegen",
    name="Nijmeegse Vragenlijst",
    items=numbered("q", 16, 0, 4),
    main_score="total",
    score_min=0,
    score_max=64,
    direction="higher_is_worse",
    kind="numeric",
    missing_rule=STRICT,
    reference="van Dixhoorn J, Duivenvoorden HJ. J Psychosom Res 1985;29(2):199-206",
    scorer=_nijmegen,
    mcid=None,
    mcid_reference="Geen MCID in punten gevonden voor de Nijmeegse Vragenlijst; van Dixhoorn "
    "1985 geeft alleen het afkappunt 23.",
)


# --- PHQ-15 -------------------------------------------------------------------------------
# Kroenke K, Spitzer RL, Williams JBW. The PHQ-15: validity of a new measure for evaluating
# the severity of somatic symptoms. Psychosom Med 2002;64(2):258-66.
# 15 items 0-2, total 0-30. q4 (menstrual problems) may be left blank, e.g. by men: the sum
# is then over 14 items (no proration). All other items required.
# Severity: 0-4 minimal, 5-9 low, 10-14 medium, 15-30 high.
# MCID: none found in points for the PHQ-15 total (the 3-point MCID of Gierk 2017, Gen Hosp
# Psychiatry, is for the SSS-8, a different 8-item scale).


def _phq15(a: Answers) -> tuple[dict[str, Value], str | None]:
    total = sum(a.values())
    return {"total": total}, band_of(
        total, ((0, "minimal"), (5, "low"), (10, "medium"), (15, "high"))
    )


PHQ15 = Instrument(
    code="phq15",
    name="Patient Health Questionnaire-15",
    items=tuple(Item(f"q{i}", 0, 2, optional=i == 4) for i in range(1, 16)),
    main_score="total",
    score_min=0,
    score_max=30,
    direction="higher_is_worse",
    kind="numeric",
    missing_rule=MissingRule(
        "Alle items verplicht behalve q4 (menstruatieklachten); dan som over 14 items."
    ),
    reference="Kroenke K, Spitzer RL, Williams JBW. Psychosom Med 2002;64(2):258-66",
    scorer=_phq15,
    mcid=None,
    mcid_reference="Geen MCID in punten gevonden voor de PHQ-15; Kroenke 2002 geeft alleen "
    "ernstgrenzen (5, 10, 15).",
)


# --- HADS: Hospital Anxiety and Depression Scale ------------------------------------------
# Zigmond AS, Snaith RP. The Hospital Anxiety and Depression Scale. Acta Psychiatr Scand
# 1983;67(6):361-70. 14 items; the form collects the already-SCORED value 0-3 per item
# (reverse-keyed wording is resolved on the form, not here). Anxiety = odd items 1-13,
# depression = even items 2-14, each 0-21: 0-7 normal, 8-10 borderline, 11-21 abnormal.
# The main score is the total 0-42 (no published bands; the subscale bands are in values).
# No missing-item rule published: all items required.
# MID for the TOTAL score: 1.68 points (anchor CRQ emotional function; 1.60 with the CRQ
# total): Puhan MA, Frey M, Büchi S, Schünemann HJ. Health Qual Life Outcomes 2008;6:46,
# COPD patients in respiratory rehabilitation (its conclusion: "around 1.5"). The larger
# total-score estimate is used; on whole-number totals both mean a change of 2 points.

HADS_SUBSCALES = {
    "anxiety": tuple(f"q{i}" for i in range(1, 15, 2)),
    "depression": tuple(f"q{i}" for i in range(2, 15, 2)),
}
_HADS_BANDS = ((0, "normal"), (8, "borderline"), (11, "abnormal"))


def _hads(a: Answers) -> tuple[dict[str, Value], str | None]:
    values: dict[str, Value] = {"total": sum(a.values())}
    for name, ids in HADS_SUBSCALES.items():
        sub = sum(a[i] for i in ids)
        values[name] = sub
        values[f"{name}_band"] = band_of(sub, _HADS_BANDS)
    return values, None


HADS = Instrument(
    code="hads",
    name="Hospital Anxiety and Depression Scale",
    items=numbered("q", 14, 0, 3),
    main_score="total",
    score_min=0,
    score_max=42,
    direction="higher_is_worse",
    kind="numeric",
    missing_rule=STRICT,
    reference="Zigmond AS, Snaith RP. Acta Psychiatr Scand 1983;67(6):361-70",
    scorer=_hads,
    subscales=HADS_SUBSCALES,
    mcid=1.68,
    mcid_reference="Puhan MA et al. Health Qual Life Outcomes 2008;6:46: MID 1.68 points "
    "(total score, COPD)",
)

INSTRUMENTS = (FOURDKL, NIJMEGEN, PHQ15, HADS)
