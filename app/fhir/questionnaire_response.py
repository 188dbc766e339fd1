"""A FHIR R4 QuestionnaireResponse on one of our Questionnaires (`app.fhir.questionnaire`), read
as the body of a measurement: what `POST /v1/episodes/{id}/measurements` stores when it is sent
as `application/fhir+json`.

What is read, and what it must be:
- `questionnaire`: `{urls.QUESTIONNAIRE}/{code}`, with or without `|version`. Any version is
  read by the current catalogue: an item id keeps its meaning, and every answer is checked anyway;
- `status`: `completed` or `amended` (an `in-progress` form is not a measurement);
- `authored`: the day the instrument was taken (`afgenomen_op`), the date as written (a client's
  09:00+01:00 is that day, whatever the day is in UTC); at least a full date;
- the moment, in the extension `urls.EXT_MOMENT` with `valueCode` baseline|tussentijds|eind: FHIR
  has no element for it, and it decides what the evaluatie compares;
- `item`: flat, one per catalogue item, `linkId` the item id, `answer.valueInteger` (or a
  `valueCoding` whose code is the integer); several answers only on a tick-all-that-apply item.
  An item without answer is a missing item, as an absent one is in a native body.
The episode is the one in the URL: `subject`, `encounter`, `author` and `source` are not read.

Errors are the 422 of any body that does not validate (`app.http.invalid_body`), each naming
the field in the QuestionnaireResponse (`item.2.answer`); a catalogue error keeps its code
(`item.unknown`, `item.out_of_range`).
"""

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from pydantic import TypeAdapter, ValidationError

import measures
from app import limits
from app.fhir import urls
from app.fhir.questionnaire import MEDIA_TYPE
from app.http import invalid_body
from app.measurements.schemas import MeasurementIn
from measures import Instrument, MeasureError, WrongType
from workflows.metingen import MOMENTS, Moment

STATUSES = ("completed", "amended")
_JSON: TypeAdapter[Any] = TypeAdapter(Any)
_INTEGER = re.compile(r"-?[0-9]{1,9}")

Loc = tuple[str | int, ...]
Fail = Callable[[Loc, str, str], None]


def is_fhir(media_type: str | None) -> bool:
    """Whether a Content-Type is `application/fhir+json` (parameters such as fhirVersion aside)."""
    return bool(media_type) and str(media_type).split(";", 1)[0].strip().lower() == MEDIA_TYPE


def measurement_of(qr: bytes | Mapping[str, Any]) -> MeasurementIn:
    """The measurement a QuestionnaireResponse (its JSON, or that parsed) records; raises the
    `RequestValidationError` of `invalid_body` naming each wrong field."""
    data, resource = _validated(qr)
    errors: list[dict[str, Any]] = []

    def fail(loc: Loc, code: str, message: str) -> None:
        errors.append({"loc": loc, "type": code, "msg": message})

    instrument = _instrument(resource.questionnaire, fail)
    if resource.status not in STATUSES:
        fail(("status",), "status.not_completed", f"moet {' of '.join(STATUSES)} zijn")
    day = _day(resource.authored, fail)
    moment = _moment(data.get("extension") or [], fail)
    responses: dict[str, Any] = {}
    where: dict[str, Loc] = {}
    if instrument is not None:
        responses, where = _answers(instrument, data.get("item") or [], fail)
    if errors or instrument is None or day is None or moment is None:
        raise invalid_body(errors[: limits.MAX_ERRORS])
    try:
        # Scored here only to name the answer a catalogue error is about, in this body's terms;
        # the use case scores it again, as it does a native body.
        instrument.score(responses)
    except MeasureError as exc:
        loc = where.get(exc.item or "", ("item",))
        raise invalid_body([{"loc": loc, "type": exc.code, "msg": exc.message}]) from None
    return MeasurementIn(
        instrument=instrument.code, moment=moment, responses=responses, afgenomen_op=day
    )


def _validated(qr: bytes | Mapping[str, Any]) -> tuple[Mapping[str, Any], QuestionnaireResponse]:
    """The JSON and the resource, valid FHIR; 422 naming the field otherwise."""
    try:
        data = _JSON.validate_json(qr) if isinstance(qr, bytes) else qr
        if not isinstance(data, Mapping) or data.get("resourceType") != "QuestionnaireResponse":
            raise invalid_body(
                [{"loc": ("resourceType",), "type": "resource_type", "msg": _NOT_A_QR}]
            )
        return data, QuestionnaireResponse.model_validate(data)
    except ValidationError as exc:
        raise invalid_body(exc.errors(include_url=False)[: limits.MAX_ERRORS]) from None


_NOT_A_QR = "stuur een QuestionnaireResponse (resourceType) als application/fhir+json"


def _instrument(canonical: str | None, fail: Fail) -> Instrument | None:
    if not canonical:
        fail(("questionnaire",), "missing", f"de canonical {urls.QUESTIONNAIRE}/<code>")
        return None
    base = canonical.partition("|")[0]
    code = base.removeprefix(f"{urls.QUESTIONNAIRE}/")
    if code != base:
        try:
            return measures.get(code)
        except measures.UnknownInstrument:
            pass
    fail(
        ("questionnaire",),
        "questionnaire.unknown",
        f"geen Questionnaire van de catalogus; zie GET /v1/instruments/<code>/questionnaire "
        f"({canonical[:100]!r})",
    )
    return None


def _day(authored: object, fail: Fail) -> date | None:
    if isinstance(authored, datetime):
        return authored.date()  # the date as written, in the zone it was written in
    if isinstance(authored, date):
        return authored
    if authored is None:
        fail(("authored",), "missing", "de datum van afname is verplicht")
    else:  # a year or a year and month only
        fail(("authored",), "date.partial", "een volledige datum (2026-03-02) of datum-tijd")
    return None


def _moment(extensions: list[Any], fail: Fail) -> Moment | None:
    found = [(k, e) for k, e in enumerate(extensions) if e.get("url") == urls.EXT_MOMENT]
    if not found:
        fail(("extension",), "moment.missing", f"extensie {urls.EXT_MOMENT} met valueCode {_M}")
        return None
    if len(found) > 1:
        fail(("extension", found[1][0]), "moment.duplicate", "één meetmoment per meting")
        return None
    k, extension = found[0]
    moment = next((m for m in MOMENTS if m == extension.get("valueCode")), None)
    if moment is None:
        fail(("extension", k, "valueCode"), "moment.invalid", _M)
    return moment


_M = " | ".join(MOMENTS)


def _answers(
    instrument: Instrument, items: list[Any], fail: Fail
) -> tuple[dict[str, Any], dict[str, Loc]]:
    """Item id -> answer as in a native body, and where in the body each item's answers are.

    Read from the JSON as sent, not from the model: fhir.resources turns `"6"` and `true` into
    the integers 6 and 1, and the catalogue refuses both, as it does in a native body."""
    responses: dict[str, Any] = {}
    where: dict[str, Loc] = {}
    for i, item in enumerate(items):
        link_id = item["linkId"]
        try:
            declared = instrument.item(link_id)
        except MeasureError as exc:  # UnknownItem: the catalogue's own error, in this body
            fail(("item", i, "linkId"), exc.code, exc.message)
            continue
        if link_id in where:
            fail(("item", i, "linkId"), "item.duplicate", f"item '{link_id}' staat er al")
            continue
        if item.get("item"):
            fail(("item", i, "item"), "item.nested", "deze Questionnaire heeft geen subitems")
            continue
        where[link_id] = ("item", i, "answer")
        answers = item.get("answer") or []
        if len(answers) > 1 and not declared.multi:
            fail(("item", i, "answer"), WrongType.code, f"item '{link_id}' heeft één antwoord")
            continue
        values = [_integer(a, ("item", i, "answer", j), fail) for j, a in enumerate(answers)]
        if not values:
            continue  # no answer: a missing item
        responses[link_id] = values if declared.multi else values[0]
    return responses, where


def _integer(answer: Mapping[str, Any], loc: Loc, fail: Fail) -> int | None:
    if answer.get("item"):
        fail((*loc, "item"), "item.nested", "deze Questionnaire heeft geen subitems")
        return None
    value = answer.get("valueInteger")
    if type(value) is int:
        return value
    code = (answer.get("valueCoding") or {}).get("code")
    if value is None and isinstance(code, str) and _INTEGER.fullmatch(code):
        return int(code)
    fail(
        loc, WrongType.code, "een geheel getal: valueInteger, of valueCoding met het getal als code"
    )
    return None


def openapi_content() -> dict[str, Any]:
    """The OpenAPI content entry of this body (`request_body(also=...)`): what is read, and an
    example that a route accepts."""
    example = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{urls.QUESTIONNAIRE}/nprs|{measures.CATALOGUE_VERSION}",
        "status": "completed",
        "authored": "2026-03-02T09:30:00+01:00",
        "extension": [{"url": urls.EXT_MOMENT, "valueCode": "baseline"}],
        "item": [{"linkId": "score", "answer": [{"valueInteger": 6}]}],
    }
    answer = {"type": "object", "description": "valueInteger, or valueCoding with the integer."}
    item = {
        "type": "object",
        "required": ["linkId"],
        "properties": {
            "linkId": {"type": "string", "description": "The item id."},
            "answer": {"type": "array", "items": answer},
        },
    }
    schema = {
        "type": "object",
        "description": (
            "A FHIR R4 QuestionnaireResponse on GET /v1/instruments/{code}/questionnaire; the "
            f"moment in the extension {urls.EXT_MOMENT} (valueCode {_M})."
        ),
        "required": ["resourceType", "questionnaire", "status", "authored", "extension"],
        "properties": {
            "resourceType": {"const": "QuestionnaireResponse"},
            "questionnaire": {"type": "string", "description": f"{urls.QUESTIONNAIRE}/<code>"},
            "status": {"enum": list(STATUSES)},
            "authored": {"type": "string", "description": "The date (or date-time) taken."},
            "extension": {"type": "array", "items": {"type": "object"}},
            "item": {"type": "array", "items": item},
        },
    }
    return {MEDIA_TYPE: {"schema": schema, "examples": {"nprs": {"value": example}}}}
