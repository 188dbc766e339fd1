"""WHO-5 Well-Being Index: worked examples from Topp et al. 2015 (Psychother Psychosom)."""

from __future__ import annotations

import pytest

from measures import OutOfRange, TooManyMissing, WrongType, get, score
from tests.measures.helpers import full, seq, without


# 5 items 0-5; raw = sum (0-25); percentage = raw x 4 (0-100, higher is better).
def test_who5_declaration() -> None:
    who5 = get("who5")
    assert (who5.main_score, who5.score_min, who5.score_max) == ("score_pct", 0, 100)
    assert who5.direction == "higher_is_better"
    assert who5.kind == "numeric"
    assert who5.mcid == 10.0 and "Topp" in who5.mcid_reference
    assert [it.id for it in who5.items] == ["q1", "q2", "q3", "q4", "q5"]
    assert all((it.min, it.max) == (0, 5) for it in who5.items)
    assert who5.response_schema()["required"] == ["q1", "q2", "q3", "q4", "q5"]


def test_who5_worked_example_all_items_three() -> None:
    # Every item "more than half of the time" (3): raw 15, percentage 60.
    result = score("who5", full("who5", 3))
    assert result.values == {"raw": 15, "score_pct": 60}
    assert (result.main_value, result.band, result.missing) == (60, "adequate_wellbeing", [])


def test_who5_min_and_max() -> None:
    low = score("who5", full("who5", 0))
    assert (low.values, low.band) == ({"raw": 0, "score_pct": 0}, "likely_depression")
    high = score("who5", full("who5", 5))
    assert (high.values, high.band) == ({"raw": 25, "score_pct": 100}, "adequate_wellbeing")


@pytest.mark.parametrize(
    ("answers", "raw", "pct", "band"),
    [
        ([2, 2, 1, 1, 1], 7, 28, "likely_depression"),  # <= 28: likely depression
        ([2, 2, 2, 1, 1], 8, 32, "poor_wellbeing"),
        ([3, 3, 2, 2, 2], 12, 48, "poor_wellbeing"),  # raw < 13 (<= 50 %): poor well-being
        ([3, 3, 3, 2, 2], 13, 52, "adequate_wellbeing"),
    ],
)
def test_who5_cut_offs(answers: list[int], raw: int, pct: int, band: str) -> None:
    result = score("who5", seq("q", answers))
    assert (result.values, result.band) == ({"raw": raw, "score_pct": pct}, band)


def test_who5_every_item_is_required() -> None:
    # No missing-item rule is published (Topp 2015, WHO scoring note): all five required.
    with pytest.raises(TooManyMissing) as exc:
        score("who5", without(full("who5", 3), "q4"))
    assert exc.value.item == "q4"
    with pytest.raises(TooManyMissing):
        score("who5", {**full("who5", 3), "q1": None})
    with pytest.raises(TooManyMissing):
        score("who5", {})


@pytest.mark.parametrize("bad", [-1, 6])
def test_who5_out_of_range(bad: int) -> None:
    with pytest.raises(OutOfRange) as exc:
        score("who5", {**full("who5", 3), "q2": bad})
    assert exc.value.item == "q2"


@pytest.mark.parametrize("bad", [3.0, "3", True, [3]], ids=repr)
def test_who5_wrong_type(bad: object) -> None:
    with pytest.raises(WrongType) as exc:
        score("who5", {**full("who5", 3), "q5": bad})
    assert exc.value.item == "q5"
