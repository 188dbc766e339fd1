"""The catalogue: every instrument by code, and the `score()` entry point."""

from __future__ import annotations

from collections.abc import Mapping

from measures import fear, pain, pelvic, psych, quality, spine
from measures.model import Instrument, Score, UnknownInstrument

_ALL: tuple[Instrument, ...] = (
    *pain.INSTRUMENTS,
    *spine.INSTRUMENTS,
    *fear.INSTRUMENTS,
    *pelvic.INSTRUMENTS,
    *psych.INSTRUMENTS,
    *quality.INSTRUMENTS,
)
_BY_CODE: dict[str, Instrument] = {i.code: i for i in _ALL}
if len(_BY_CODE) != len(_ALL):  # pragma: no cover - guards against a duplicated code
    raise RuntimeError("duplicate instrument code in the catalogue")


def instruments() -> list[Instrument]:
    """All instruments, in catalogue order."""
    return list(_ALL)


def get(code: str) -> Instrument:
    """The instrument with this code; raises UnknownInstrument."""
    try:
        return _BY_CODE[code]
    except (KeyError, TypeError):
        raise UnknownInstrument(f"Onbekend meetinstrument '{code}'.") from None


def score(code: str, responses: Mapping[str, object]) -> Score:
    """Score `responses` (item id -> integer answer; absent or None = missing)."""
    return get(code).score(responses)


def response_schema(code: str) -> dict[str, object]:
    """JSON Schema of the responses object for one instrument."""
    return get(code).response_schema()
