"""Outcome data: per closed episode the change from baseline to end, pooled per instrument.

The bekken vision document asks for uniform measures so that results can be pooled and compared
(001, "uitkomstdata"); delivering outcome data is part of every profile (003 §3.5). An episode's
outcome on an instrument is its first baseline measurement against its last end measurement
(moment `eind`, the evaluation): an interim measurement is not an outcome. The change and
whether it reaches the MCID come from `measures.change.compare`, so the pooled figures use the
same exact scoring as every single episode.

A group of fewer than `SUPPRESS_BELOW` episodes is not reported: so few outcomes say little,
and they can point at one client.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from measures.change import Change, compare
from measures.model import Score

SUPPRESS_BELOW = 5
BINS = 10
"""The distribution of change is shown in this many equal-width bins."""


@dataclass(frozen=True, slots=True)
class Taken:
    """One stored measurement of an instrument, as the outcome needs it."""

    moment: str
    afgenomen_op: date
    order: int
    """Its position among the episode's measurements (the stored id): breaks a tie of dates."""
    score: Score


def baseline_and_end(taken: Sequence[Taken]) -> tuple[Score | None, Score | None]:
    """The first baseline and the last end measurement (moment `eind`), where there are."""
    ordered = sorted(taken, key=lambda t: (t.afgenomen_op, t.order))
    baselines = [t.score for t in ordered if t.moment == "baseline"]
    ends = [t.score for t in ordered if t.moment == "eind"]
    return (baselines[0] if baselines else None, ends[-1] if ends else None)


def episode_outcome(code: str, taken: Sequence[Taken]) -> Change | None:
    """The episode's outcome on `code`: first baseline against last end measurement, or None
    when it lacks either."""
    baseline, end = baseline_and_end(taken)
    if baseline is None or end is None:
        return None
    return compare(code, baseline, end)


@dataclass(frozen=True, slots=True)
class Bin:
    low: float
    high: float
    """Inclusive for the last bin only."""
    episodes: int


@dataclass(frozen=True, slots=True)
class Pooled:
    """The outcomes of one group (an instrument, over one or all profiles)."""

    episodes: int
    mean_change: float
    median_change: float
    improved_share: float
    """Share of episodes whose score moved in the better direction."""
    mcid_reached_share: float | None
    """Share whose improvement is at least the MCID; None where no MCID is published."""
    distribution: tuple[Bin, ...]


def pool(outcomes: Sequence[Change]) -> Pooled | None:
    """Pool the outcomes with a numeric change; None when fewer than `SUPPRESS_BELOW`."""
    counted = [o for o in outcomes if o.change is not None]
    if len(counted) < SUPPRESS_BELOW:
        return None
    changes = [o.change for o in counted if o.change is not None]
    n = len(changes)
    reached = [o.mcid_reached for o in counted]
    return Pooled(
        episodes=n,
        mean_change=statistics.fmean(changes),
        median_change=statistics.median(changes),
        improved_share=sum(1 for o in counted if o.improved) / n,
        mcid_reached_share=None if counted[0].mcid is None else sum(map(bool, reached)) / n,
        distribution=_bins(changes),
    )


def _bins(changes: Sequence[float]) -> tuple[Bin, ...]:
    low, high = min(changes), max(changes)
    if low == high:
        return (Bin(low, high, len(changes)),)
    width = (high - low) / BINS
    counts = [0] * BINS
    for c in changes:
        counts[min(math.floor((c - low) / width), BINS - 1)] += 1
    return tuple(
        Bin(low + i * width, high if i == BINS - 1 else low + (i + 1) * width, k)
        for i, k in enumerate(counts)
    )
