"""Scoring catalogue of clinical measurement instruments (pure Python, no app imports).

from measures import score
s = score("odi", {"q1": 2, "q2": 1, ...})
s.values[s.main], s.band
"""

from measures.catalogue import get, instruments, response_schema, score
from measures.change import Change, compare
from measures.model import (
    CATALOGUE_VERSION,
    Direction,
    Instrument,
    Item,
    Kind,
    MeasureError,
    MissingRule,
    OutOfRange,
    Score,
    TooManyMissing,
    UnknownInstrument,
    UnknownItem,
    Value,
    WrongType,
)

__all__ = [
    "CATALOGUE_VERSION",
    "Change",
    "Direction",
    "Instrument",
    "Item",
    "Kind",
    "MeasureError",
    "MissingRule",
    "OutOfRange",
    "Score",
    "TooManyMissing",
    "UnknownInstrument",
    "UnknownItem",
    "Value",
    "WrongType",
    "compare",
    "get",
    "instruments",
    "response_schema",
    "score",
]
