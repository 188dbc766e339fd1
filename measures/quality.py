"""Quality of life: WHO-5 Well-Being Index (psychosomatic profile, "kwaliteit van leven")."""

from __future__ import annotations

from measures.model import STRICT, Answers, Instrument, Item, Value, band_of

# --- WHO-5 Well-Being Index ---------------------------------------------------------------
# WHO Regional Office for Europe, 1998; free to use without permission. Scoring and
# interpretation: Topp CW, Østergaard SD, Søndergaard S, Bech P. The WHO-5 Well-Being Index:
# a systematic review of the literature. Psychother Psychosom 2015;84(3):167-76.
# 5 items 0 (at no time) .. 5 (all of the time); raw score = sum (0-25); percentage score =
# raw x 4 (0-100, higher = better well-being). Always a whole number, so nothing is rounded.
# Bands on the percentage (Topp 2015): <= 50 (raw < 13) poor well-being, screen for
# depression; <= 28 likely depression; above 50 neither cut-off is met.
# MCID: a change of 10 percentage points is clinically relevant (Topp 2015).
# Neither Topp 2015 nor the WHO scoring note publishes a rule for blank items: all required.

_WHO5_LABELS = ("opgewekt", "ontspannen", "actief", "uitgerust", "interesse")
# Lower bounds on the percentage: 0-28, 29-50 (reachable 32-48), 51-100 (reachable 52-100).
_WHO5_BANDS = ((0, "likely_depression"), (29, "poor_wellbeing"), (51, "adequate_wellbeing"))


def _who5(a: Answers) -> tuple[dict[str, Value], str | None]:
    raw = sum(a.values())
    pct = raw * 4
    return {"raw": raw, "score_pct": pct}, band_of(pct, _WHO5_BANDS)


WHO5 = Instrument(
    code="who5",
    name="WHO-5 Well-Being Index",
    items=tuple(Item(f"q{i}", 0, 5, label) for i, label in enumerate(_WHO5_LABELS, 1)),
    main_score="score_pct",
    score_min=0,
    score_max=100,
    direction="higher_is_better",
    kind="numeric",
    missing_rule=STRICT,
    reference="Topp CW, Østergaard SD, Søndergaard S, Bech P. Psychother Psychosom "
    "2015;84(3):167-76; WHO Regional Office for Europe 1998",
    scorer=_who5,
    mcid=10.0,
    mcid_reference="Topp CW et al. Psychother Psychosom 2015;84(3):167-76: "
    "10 procentpunten (percentagescore 0-100)",
)

INSTRUMENTS = (WHO5,)
