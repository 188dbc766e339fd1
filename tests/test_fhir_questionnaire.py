"""Every instrument as a FHIR SDC Questionnaire, and a QuestionnaireResponse on it read as the
same measurement a native body records: same answers, same scores, or a 422 naming the field."""

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from fastapi.exceptions import RequestValidationError
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

import measures
from app.fhir import urls
from app.fhir.questionnaire import MAX_VALUE, MIN_VALUE, SDC_QUESTIONNAIRE, questionnaire
from app.fhir.questionnaire_response import is_fhir, measurement_of
from app.problems import field_errors
from measures import Instrument, Item

INSTRUMENTS = measures.instruments()
CODES = [i.code for i in INSTRUMENTS]


def lowest(item: Item) -> int:
    return item.values()[0]


def middle(item: Item) -> int:
    values = item.values()
    return values[len(values) // 2]


def responses_of(instrument: Instrument, pick: Callable[[Item], int]) -> dict[str, Any]:
    """A valid native `responses` body: every item answered, a tick-all item with two codes."""
    return {
        it.id: sorted({it.values()[0], pick(it)} | {it.values()[-1]}) if it.multi else pick(it)
        for it in instrument.items
    }


def make_qr(
    code: str, responses: dict[str, Any], *, moment: str = "baseline", **overrides: Any
) -> dict[str, Any]:
    """The QuestionnaireResponse an SDC form filler makes of `responses`."""
    items = [
        {
            "linkId": item_id,
            "answer": [
                {"valueInteger": v} for v in (value if isinstance(value, list) else [value])
            ],
        }
        for item_id, value in responses.items()
    ]
    qr: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "extension": [{"url": urls.EXT_MOMENT, "valueCode": moment}],
        "questionnaire": f"{urls.QUESTIONNAIRE}/{code}",
        "status": "completed",
        "authored": "2026-03-02T09:30:00+01:00",
        "item": items,
    }
    return qr | overrides


def errors_of(qr: Any) -> list[tuple[str, str]]:
    """(field, code) of each error the 422 would list."""
    with pytest.raises(RequestValidationError) as raised:
        measurement_of(qr)
    return [(e.field, e.code) for e in field_errors(raised.value)]


# --- the Questionnaire ------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_every_instrument_is_a_valid_questionnaire_that_round_trips(code: str) -> None:
    instrument = measures.get(code)
    q = questionnaire(instrument)
    parsed = Questionnaire.model_validate_json(json.dumps(q))
    assert parsed.model_dump(mode="json") == q
    assert q["url"] == f"{urls.QUESTIONNAIRE}/{code}"
    assert q["version"] == measures.CATALOGUE_VERSION
    assert q["meta"]["profile"] == [SDC_QUESTIONNAIRE]
    assert q["status"] == "active"
    assert instrument.reference in q["copyright"]
    # SDC base profile: a url and at least one item, each with linkId and type.
    assert [i["linkId"] for i in q["item"]] == [it.id for it in instrument.items]
    assert {i["type"] for i in q["item"]} == {"integer"}
    required = {i["linkId"] for i in q["item"] if i.get("required")}
    schema_required = instrument.response_schema()["required"]
    assert isinstance(schema_required, list)
    assert required == set(schema_required)


@pytest.mark.parametrize("code", CODES)
def test_each_item_declares_its_range_or_its_values(code: str) -> None:
    for it, q_item in zip(
        measures.get(code).items, questionnaire(measures.get(code))["item"], strict=True
    ):
        assert q_item["text"] == (it.label or it.id)  # never the (licensed) question text
        assert q_item.get("repeats", False) is it.multi
        if it.allowed is not None or it.multi:
            assert [o["valueInteger"] for o in q_item["answerOption"]] == list(it.values())
            assert "extension" not in q_item
        else:
            bounds = {e["url"]: e["valueInteger"] for e in q_item["extension"]}
            assert bounds == {MIN_VALUE: it.min, MAX_VALUE: it.max}
            assert "answerOption" not in q_item


def test_an_allowed_values_item_offers_only_those_values() -> None:
    q2 = questionnaire(measures.get("iciq_ui_sf"))["item"][1]
    assert q2["linkId"] == "q2"
    assert q2["answerOption"] == [{"valueInteger": v} for v in (0, 2, 4, 6)]
    assert q2["required"] is True


# --- a QuestionnaireResponse as a measurement -------------------------------------------------


@pytest.mark.parametrize("pick", [lowest, middle], ids=["lowest", "middle"])
@pytest.mark.parametrize("code", CODES)
def test_a_response_scores_exactly_as_the_native_body(
    code: str, pick: Callable[[Item], int]
) -> None:
    responses = responses_of(measures.get(code), pick)
    qr = make_qr(code, responses)
    QuestionnaireResponse.model_validate(qr)  # the test's own QR is valid FHIR

    body = measurement_of(json.dumps(qr).encode())

    assert body.instrument == code
    assert body.moment == "baseline"
    assert body.afgenomen_op == date(2026, 3, 2)
    assert body.responses == responses
    assert measures.score(code, body.responses) == measures.score(code, responses)


def test_version_coding_answers_and_unanswered_items_are_read() -> None:
    qr = make_qr(
        "iciq_ui_sf",
        {"q1": 3, "q2": 4, "q3": 7},
        moment="eind",
        questionnaire=f"{urls.QUESTIONNAIRE}/iciq_ui_sf|{measures.CATALOGUE_VERSION}",
        authored="2026-04-28",
        status="amended",
    )
    qr["item"][1]["answer"] = [{"valueCoding": {"code": "4"}}]
    qr["item"].append({"linkId": "q4"})  # shown, not answered: a missing item
    body = measurement_of(qr)
    assert (body.moment, body.afgenomen_op) == ("eind", date(2026, 4, 28))
    assert body.responses == {"q1": 3, "q2": 4, "q3": 7}
    assert measures.score("iciq_ui_sf", body.responses).main_value == 14


def test_the_date_is_the_day_as_written_not_in_utc() -> None:
    qr = make_qr("nprs", {"score": 6}, authored="2026-03-02T00:30:00+01:00")
    assert measurement_of(qr).afgenomen_op == date(2026, 3, 2)


def test_fhir_json_is_recognised_by_its_media_type() -> None:
    assert is_fhir("application/fhir+json")
    assert is_fhir("Application/FHIR+JSON; fhirVersion=4.0; charset=utf-8")
    assert not is_fhir("application/json")
    assert not is_fhir(None)


# --- malformed responses: 422 naming the field ------------------------------------------------

ODI = {f"q{i}": 2 for i in range(1, 11)}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"questionnaire": f"{urls.QUESTIONNAIRE}/onbekend"},
            [("questionnaire", "questionnaire.unknown")],
        ),
        (
            {"questionnaire": "http://loinc.org/q/odi"},
            [("questionnaire", "questionnaire.unknown")],
        ),
        ({"questionnaire": None}, [("questionnaire", "missing")]),
        ({"extension": []}, [("extension", "moment.missing")]),
        (
            {"extension": [{"url": urls.EXT_MOMENT, "valueCode": "nameting"}]},
            [("extension.0.valueCode", "moment.invalid")],
        ),
        ({"status": "in-progress"}, [("status", "status.not_completed")]),
        ({"authored": None}, [("authored", "missing")]),
        ({"authored": "2026-03"}, [("authored", "date.partial")]),
        ({"resourceType": "Observation"}, [("resourceType", "resource_type")]),
        ({"status": None}, [("status", "model_field_validation.missing")]),
        ({"authored": "gisteren"}, [("authored", "value_error")]),
        ({"onbekend": 1}, [("onbekend", "extra_forbidden")]),
        (
            {"status": "in-progress", "extension": []},
            [("status", "status.not_completed"), ("extension", "moment.missing")],
        ),
    ],
)
def test_a_wrong_envelope_names_the_field(
    change: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    qr = {k: v for k, v in (make_qr("odi", ODI) | change).items() if v is not None}
    assert errors_of(qr) == expected


def with_item(index: int, item: dict[str, Any]) -> dict[str, Any]:
    qr = make_qr("odi", ODI)
    qr["item"][index] = item
    return qr


@pytest.mark.parametrize(
    ("qr", "expected"),
    [
        (
            with_item(2, {"linkId": "q11", "answer": [{"valueInteger": 1}]}),
            [("item.2.linkId", "item.unknown")],
        ),
        (
            with_item(2, {"linkId": "q3", "answer": [{"valueInteger": 6}]}),
            [("item.2.answer", "item.out_of_range")],
        ),
        (
            with_item(2, {"linkId": "q3", "answer": [{"valueInteger": 1}, {"valueInteger": 2}]}),
            [("item.2.answer", "item.wrong_type")],
        ),
        (
            with_item(2, {"linkId": "q3", "answer": [{"valueInteger": "3"}]}),
            [("item.2.answer.0", "item.wrong_type")],
        ),
        (
            with_item(2, {"linkId": "q3", "answer": [{"valueString": "drie"}]}),
            [("item.2.answer.0", "item.wrong_type")],
        ),
        (
            with_item(2, {"linkId": "q3", "answer": [{"valueInteger": "drie"}]}),
            [("item.2.answer.0.valueInteger", "int_parsing")],
        ),
        (
            with_item(2, {"linkId": "q2", "answer": [{"valueInteger": 1}]}),
            [("item.2.linkId", "item.duplicate")],
        ),
        (
            with_item(2, {"linkId": "q3", "item": [{"linkId": "q3a"}]}),
            [("item.2.item", "item.nested")],
        ),
        (
            with_item(0, {"linkId": "q1"}) | {"item": [{"linkId": "q1"}, {"linkId": "q2"}]},
            [("item.0.answer", "items.too_many_missing")],  # shown, left blank
        ),
        (
            make_qr("odi", {"q3": 2}),
            [("item", "items.too_many_missing")],  # never shown: no place in the body
        ),
        (b"{niet json", [("(body)", "json_invalid")]),
        (b"[]", [("resourceType", "resource_type")]),
    ],
)
def test_a_wrong_item_names_the_item_in_the_response(
    qr: Any, expected: list[tuple[str, str]]
) -> None:
    assert errors_of(qr) == expected


def test_a_tick_all_item_takes_several_answers_and_refuses_a_code_twice() -> None:
    answers = {"q1": 3, "q2": 4, "q3": 7, "q4": [2, 5]}
    assert measurement_of(make_qr("iciq_ui_sf", answers)).responses == answers
    assert errors_of(make_qr("iciq_ui_sf", answers | {"q4": [2, 2]})) == [
        ("item.3.answer", "item.out_of_range")
    ]
