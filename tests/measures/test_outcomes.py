"""Outcome data: an episode's outcome is its first baseline against its last end measurement,
and the practice's outcomes pool per instrument with small groups suppressed."""

from datetime import date

import pytest

import measures
from measures.outcomes import SUPPRESS_BELOW, Taken, episode_outcome, pool


def nprs(moment: str, day: int, score: int, order: int = 0) -> Taken:
    return Taken(moment, date(2026, 3, day), order or day, measures.score("nprs", {"score": score}))


def test_the_outcome_is_the_first_baseline_against_the_last_end_measurement() -> None:
    taken = [
        nprs("baseline", 2, 7),
        nprs("baseline", 9, 6),  # a second baseline does not replace the first
        nprs("tussentijds", 16, 5),  # an interim measurement is no outcome
        nprs("eind", 23, 4),
        nprs("eind", 30, 2),
    ]
    outcome = episode_outcome("nprs", taken)
    assert outcome is not None
    assert (outcome.baseline, outcome.followup, outcome.change) == (7.0, 2.0, -5.0)
    assert outcome.improved and outcome.mcid_reached


def test_without_an_end_measurement_there_is_no_outcome() -> None:
    assert episode_outcome("nprs", [nprs("baseline", 2, 7), nprs("tussentijds", 9, 3)]) is None
    assert episode_outcome("nprs", [nprs("eind", 9, 3)]) is None


def test_same_day_measurements_keep_the_order_they_were_stored_in() -> None:
    taken = [nprs("baseline", 2, 7, order=1), nprs("eind", 9, 5, order=3), nprs("eind", 9, 4, 2)]
    outcome = episode_outcome("nprs", taken)
    assert outcome is not None and outcome.followup == 5.0


def practice_of(*pairs: tuple[int, int]) -> list[measures.Change]:
    return [
        measures.compare("nprs", *(measures.score("nprs", {"score": s}) for s in p)) for p in pairs
    ]


def test_six_episodes_pool_to_their_mean_median_and_mcid_share() -> None:
    # NPRS: lower is better, MCID 2 points (Farrar 2001).
    outcomes = practice_of((7, 3), (6, 5), (8, 4), (5, 5), (7, 2), (6, 3))
    pooled = pool(outcomes)
    assert pooled is not None
    assert pooled.episodes == 6
    assert pooled.mean_change == pytest.approx(-17 / 6)
    assert pooled.median_change == -3.5
    assert pooled.improved_share == pytest.approx(5 / 6)  # (5, 5) did not change
    assert pooled.mcid_reached_share == pytest.approx(4 / 6)  # -4, -4, -5, -3
    assert sum(b.episodes for b in pooled.distribution) == 6
    assert pooled.distribution[0].low == -5.0 and pooled.distribution[-1].high == 0.0


def test_fewer_than_five_episodes_are_suppressed() -> None:
    assert SUPPRESS_BELOW == 5
    assert pool(practice_of((7, 3), (6, 5), (8, 4), (5, 5))) is None
    assert pool(practice_of((7, 3), (6, 5), (8, 4), (5, 5), (9, 1))) is not None


def test_an_instrument_without_a_published_mcid_reports_no_mcid_share() -> None:
    no_mcid = [i for i in measures.instruments() if i.mcid is None and i.kind == "numeric"]
    code = no_mcid[0].code
    low, high = (
        {it.id: it.min for it in no_mcid[0].items},
        {it.id: it.max for it in no_mcid[0].items},
    )
    outcomes = [measures.compare(code, measures.score(code, low), measures.score(code, high))] * 5
    pooled = pool(outcomes)
    assert pooled is not None
    assert pooled.mcid_reached_share is None
    assert len(pooled.distribution) == 1  # every change equal: one bin
