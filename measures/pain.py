"""Pain and patient-specific function: NPRS, PSK, PSFS, GPE."""

from __future__ import annotations

from measures.model import Answers, Instrument, Item, MissingRule, Value

# --- NPRS: Numeric Pain Rating Scale ------------------------------------------------------
# One item 0 (no pain) .. 10 (worst imaginable pain); integer only.
# MCID 2 points: Farrar JT et al., Pain 2001;94(2):149-58; Salaffi F et al., Eur J Pain
# 2004;8(4):283-91. No interpretation bands are applied (cut points vary between studies).


def _nprs(a: Answers) -> tuple[dict[str, Value], str | None]:
    return {"score": a["score"]}, None


NPRS = Instrument(
    code="nprs",
    name="Numeric Pain Rating Scale",
    items=(Item("score", 0, 10, "pijnintensiteit"),),
    main_score="score",
    score_min=0,
    score_max=10,
    direction="higher_is_worse",
    kind="numeric",
    missing_rule=MissingRule("Het enige item is verplicht."),
    reference="Farrar JT et al. Pain 2001;94(2):149-58; Salaffi F et al. Eur J Pain 2004;8:283-91",
    scorer=_nprs,
    mcid=2.0,
    mcid_reference="Farrar 2001 (Pain); Salaffi 2004 (Eur J Pain): 2 points",
)


# --- PSK / PSFS: patient-chosen activities ------------------------------------------------
# Each activity is rated 0-10 (integer NRS). Total = mean of the answered activities, at full
# precision (neither Beurskens 1996 nor Stratford 1995 rounds the mean); at least one activity
# is required, unused activity slots are simply left out.


def _activity_mean(a: Answers) -> tuple[dict[str, Value], str | None]:
    return {"total": sum(a.values()) / len(a), "activities": len(a)}, None


_ACTIVITY_RULE = MissingRule(
    "Minstens één activiteit; totaal = gemiddelde van de gescoorde activiteiten.",
    max_missing=None,
    min_answered=1,
)

# PSK (Patiënt Specifieke Klachten): 3 activities, 0 = no difficulty .. 10 = impossible.
# Beurskens AJHM et al. Responsiveness of functional status in low back pain: a comparison
# of different instruments. Pain 1996;65(1):71-6. Originally a 100 mm VAS, since 2008 an
# 11-point NRS (meetinstrumentenzorg.nl). Beurskens 1996 reports responsiveness but no MCID
# in points, so none is declared here.
PSK = Instrument(
    code="psk",
    name="Patiënt Specifieke Klachten",
    items=tuple(Item(f"activiteit{i}", 0, 10, optional=True) for i in range(1, 4)),
    main_score="total",
    score_min=0,
    score_max=10,
    direction="higher_is_worse",
    kind="numeric",
    missing_rule=_ACTIVITY_RULE,
    reference="Beurskens AJHM et al. Pain 1996;65(1):71-6",
    scorer=_activity_mean,
    mcid=None,
    mcid_reference="Geen MCID in punten gepubliceerd door Beurskens 1996.",
)

# PSFS (Patient-Specific Functional Scale): up to 5 activities, 0 = unable .. 10 = able as
# before injury. Stratford P et al. Physiother Can 1995;47(4):258-63.
# MCID 2 points for the mean score: Stratford 1995; Horn KK et al. JOSPT 2012;42(1):30-42.
PSFS = Instrument(
    code="psfs",
    name="Patient-Specific Functional Scale",
    items=tuple(Item(f"activiteit{i}", 0, 10, optional=True) for i in range(1, 6)),
    main_score="total",
    score_min=0,
    score_max=10,
    direction="higher_is_better",
    kind="numeric",
    missing_rule=_ACTIVITY_RULE,
    reference="Stratford P et al. Physiother Can 1995;47(4):258-63",
    scorer=_activity_mean,
    mcid=2.0,
    mcid_reference="Stratford 1995 (Physiother Can); Horn 2012 (JOSPT): 2 points",
)


# --- GPE: Global Perceived Effect, 7-point ------------------------------------------------
# 1 = volledig hersteld / very much improved .. 4 = unchanged .. 7 = slechter dan ooit.
# Improved = 1 or 2: dichotomisation per Kamper SJ, Maher CG, Mackay G. Global rating of
# change scales. J Man Manip Ther 2009;17(3):163-70. The GPE rates change itself (it is the
# usual MCID anchor), so a difference between two GPE scores has no MCID.


def _gpe(a: Answers) -> tuple[dict[str, Value], str | None]:
    v = a["score"]
    improved = v <= 2
    return {"score": v, "verbeterd": improved}, "improved" if improved else "not_improved"


GPE = Instrument(
    code="gpe",
    name="Global Perceived Effect",
    items=(Item("score", 1, 7, "ervaren effect"),),
    main_score="score",
    score_min=1,
    score_max=7,
    direction="higher_is_worse",
    kind="categorical",
    missing_rule=MissingRule("Het enige item is verplicht."),
    reference="Kamper SJ, Maher CG, Mackay G. J Man Manip Ther 2009;17(3):163-70",
    scorer=_gpe,
    mcid=None,
    mcid_reference="Niet van toepassing: de GPE meet zelf de ervaren verandering "
    "(Kamper 2009); verbeterd = score 1 of 2.",
)

INSTRUMENTS = (NPRS, PSK, PSFS, GPE)
