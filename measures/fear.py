"""Fear of movement and pain catastrophising: TSK-17, PCS."""

from __future__ import annotations

from measures.model import STRICT, Answers, Instrument, Item, Value, band_of

# --- TSK-17: Tampa Scale for Kinesiophobia ------------------------------------------------
# Miller RP, Kori SH, Todd DD. The Tampa Scale. Clin J Pain 1991;7:51 (unpublished report
# 1990); Dutch version and cut-off: Vlaeyen JWS et al. Fear of movement/(re)injury in
# chronic low back pain and its relation to behavioral performance. Pain 1995;62(3):363-72.
# 17 items 1 (strongly disagree) .. 4 (strongly agree). Items 4, 8, 12, 16 are reverse
# scored (5 - answer). Total 17-68; > 37 = high kinesiophobia (Vlaeyen 1995).
# No missing-item rule published: all items required.
# MCID: none for the TSK-17 total. Monticone M et al. Eur Spine J 2016;25(9):2882-8 found a
# MIC of 5.5 points for the Italian TSK-13 (13-52; reversed items dropped), another scale.
# (A Persian MIC of 10.5 points, Eur Spine J 2023;32(9):3023-9, does not state the version
# in its abstract, so it is not used.)

TSK_REVERSED = (4, 8, 12, 16)


def _tsk(a: Answers) -> tuple[dict[str, Value], str | None]:
    total = sum(a.values()) + sum(5 - 2 * a[f"q{i}"] for i in TSK_REVERSED)  # v -> 5 - v
    return {"total": total}, band_of(total, ((17, "low"), (38, "high")))


TSK = Instrument(
    code="tsk",
    name="Tampa Scale for Kinesiophobia (TSK-17)",
    items=tuple(Item(f"q{i}", 1, 4, reverse=i in TSK_REVERSED) for i in range(1, 18)),
    main_score="total",
    score_min=17,
    score_max=68,
    direction="higher_is_worse",
    kind="numeric",
    missing_rule=STRICT,
    reference="Miller RP, Kori SH, Todd DD. Clin J Pain 1991;7:51; "
    "Vlaeyen JWS et al. Pain 1995;62(3):363-72",
    scorer=_tsk,
    mcid=None,
    mcid_reference="Geen MCID in punten gevonden voor de TSK-17 (17-68); de MIC van "
    "5,5 punt (Monticone 2016, Eur Spine J) geldt voor de TSK-13, een andere schaal.",
)


# --- PCS: Pain Catastrophizing Scale ------------------------------------------------------
# Sullivan MJL, Bishop SR, Pivik J. The Pain Catastrophizing Scale: development and
# validation. Psychol Assess 1995;7(4):524-32. 13 items 0-4, total 0-52.
# Subscales: rumination 8-11, magnification 6, 7, 13, helplessness 1-5, 12.
# Total >= 30 = clinically relevant catastrophising (Sullivan, PCS User Manual 2009:
# 75th percentile of chronic pain patients). No missing-item rule published: all required.
# MIC 8 points for the total (ROC, anchor GPE): Monticone M, Portoghese I, Rocca B, Giordano A,
# Campagna M, Franchignoni F. Eur J Phys Rehabil Med 2022;58(1):68-75, chronic low back pain
# after multidisciplinary rehabilitation; 11 points in the subgroup with a baseline > 30.

PCS_SUBSCALES = {
    "rumination": ("q8", "q9", "q10", "q11"),
    "magnification": ("q6", "q7", "q13"),
    "helplessness": ("q1", "q2", "q3", "q4", "q5", "q12"),
}


def _pcs(a: Answers) -> tuple[dict[str, Value], str | None]:
    total = sum(a.values())
    values: dict[str, Value] = {"total": total}
    for name, ids in PCS_SUBSCALES.items():
        values[name] = sum(a[i] for i in ids)
    return values, band_of(total, ((0, "not_clinically_relevant"), (30, "clinically_relevant")))


PCS = Instrument(
    code="pcs",
    name="Pain Catastrophizing Scale",
    items=tuple(Item(f"q{i}", 0, 4) for i in range(1, 14)),
    main_score="total",
    score_min=0,
    score_max=52,
    direction="higher_is_worse",
    kind="numeric",
    missing_rule=STRICT,
    reference="Sullivan MJL, Bishop SR, Pivik J. Psychol Assess 1995;7(4):524-32",
    scorer=_pcs,
    subscales=PCS_SUBSCALES,
    mcid=8.0,
    mcid_reference="Monticone M et al. Eur J Phys Rehabil Med 2022;58(1):68-75: MIC 8 points "
    "(chronic low back pain; 11 points when baseline > 30)",
)

INSTRUMENTS = (TSK, PCS)
