"""Change between two scores of one instrument, and whether it is clinically relevant.

The change is follow-up minus baseline on the main score. It counts as an improvement when it
moves in the instrument's "better" direction, and as clinically relevant when that improvement
is at least the published minimal clinically important difference (MCID), as declared per
instrument with its source. Categorical instruments (Bristol) have no change.
"""

from __future__ import annotations

from dataclasses import dataclass

from measures.catalogue import get
from measures.model import Score


@dataclass(frozen=True, slots=True)
class Change:
    instrument: str
    baseline: float | None
    followup: float | None
    change: float | None
    """follow-up minus baseline on the main score (None when either is missing or categorical)."""
    improved: bool | None
    """True when the change goes in the instrument's better direction, False when worse."""
    mcid: float | None
    mcid_reached: bool | None
    """Improvement of at least the MCID; None when no MCID is published or no follow-up."""


def _numeric(score: Score | None) -> float | None:
    if score is None:
        return None
    value = score.values.get(score.main)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def compare(code: str, baseline: Score | None, followup: Score | None) -> Change:
    instrument = get(code)
    before, after = _numeric(baseline), _numeric(followup)
    if instrument.kind != "numeric" or instrument.direction is None:
        before = after = None
    if before is None or after is None:
        return Change(code, before, after, None, None, instrument.mcid, None)
    # Scores keep full precision (a mean of 3 activities is 11/3), so the plain difference can
    # carry binary floating-point noise (14/3 - 11/3 = 1.0000000000000004). Rounding to 9
    # decimals strips only that noise: no score or MCID has a meaningful digit there, and the
    # change then compares exactly with the MCID. (Rounding to 2 decimals, as before, could
    # turn 1.996 into 2.0 and count it as reaching an MCID of 2.)
    delta = round(after - before, 9)
    gain = delta if instrument.direction == "higher_is_better" else -delta
    improved = None if delta == 0 else gain > 0
    reached = None if instrument.mcid is None else gain >= instrument.mcid
    return Change(code, before, after, delta, improved, instrument.mcid, reached)
