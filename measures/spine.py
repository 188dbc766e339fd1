"""Back and neck disability: ODI, NDI, QBPDS."""

from __future__ import annotations

from measures.model import STRICT, Answers, Instrument, Item, MissingRule, Value, band_of

# --- ODI 2.1a: Oswestry Disability Index --------------------------------------------------
# Fairbank JCT, Pynsent PB. The Oswestry Disability Index. Spine 2000;25(22):2940-52.
# 10 sections scored 0-5. score_pct = sum / (5 x answered sections) x 100.
# Missing: Fairbank's scoring note covers ONE missed or not-applicable section (divide by 45).
# Two or more missing sections are not covered by the publication, so they are refused.
# No rounding rule is published: the scoring note's own example 16/45 x 100 is printed as
# "35.5%" (35.55... cut off, not a rule), so the percentage is kept at full precision.
# Bands (Fairbank 2000): 0-20 minimal, 21-40 moderate, 41-60 severe, 61-80 crippled,
# 81-100 bed-bound. MCID 10 points: Ostelo RWJG et al. Spine 2008;33(1):90-4.

_ODI_SECTIONS = (
    "pijnintensiteit",
    "persoonlijke verzorging",
    "tillen",
    "lopen",
    "zitten",
    "staan",
    "slapen",
    "seksleven",
    "sociaal leven",
    "reizen",
)
_ODI_BANDS = ((0, "minimal"), (21, "moderate"), (41, "severe"), (61, "crippled"), (81, "bed_bound"))


def _odi(a: Answers) -> tuple[dict[str, Value], str | None]:
    total = sum(a.values())
    pct = total * 20.0 / len(a)  # = total / (5 * answered) * 100
    return {"total": total, "score_pct": pct}, band_of(pct, _ODI_BANDS)


ODI = Instrument(
    code="odi",
    name="Oswestry Disability Index 2.1a",
    items=tuple(Item(f"q{i}", 0, 5, label) for i, label in enumerate(_ODI_SECTIONS, 1)),
    main_score="score_pct",
    score_min=0,
    score_max=100,
    direction="higher_is_worse",
    kind="numeric",
    missing_rule=MissingRule(
        "Maximaal één sectie mag ontbreken (Fairbank 2000: deel dan door 45 i.p.v. 50).",
        max_missing=1,
    ),
    reference="Fairbank JCT, Pynsent PB. Spine 2000;25(22):2940-52",
    scorer=_odi,
    mcid=10.0,
    mcid_reference="Ostelo RWJG et al. Spine 2008;33(1):90-4: 10 points",
)


# --- NDI: Neck Disability Index -----------------------------------------------------------
# Vernon H, Mior S. J Manipulative Physiol Ther 1991;14(7):409-15. 10 items 0-5, total 0-50.
# Bands and missing-data advice: Vernon H. The Neck Disability Index: state-of-the-art,
# 1991-2008. J Manipulative Physiol Ther 2008;31(7):491-502: 0-4 none, 5-14 mild,
# 15-24 moderate, 25-34 severe, >=35 complete. Up to 2 missing items: the total is
# prorated to the 0-50 scale (= mean substitution); 3 or more missing: not scored.
# MCID 5 points (of 50): Stratford PW et al. Physiother Can 1999;51:107-12.
# Vernon 2008 prescribes no rounding of the prorated total, so it keeps full precision.

_NDI_ITEMS = (
    "pijnintensiteit",
    "persoonlijke verzorging",
    "tillen",
    "lezen",
    "hoofdpijn",
    "concentratie",
    "werk",
    "autorijden",
    "slapen",
    "ontspanning",
)
_NDI_BANDS = ((0, "none"), (5, "mild"), (15, "moderate"), (25, "severe"), (35, "complete"))


def _ndi(a: Answers) -> tuple[dict[str, Value], str | None]:
    total = sum(a.values()) * 10.0 / len(a)  # prorated to the 0-50 scale of 10 items
    return {"total": total, "score_pct": total * 2}, band_of(total, _NDI_BANDS)


NDI = Instrument(
    code="ndi",
    name="Neck Disability Index",
    items=tuple(Item(f"q{i}", 0, 5, label) for i, label in enumerate(_NDI_ITEMS, 1)),
    main_score="total",
    score_min=0,
    score_max=50,
    direction="higher_is_worse",
    kind="numeric",
    missing_rule=MissingRule(
        "Maximaal twee items mogen ontbreken; het totaal wordt dan naar 0-50 herschaald "
        "(Vernon 2008).",
        max_missing=2,
    ),
    reference="Vernon H, Mior S. J Manipulative Physiol Ther 1991;14(7):409-15; "
    "Vernon H. J Manipulative Physiol Ther 2008;31(7):491-502",
    scorer=_ndi,
    mcid=5.0,
    mcid_reference="Stratford PW et al. Physiother Can 1999;51:107-12: 5 points",
)


# --- QBPDS: Quebec Back Pain Disability Scale ---------------------------------------------
# Kopec JA et al. The Quebec Back Pain Disability Scale: measurement properties.
# Spine 1995;20(3):341-52. 20 items 0-5, total 0-100 (higher = more disability).
# No missing-item rule published: all items required.
# MCID 20 points (or 30 %): Ostelo RWJG et al. Spine 2008;33(1):90-4. (Fritz & Irrgang 2001
# found 15 points in acute LBP; the consensus value is used here.)


def _qbpds(a: Answers) -> tuple[dict[str, Value], str | None]:
    return {"total": sum(a.values())}, None


QBPDS = Instrument(
    code="qbpds",
    name="Quebec Back Pain Disability Scale",
    items=tuple(Item(f"q{i}", 0, 5) for i in range(1, 21)),
    main_score="total",
    score_min=0,
    score_max=100,
    direction="higher_is_worse",
    kind="numeric",
    missing_rule=STRICT,
    reference="Kopec JA et al. Spine 1995;20(3):341-52",
    scorer=_qbpds,
    mcid=20.0,
    mcid_reference="Ostelo RWJG et al. Spine 2008;33(1):90-4: 20 points",
)

INSTRUMENTS = (ODI, NDI, QBPDS)
