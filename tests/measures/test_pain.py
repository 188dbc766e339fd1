"""NPRS, PSK, PSFS, GPE: hand-computed cases from the published scoring rules."""

from __future__ import annotations

import pytest

from measures import OutOfRange, TooManyMissing, WrongType, get, score


# NPRS 0-10, one integer item (Farrar 2001 Pain; MCID 2 points).
def test_nprs_min_max_mid() -> None:
    assert score("nprs", {"score": 0}).values == {"score": 0}
    assert score("nprs", {"score": 10}).main_value == 10
    mid = score("nprs", {"score": 6})
    assert (mid.main_value, mid.band, mid.missing) == (6, None, [])
    assert get("nprs").mcid == 2.0
    assert get("nprs").direction == "higher_is_worse"


def test_nprs_missing_and_invalid() -> None:
    with pytest.raises(TooManyMissing):
        score("nprs", {})
    with pytest.raises(TooManyMissing):
        score("nprs", {"score": None})
    with pytest.raises(WrongType):
        score("nprs", {"score": 6.5})  # NPRS is integer only
    with pytest.raises(OutOfRange):
        score("nprs", {"score": 11})


# PSK (Beurskens 1996): up to 3 activities 0-10, higher = worse; total = mean of answered.
def test_psk_mean_of_answered_activities() -> None:
    assert score("psk", {"activiteit1": 0, "activiteit2": 0, "activiteit3": 0}).main_value == 0
    assert score("psk", {"activiteit1": 10, "activiteit2": 10, "activiteit3": 10}).main_value == 10
    three = score("psk", {"activiteit1": 3, "activiteit2": 4, "activiteit3": 4})
    # 11 / 3 = 3.666...: kept at full precision (Beurskens 1996 does not round the mean).
    assert three.values == {"total": pytest.approx(11 / 3, abs=1e-12), "activities": 3}
    assert three.values["total"] != 3.7
    two = score("psk", {"activiteit1": 7, "activiteit2": 4})
    assert two.values == {"total": 5.5, "activities": 2}
    assert two.missing == ["activiteit3"]
    assert get("psk").direction == "higher_is_worse"


def test_psk_needs_one_activity_and_has_only_three() -> None:
    with pytest.raises(TooManyMissing):
        score("psk", {})
    with pytest.raises(TooManyMissing):
        score("psk", {"activiteit1": None})
    assert score("psk", {"activiteit2": 8}).values["total"] == 8.0
    assert {it.id for it in get("psk").items} == {"activiteit1", "activiteit2", "activiteit3"}


# PSFS (Stratford 1995): up to 5 activities 0 = unable .. 10 = as before; higher = better.
def test_psfs_mean_and_direction() -> None:
    psfs = get("psfs")
    assert psfs.direction == "higher_is_better"
    assert psfs.mcid == 2.0
    assert score("psfs", {f"activiteit{i}": 10 for i in range(1, 6)}).main_value == 10.0
    assert score("psfs", {f"activiteit{i}": 0 for i in range(1, 6)}).main_value == 0.0
    mid = score("psfs", {"activiteit1": 2, "activiteit2": 5, "activiteit3": 7})
    assert mid.values == {"total": pytest.approx(14 / 3, abs=1e-12), "activities": 3}
    assert mid.missing == ["activiteit4", "activiteit5"]
    with pytest.raises(TooManyMissing):
        score("psfs", {})


# GPE 1 (volledig hersteld) .. 7 (slechter dan ooit); improved = 1 or 2 (Kamper 2009).
@pytest.mark.parametrize(
    ("value", "improved"), [(1, True), (2, True), (3, False), (4, False), (7, False)]
)
def test_gpe_dichotomy(value: int, improved: bool) -> None:
    result = score("gpe", {"score": value})
    assert result.values == {"score": value, "verbeterd": improved}
    assert result.band == ("improved" if improved else "not_improved")


def test_gpe_range_and_missing() -> None:
    assert get("gpe").kind == "categorical"
    for bad in (0, 8):
        with pytest.raises(OutOfRange):
            score("gpe", {"score": bad})
    with pytest.raises(TooManyMissing):
        score("gpe", {})
