"""Catalogue API, declarations and input validation, for every instrument."""

from __future__ import annotations

import re

import pytest

import measures
from measures import (
    MeasureError,
    OutOfRange,
    TooManyMissing,
    UnknownInstrument,
    UnknownItem,
    WrongType,
    get,
    instruments,
    score,
)
from measures.model import Instrument
from tests.measures.helpers import full

CODES = [
    *("nprs", "psk", "psfs", "gpe"),
    *("odi", "ndi", "qbpds"),
    *("tsk", "pcs"),
    *("pgq", "iciq_ui_sf", "iiq7", "udi6", "pfdi20", "prafab", "bristol"),
    *("4dkl", "nijmegen", "phq15", "hads"),
    "who5",
]
ALL = instruments()


def ids(inst: Instrument) -> str:
    return inst.code


def test_catalogue_lists_exactly_the_agreed_codes() -> None:
    assert [i.code for i in ALL] == CODES
    assert len(ALL) == 21
    assert measures.CATALOGUE_VERSION == "2026.1"


def test_get_unknown_instrument_raises_typed_error() -> None:
    with pytest.raises(UnknownInstrument) as exc:
        get("sf36")
    assert exc.value.code == "instrument.unknown"
    assert exc.value.item is None
    assert "sf36" in exc.value.message
    with pytest.raises(UnknownInstrument):
        score("sf36", {})


def test_error_classes_share_the_base_and_have_stable_codes() -> None:
    codes = {
        UnknownItem: "item.unknown",
        WrongType: "item.wrong_type",
        OutOfRange: "item.out_of_range",
        TooManyMissing: "items.too_many_missing",
        UnknownInstrument: "instrument.unknown",
    }
    for cls, code in codes.items():
        assert issubclass(cls, MeasureError)
        assert cls.code == code


@pytest.mark.parametrize("inst", ALL, ids=ids)
def test_declaration_is_complete(inst: Instrument) -> None:
    assert re.search(r"(19|20)\d\d", inst.reference), "reference must carry a year"
    assert inst.missing_rule.text
    assert inst.kind in ("numeric", "categorical")
    assert inst.direction in ("higher_is_better", "higher_is_worse", None)
    assert inst.score_min < inst.score_max
    if inst.mcid is not None:
        assert inst.mcid > 0 and inst.mcid_reference
    for it in inst.items:
        assert it.min < it.max
        assert re.fullmatch(r"[a-z][a-z0-9_]*", it.id)


@pytest.mark.parametrize("inst", ALL, ids=ids)
def test_every_instrument_says_where_its_mcid_comes_from_or_why_there_is_none(
    inst: Instrument,
) -> None:
    # A declared MCID cites its source with a year; no MCID is explained in a Dutch sentence.
    if inst.mcid is not None:
        assert re.search(r"(19|20)\d\d", inst.mcid_reference), inst.mcid_reference
    else:
        assert re.match(r"(Geen|Niet van toepassing)\b", inst.mcid_reference), inst.code
        assert inst.mcid_reference.endswith(".")


def test_mcid_declarations_with_their_sources() -> None:
    declared = {i.code: i.mcid for i in ALL if i.mcid is not None}
    assert declared == {
        "nprs": 2.0,
        "psfs": 2.0,
        "odi": 10.0,
        "ndi": 5.0,
        "qbpds": 20.0,
        "pcs": 8.0,  # Monticone 2022 Eur J Phys Rehabil Med
        "pgq": 25.0,
        "iciq_ui_sf": 2.52,  # Nyström 2015 Neurourol Urodyn
        "hads": 1.68,  # Puhan 2008 Health Qual Life Outcomes
        "who5": 10.0,  # Topp 2015 Psychother Psychosom
    }


@pytest.mark.parametrize("inst", ALL, ids=ids)
def test_response_schema_is_a_closed_object_of_integers(inst: Instrument) -> None:
    schema = inst.response_schema()
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    props = schema["properties"]
    assert isinstance(props, dict)
    assert list(props) == [it.id for it in inst.items]
    for it in inst.items:
        prop = props[it.id]
        inner = prop["items"] if it.multi else prop
        assert inner == {**inner, "type": "integer", "minimum": it.min, "maximum": it.max}
    assert measures.response_schema(inst.code) == schema


def test_schema_requires_items_only_for_strict_instruments() -> None:
    assert get("qbpds").response_schema()["required"] == [f"q{i}" for i in range(1, 21)]
    assert get("odi").response_schema()["required"] == []  # one section may be blank
    phq = get("phq15").response_schema()["required"]
    assert isinstance(phq, list) and "q4" not in phq and len(phq) == 14
    iciq = get("iciq_ui_sf").response_schema()
    assert iciq["required"] == ["q1", "q2", "q3"]
    props = iciq["properties"]
    assert isinstance(props, dict)
    assert props["q2"]["enum"] == [0, 2, 4, 6]
    assert props["q4"]["type"] == "array"


@pytest.mark.parametrize("inst", ALL, ids=ids)
def test_complete_mid_response_scores(inst: Instrument) -> None:
    responses = {it.id: it.values()[len(it.values()) // 2] for it in inst.items if not it.multi}
    result = inst.score(responses)
    assert result.instrument == inst.code
    assert result.main == inst.main_score
    assert isinstance(result.main_value, int | float)
    assert result.catalogue_version == measures.CATALOGUE_VERSION
    assert all(isinstance(k, str) for k in result.values)
    assert score(inst.code, responses) == result  # pure: same input, same score


@pytest.mark.parametrize("inst", ALL, ids=ids)
def test_out_of_range_names_the_item(inst: Instrument) -> None:
    it = next(i for i in inst.items if i.scored)
    base = full(inst.code, it.min)
    for bad in (it.max + 1, it.min - 1):
        with pytest.raises(OutOfRange) as exc:
            inst.score({**base, it.id: bad})
        assert exc.value.code == "item.out_of_range"
        assert exc.value.item == it.id
        assert f"'{it.id}'" in exc.value.message


@pytest.mark.parametrize("inst", ALL, ids=ids)
def test_unknown_item_is_refused(inst: Instrument) -> None:
    with pytest.raises(UnknownItem) as exc:
        inst.score({**full(inst.code, inst.items[0].min), "q99": 1})
    assert exc.value.code == "item.unknown"
    assert exc.value.item == "q99"
    assert "q99" in exc.value.message


@pytest.mark.parametrize("inst", ALL, ids=ids)
@pytest.mark.parametrize("bad", [True, False, 1.0, "1", [1]], ids=repr)
def test_wrong_type_is_refused_and_booleans_are_not_integers(inst: Instrument, bad: object) -> None:
    it = inst.items[0]
    with pytest.raises(WrongType) as exc:
        inst.score({**full(inst.code, it.min), it.id: bad})
    assert exc.value.code == "item.wrong_type"
    assert exc.value.item == it.id
    assert it.id in exc.value.message


def test_responses_must_be_a_mapping() -> None:
    with pytest.raises(WrongType) as exc:
        score("odi", [("q1", 1)])  # type: ignore[arg-type]
    assert exc.value.item is None


def test_input_is_not_mutated() -> None:
    responses = full("odi", 3)
    snapshot = dict(responses)
    score("odi", responses)
    assert responses == snapshot
