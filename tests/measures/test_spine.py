"""ODI, NDI, QBPDS: hand-computed cases from the published scoring rules."""

from __future__ import annotations

import pytest

from measures import TooManyMissing, get, score
from tests.measures.helpers import full, seq, without


# ODI 2.1a (Fairbank & Pynsent 2000 Spine): pct = sum / (5 x answered) x 100.
def test_odi_min_max() -> None:
    low = score("odi", full("odi", 0))
    assert (low.values, low.band) == ({"total": 0, "score_pct": 0.0}, "minimal")
    high = score("odi", full("odi", 5))
    assert (high.values, high.band) == ({"total": 50, "score_pct": 100.0}, "bed_bound")
    assert get("odi").mcid == 10.0


def test_odi_fairbank_worked_example() -> None:
    # Fairbank 2000: 16 points of 50 -> 32 %; with one section missed 16 of 45 -> 35.55... %
    # (printed "35.5%" in the scoring note; no rounding rule, so full precision here).
    answers = seq("q", [2, 2, 2, 2, 2, 2, 1, 1, 1, 1])
    assert score("odi", answers).values == {"total": 16, "score_pct": 32.0}
    one_missing = score("odi", {**seq("q", [2, 2, 2, 2, 2, 2, 1, 1, 2]), "q10": None})
    assert one_missing.values == {"total": 16, "score_pct": pytest.approx(1600 / 45, abs=1e-12)}
    assert one_missing.values["score_pct"] not in (35.5, 35.6)
    assert one_missing.missing == ["q10"]
    assert one_missing.band == "moderate"


def test_odi_two_missing_sections_are_refused() -> None:
    with pytest.raises(TooManyMissing) as exc:
        score("odi", without(full("odi", 2), "q3", "q8"))
    assert exc.value.code == "items.too_many_missing"
    assert exc.value.item == "q3"
    assert "q3" in exc.value.message and "q8" in exc.value.message


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (10, "minimal"),  # 20 %
        (11, "moderate"),  # 22 %
        (20, "moderate"),  # 40 %
        (21, "severe"),
        (30, "severe"),
        (31, "crippled"),
        (40, "crippled"),
        (41, "bed_bound"),
    ],
)
def test_odi_band_edges(total: int, band: str) -> None:
    answers = [5] * (total // 5) + [total % 5]
    answers += [0] * (10 - len(answers))
    assert score("odi", seq("q", answers)).band == band


# NDI (Vernon & Mior 1991; bands and missing rule Vernon 2008 JMPT).
def test_ndi_min_max_mid() -> None:
    assert score("ndi", full("ndi", 0)).values == {"total": 0.0, "score_pct": 0.0}
    assert score("ndi", full("ndi", 0)).band == "none"
    high = score("ndi", full("ndi", 5))
    assert (high.values, high.band) == ({"total": 50.0, "score_pct": 100.0}, "complete")
    mid = score("ndi", seq("q", [2, 1, 3, 2, 2, 1, 2, 3, 1, 1]))
    assert (mid.values, mid.band) == ({"total": 18.0, "score_pct": 36.0}, "moderate")


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (4, "none"),
        (5, "mild"),
        (14, "mild"),
        (15, "moderate"),
        (24, "moderate"),
        (25, "severe"),
        (34, "severe"),
        (35, "complete"),
    ],
)
def test_ndi_band_edges(total: int, band: str) -> None:
    answers = [5] * (total // 5) + [total % 5]
    answers += [0] * (10 - len(answers))
    assert score("ndi", seq("q", answers)).band == band


def test_ndi_prorates_up_to_two_missing_items() -> None:
    # 9 items summing to 12 -> 12 x 10 / 9 = 13.33... of 50 (26.66... %), unrounded (Vernon 2008
    # prorates but does not round).
    nine = score("ndi", seq("q", [2, 2, 2, 2, 1, 1, 1, 1, 0]))
    assert nine.values == {
        "total": pytest.approx(120 / 9, abs=1e-12),
        "score_pct": pytest.approx(240 / 9, abs=1e-12),
    }
    assert nine.missing == ["q10"]
    eight = score("ndi", seq("q", [1, 1, 1, 1, 1, 1, 1, 1]))
    assert eight.values == {"total": 10.0, "score_pct": 20.0}
    with pytest.raises(TooManyMissing):
        score("ndi", seq("q", [1] * 7))


# QBPDS (Kopec 1995 Spine): 20 items 0-5, total 0-100; all items required.
def test_qbpds() -> None:
    assert score("qbpds", full("qbpds", 0)).main_value == 0
    assert score("qbpds", full("qbpds", 5)).main_value == 100
    assert score("qbpds", seq("q", [2] * 10 + [3] * 10)).values == {"total": 50}
    assert get("qbpds").mcid == 20.0
    with pytest.raises(TooManyMissing):
        score("qbpds", without(full("qbpds", 1), "q20"))
