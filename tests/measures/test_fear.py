"""TSK-17 and PCS: hand-computed cases from the published scoring rules."""

from __future__ import annotations

import pytest

from measures import TooManyMissing, score
from tests.measures.helpers import full, seq, without

REVERSED = {"q4", "q8", "q12", "q16"}


def tsk(non_reversed: int, reversed_: int) -> dict[str, object]:
    return {f"q{i}": reversed_ if f"q{i}" in REVERSED else non_reversed for i in range(1, 18)}


# TSK-17 (Miller, Kori & Todd 1991; Vlaeyen 1995 Pain): items 1-4, items 4/8/12/16 reversed
# (5 - answer), total 17-68, > 37 high kinesiophobia.
def test_tsk_min_max_respect_reversed_items() -> None:
    assert score("tsk", tsk(1, 4)).values == {"total": 17}
    assert score("tsk", tsk(4, 1)).values == {"total": 68}
    assert score("tsk", full("tsk", 1)).values == {"total": 29}  # 13 x 1 + 4 x (5 - 1)
    assert score("tsk", full("tsk", 4)).values == {"total": 56}  # 13 x 4 + 4 x (5 - 4)


def test_tsk_cut_off_37() -> None:
    low = tsk(1, 4)
    for i in (1, 2, 3, 5, 6, 7, 9, 10, 11, 13):  # ten non-reversed items 1 -> 3: +20
        low[f"q{i}"] = 3
    assert (score("tsk", low).main_value, score("tsk", low).band) == (37, "low")
    high = {**low, "q14": 2}
    assert (score("tsk", high).main_value, score("tsk", high).band) == (38, "high")


def test_tsk_all_items_required() -> None:
    with pytest.raises(TooManyMissing):
        score("tsk", without(tsk(2, 2), "q17"))


# PCS (Sullivan 1995 Psychol Assess): 13 items 0-4; rumination 8-11, magnification 6/7/13,
# helplessness 1-5/12; >= 30 clinically relevant.
def test_pcs_min_max() -> None:
    assert score("pcs", full("pcs", 0)).values == {
        "total": 0,
        "rumination": 0,
        "magnification": 0,
        "helplessness": 0,
    }
    high = score("pcs", full("pcs", 4))
    assert high.values == {"total": 52, "rumination": 16, "magnification": 12, "helplessness": 24}
    assert high.band == "clinically_relevant"


def test_pcs_subscales_mid_example() -> None:
    result = score("pcs", seq("q", [1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3]))
    assert result.values == {"total": 26, "rumination": 8, "magnification": 6, "helplessness": 12}
    assert result.band == "not_clinically_relevant"


def test_pcs_cut_off_30_and_missing() -> None:
    at_30 = score("pcs", seq("q", [4] * 7 + [2] + [0] * 5))  # 28 + 2
    assert (at_30.main_value, at_30.band) == (30, "clinically_relevant")
    at_29 = score("pcs", seq("q", [4] * 7 + [1] + [0] * 5))
    assert (at_29.main_value, at_29.band) == (29, "not_clinically_relevant")
    with pytest.raises(TooManyMissing):
        score("pcs", without(full("pcs", 2), "q1"))
