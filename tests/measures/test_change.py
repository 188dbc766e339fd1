"""Change since baseline and the MCID, per instrument direction."""

from measures import compare, score

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
