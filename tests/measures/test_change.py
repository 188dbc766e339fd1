"""Change since baseline and the MCID, per instrument direction."""

import pytest

from measures import compare, score
from tests.measures.helpers import full, seq

ODI = {f"q{i}": 3 for i in range(1, 11)}


def test_a_drop_on_a_higher_is_worse_scale_is_an_improvement_that_can_reach_the_mcid() -> None:
    # ODI 60 % -> 48 %: 12 points better; MCID 10 points (Ostelo 2008).
    later = score("odi", {**ODI, "q1": 0, "q2": 0, "q3": 3, "q4": 3})  # 24/50 = 48 %
    change = compare("odi", score("odi", ODI), later)
    assert (change.baseline, change.followup, change.change) == (60.0, 48.0, -12.0)
    assert change.improved is True
    assert change.mcid_reached is True


def test_an_improvement_smaller_than_the_mcid_is_not_clinically_relevant() -> None:
    change = compare("nprs", score("nprs", {"score": 6}), score("nprs", {"score": 5}))
    assert change.change == -1.0
    assert change.improved is True
    assert change.mcid_reached is False  # NPRS MCID: 2 points


def test_a_rise_on_a_higher_is_better_scale_is_an_improvement() -> None:
    # PSFS: 0 = unable, 10 = able as before; MCID 2 points.
    before = score("psfs", {"activiteit1": 3, "activiteit2": 4})
    after = score("psfs", {"activiteit1": 6, "activiteit2": 6})
    change = compare("psfs", before, after)
    assert change.change == 2.5
    assert change.improved is True
    assert change.mcid_reached is True


def test_getting_worse_is_never_clinically_relevant_improvement() -> None:
    change = compare("nprs", score("nprs", {"score": 2}), score("nprs", {"score": 8}))
    assert change.improved is False
    assert change.mcid_reached is False


def test_no_follow_up_or_a_categorical_instrument_gives_no_change() -> None:
    assert compare("nprs", score("nprs", {"score": 6}), None).change is None
    bristol = compare("bristol", score("bristol", {"type": 2}), score("bristol", {"type": 4}))
    assert bristol.change is None
    assert bristol.mcid_reached is None


def test_who5_a_rise_of_ten_percentage_points_is_clinically_relevant() -> None:
    # WHO-5 is higher-is-better; MCID 10 percentage points (Topp 2015).
    before = score("who5", seq("q", [2, 2, 2, 2, 2]))  # raw 10 -> 40 %
    reached = compare("who5", before, score("who5", seq("q", [3, 3, 2, 2, 3])))  # 52 %
    assert (reached.change, reached.improved, reached.mcid, reached.mcid_reached) == (
        12.0,
        True,
        10.0,
        True,
    )
    small = compare("who5", before, score("who5", seq("q", [3, 3, 2, 2, 2])))  # 48 %
    assert (small.change, small.improved, small.mcid_reached) == (8.0, True, False)
    worse = compare("who5", before, score("who5", seq("q", [1, 1, 1, 1, 2])))  # 24 %
    assert (worse.change, worse.improved, worse.mcid_reached) == (-16.0, False, False)


def test_pcs_a_drop_of_eight_points_is_clinically_relevant() -> None:
    # PCS is higher-is-worse; MIC 8 points (Monticone 2022).
    before = score("pcs", full("pcs", 2))  # 26
    reached = compare("pcs", before, score("pcs", seq("q", [2] * 5 + [0] * 4 + [2] * 4)))
    assert (reached.change, reached.improved, reached.mcid_reached) == (-8.0, True, True)
    small = compare("pcs", before, score("pcs", seq("q", [2] * 5 + [0] * 3 + [1] + [2] * 4)))
    assert (small.change, small.improved, small.mcid_reached) == (-7.0, True, False)
    worse = compare("pcs", before, score("pcs", full("pcs", 3)))
    assert (worse.change, worse.improved, worse.mcid_reached) == (13.0, False, False)


def test_a_fractional_mcid_needs_the_next_whole_point() -> None:
    # ICIQ-UI SF MID 2.52 (Nystrom 2015): on whole-number totals 3 points reach it, 2 do not.
    before = score("iciq_ui_sf", {"q1": 3, "q2": 4, "q3": 5})  # 12
    three = compare("iciq_ui_sf", before, score("iciq_ui_sf", {"q1": 3, "q2": 4, "q3": 2}))
    assert (three.change, three.mcid, three.mcid_reached) == (-3.0, 2.52, True)
    two = compare("iciq_ui_sf", before, score("iciq_ui_sf", {"q1": 3, "q2": 4, "q3": 3}))
    assert (two.change, two.mcid_reached) == (-2.0, False)


def test_the_change_keeps_the_precision_of_the_scores() -> None:
    # PSK 11/3 -> 2: change -5/3, not -1.67; floating-point noise is stripped so equal means
    # compare equal (PSFS 11/3 -> 17/3 is exactly 2 and reaches its MCID of 2).
    psk = compare(
        "psk",
        score("psk", {"activiteit1": 3, "activiteit2": 4, "activiteit3": 4}),
        score("psk", {"activiteit1": 2, "activiteit2": 2}),
    )
    assert psk.change == pytest.approx(-5 / 3, abs=1e-9)
    assert psk.change != -1.67
    psfs = compare(
        "psfs",
        score("psfs", {"activiteit1": 3, "activiteit2": 4, "activiteit3": 4}),
        score("psfs", {"activiteit1": 5, "activiteit2": 6, "activiteit3": 6}),
    )
    assert (psfs.change, psfs.improved, psfs.mcid_reached) == (2.0, True, True)
