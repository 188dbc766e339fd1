"""Data types of the scoring catalogue: items, instruments, scores and typed errors.

An instrument is declared as data (items, ranges, missing-item rule, reference) plus one
small pure function that turns validated answers into named scores. Validation and the
missing-item rule are enforced here, once, for every instrument.

No questionnaire text is stored: items carry an id, a range and at most a short neutral label.

Scores keep full precision: none of the catalogued publications prescribes rounding (a mean of
3 activities is 11/3, not 3.7), so rounding for display is left to whoever shows the number.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import ClassVar, Literal

CATALOGUE_VERSION = "2026.1"

Direction = Literal["higher_is_better", "higher_is_worse"]
Kind = Literal["numeric", "categorical"]
Value = bool | int | float | str | None
Answers = Mapping[str, int]
# A scorer receives only validated, answered, scored items and returns (values, band).
Scorer = Callable[[Answers], tuple[dict[str, Value], str | None]]


# --- errors -------------------------------------------------------------------------------


class MeasureError(ValueError):
    """Base of all scoring errors. `code` is stable; `item` names the offending item."""

    code: ClassVar[str] = "measure.error"

    def __init__(self, message: str, *, item: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.item = item


class UnknownInstrument(MeasureError):
    code = "instrument.unknown"


class UnknownItem(MeasureError):
    code = "item.unknown"


class WrongType(MeasureError):
    code = "item.wrong_type"


class OutOfRange(MeasureError):
    code = "item.out_of_range"


class TooManyMissing(MeasureError):
    code = "items.too_many_missing"


# --- declarations -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Item:
    """One questionnaire item: integer answer in [min, max] (or one of `allowed`)."""

    id: str
    min: int
    max: int
    label: str = ""
    allowed: tuple[int, ...] | None = None  # only these values (ICIQ-UI SF amount: 0/2/4/6)
    reverse: bool = False  # scored as (min + max - answer), e.g. TSK items 4, 8, 12, 16
    optional: bool = False  # may be blank without counting against the missing-item rule
    scored: bool = True  # False: collected and echoed, never part of a score
    multi: bool = False  # answer is a list of distinct codes (tick-all-that-apply)

    def values(self) -> tuple[int, ...]:
        """All valid answers, ascending."""
        return self.allowed if self.allowed is not None else tuple(range(self.min, self.max + 1))


@dataclass(frozen=True, slots=True)
class MissingRule:
    """Missing-item rule: `text` is what a clinician reads, the numbers are what is enforced.

    Only scored, non-optional items count as missing for `max_missing`.
    """

    text: str
    max_missing: int | None = 0  # None: no overall cap
    min_answered: int = 0  # over all scored items
    min_answered_per_subscale: Mapping[str, int] = field(default_factory=dict)


STRICT = MissingRule("Alle items zijn verplicht; geen gepubliceerde regel voor ontbrekende items.")


@dataclass(frozen=True, slots=True)
class Score:
    instrument: str
    values: dict[str, Value]
    main: str  # key in `values` of the main score
    band: str | None  # interpretation band of the main score, where published
    missing: list[str]  # item ids left blank
    catalogue_version: str = CATALOGUE_VERSION

    @property
    def main_value(self) -> Value:
        return self.values[self.main]


@dataclass(frozen=True, slots=True)
class Instrument:
    code: str
    name: str
    items: tuple[Item, ...]
    main_score: str
    score_min: float  # range of the main score
    score_max: float
    direction: Direction | None  # None: categorical with no better/worse (Bristol)
    kind: Kind
    missing_rule: MissingRule
    reference: str
    scorer: Scorer
    subscales: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    mcid: float | None = None
    mcid_reference: str = ""
    # Precomputed lookup tables for the hot path (filled in __post_init__).
    _by_id: dict[str, Item] = field(init=False, repr=False, compare=False)
    _checks: tuple[tuple[str, int, int, frozenset[int] | None, bool], ...] = field(
        init=False, repr=False, compare=False
    )
    _extra: tuple[Item, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id = {it.id: it for it in self.items}
        if len(by_id) != len(self.items):
            raise ValueError(f"{self.code}: duplicate item ids")
        for name, ids in self.subscales.items():
            unknown = set(ids) - by_id.keys()
            if unknown:
                raise ValueError(f"{self.code}: subscale {name} names unknown items {unknown}")
        checks = tuple(
            (
                it.id,
                it.min,
                it.max,
                frozenset(it.allowed) if it.allowed is not None else None,
                it.optional,
            )
            for it in self.items
            if it.scored and not it.multi
        )
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_checks", checks)
        object.__setattr__(
            self, "_extra", tuple(it for it in self.items if not it.scored or it.multi)
        )

    def item(self, item_id: str) -> Item:
        try:
            return self._by_id[item_id]
        except KeyError:
            raise UnknownItem(
                f"{self.code}: onbekend item '{item_id}'.", item=str(item_id)
            ) from None

    def response_schema(self) -> dict[str, object]:
        """JSON Schema (draft 2020-12) of a responses object. A missing item is omitted."""
        props: dict[str, object] = {}
        for it in self.items:
            prop: dict[str, object]
            if it.multi:
                prop = {
                    "type": "array",
                    "items": {"type": "integer", "minimum": it.min, "maximum": it.max},
                    "uniqueItems": True,
                }
            else:
                prop = {"type": "integer", "minimum": it.min, "maximum": it.max}
                if it.allowed is not None:
                    prop["enum"] = list(it.allowed)
            if it.label:
                prop["description"] = it.label
            props[it.id] = prop
        required = [
            it.id
            for it in self.items
            if it.scored and not it.optional and not it.multi and self.missing_rule.max_missing == 0
        ]
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"{self.name} ({self.code})",
            "type": "object",
            "properties": props,
            "required": required,
            "additionalProperties": False,
        }

    def score(self, responses: Mapping[str, object]) -> Score:
        """Validate `responses` (item id -> answer; absent or None = missing) and score them."""
        if not isinstance(responses, Mapping):
            raise WrongType(f"{self.code}: antwoorden moeten een object (mapping) zijn.")
        by_id = self._by_id
        for key in responses:
            if key not in by_id:
                raise UnknownItem(f"{self.code}: onbekend item '{key}'.", item=str(key))
        answers: dict[str, int] = {}
        missing: list[str] = []
        n_required_missing = 0
        for item_id, lo, hi, allowed, optional in self._checks:
            v = responses.get(item_id)
            if v is None:
                missing.append(item_id)
                if not optional:
                    n_required_missing += 1
                continue
            if type(v) is not int:  # fast path; bool is a subclass of int and is refused
                if isinstance(v, bool) or not isinstance(v, int):
                    raise WrongType(
                        f"{self.code}: item '{item_id}' moet een geheel getal zijn, "
                        f"niet {type(v).__name__}.",
                        item=item_id,
                    )
                v = int(v)
            if v < lo or v > hi or (allowed is not None and v not in allowed):
                valid = sorted(allowed) if allowed is not None else f"{lo}–{hi}"
                raise OutOfRange(
                    f"{self.code}: item '{item_id}' heeft waarde {v}, toegestaan is {valid}.",
                    item=item_id,
                )
            answers[item_id] = v
        extra = self._validate_extra(responses, missing) if self._extra else {}
        if missing:
            self._check_missing(answers, missing, n_required_missing)
        values, band = self.scorer(answers)
        if extra:
            values.update(extra)
        return Score(self.code, values, self.main_score, band, missing)

    def _validate_extra(
        self, responses: Mapping[str, object], missing: list[str]
    ) -> dict[str, Value]:
        """Unscored or multi-answer items: validated and echoed as text, never scored."""
        out: dict[str, Value] = {}
        for it in self._extra:
            v = responses.get(it.id)
            if v is None:
                missing.append(it.id)
                out[it.id] = None
                continue
            if it.multi and not isinstance(v, list | tuple):
                raise WrongType(f"{self.code}: item '{it.id}' moet een lijst zijn.", item=it.id)
            raw: list[object] = list(v) if isinstance(v, list | tuple) else [v]
            codes: list[int] = []
            for c in raw:
                if isinstance(c, bool) or not isinstance(c, int):
                    raise WrongType(
                        f"{self.code}: item '{it.id}' bevat {c!r}; alleen gehele getallen.",
                        item=it.id,
                    )
                if not it.min <= c <= it.max:
                    raise OutOfRange(
                        f"{self.code}: item '{it.id}' bevat {c}, toegestaan is {it.min}–{it.max}.",
                        item=it.id,
                    )
                codes.append(c)
            if len(set(codes)) != len(codes):
                raise OutOfRange(f"{self.code}: item '{it.id}' bevat dubbele codes.", item=it.id)
            out[it.id] = ",".join(str(c) for c in sorted(codes))
        return out

    def _check_missing(self, answers: Answers, missing: list[str], n_required: int) -> None:
        rule = self.missing_rule
        if rule.max_missing is not None and n_required > rule.max_missing:
            raise TooManyMissing(
                f"{self.code}: {n_required} item(s) ontbreken ({', '.join(missing)}); "
                f"regel: {rule.text}",
                item=missing[0],
            )
        if len(answers) < rule.min_answered:
            raise TooManyMissing(
                f"{self.code}: minstens {rule.min_answered} item(s) nodig; regel: {rule.text}",
                item=missing[0],
            )
        for name, need in rule.min_answered_per_subscale.items():
            ids = self.subscales[name]
            got = sum(1 for i in ids if i in answers)
            if got < need:
                first = next(i for i in ids if i not in answers)
                raise TooManyMissing(
                    f"{self.code}: subschaal '{name}' heeft {got} van {len(ids)} items, "
                    f"minstens {need} nodig; regel: {rule.text}",
                    item=first,
                )


# --- helpers for instrument modules -------------------------------------------------------


def numbered(prefix: str, n: int, lo: int, hi: int) -> tuple[Item, ...]:
    """Items prefix1..prefixN with the same range."""
    return tuple(Item(f"{prefix}{i}", lo, hi) for i in range(1, n + 1))


def band_of(value: float, bands: tuple[tuple[float, str], ...]) -> str:
    """Band of `value`: bands are (lower bound inclusive, name), ascending from the minimum.

    Published bands are integer ranges (e.g. ODI 0-20, 21-40); a prorated value between two
    ranges (20.5) stays in the lower band, i.e. a band starts at its published lower bound.
    """
    name = bands[0][1]
    for lower, candidate in bands:
        if value >= lower:
            name = candidate
        else:
            break
    return name
