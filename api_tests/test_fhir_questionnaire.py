"""An EPD with an SDC form filler: it fetches an instrument as a FHIR Questionnaire, lets the
client fill it in, and posts the QuestionnaireResponse as the measurement. The engine stores and
scores it exactly as it does the same answers sent as its own JSON."""

import json
from typing import Any

import httpx

from api_tests.support import Api, error_fields

FHIR = "application/fhir+json"
PROBLEM = "application/problem+json"
MOMENT_EXTENSION = "https://methodisch.example/fhir/StructureDefinition/meetmoment"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"


def served_questionnaire(api: Api, code: str) -> dict[str, Any]:
    r = api.http.get(f"/v1/instruments/{code}/questionnaire")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == FHIR
    return dict(r.json())


def fill_in(questionnaire: dict[str, Any]) -> dict[str, Any]:
    """What a client answers: a middle value of each item's range or options, and for a
    tick-all-that-apply item its first and last option. As an EPD reads the form: from the
    Questionnaire alone."""
    answers: dict[str, Any] = {}
    for item in questionnaire["item"]:
        options = [o["valueInteger"] for o in item.get("answerOption", [])]
        if item.get("repeats"):
            answers[item["linkId"]] = [options[0], options[-1]]
        elif options:
            answers[item["linkId"]] = options[len(options) // 2]
        else:
            bounds = {e["url"]: e["valueInteger"] for e in item["extension"]}
            answers[item["linkId"]] = (bounds[MIN_VALUE] + bounds[MAX_VALUE]) // 2
    return answers


def response_to(
    questionnaire: dict[str, Any], answers: dict[str, Any], **overrides: Any
) -> dict[str, Any]:
    qr = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{questionnaire['url']}|{questionnaire['version']}",
        "status": "completed",
        "authored": "2026-03-02T09:30:00+01:00",
        "extension": [{"url": MOMENT_EXTENSION, "valueCode": "baseline"}],
        "item": [
            {
                "linkId": link_id,
                "answer": [{"valueInteger": v} for v in (a if isinstance(a, list) else [a])],
            }
            for link_id, a in answers.items()
        ],
    }
    return qr | overrides


def post_fhir(
    api: Api, ep: int, qr: dict[str, Any], headers: dict[str, str] | None = None
) -> httpx.Response:
    r = api.http.post(
        f"/v1/episodes/{ep}/measurements",
        content=json.dumps(qr),
        headers={"Content-Type": FHIR, "If-Match": api.etags[ep]} | (headers or {}),
    )
    if r.is_success:
        api.etags[ep] = r.headers["etag"]
    return r


def test_every_instrument_is_served_as_an_sdc_questionnaire(api: Api) -> None:
    codes = [i["code"] for i in api.http.get("/v1/instruments").json()]
    assert len(codes) >= 21
    for code in codes:
        q = served_questionnaire(api, code)
        described = api.http.get(f"/v1/instruments/{code}").json()
        assert q["resourceType"] == "Questionnaire"
        assert q["url"].endswith(f"/Questionnaire/{code}")
        assert q["status"] == "active"
        assert [i["linkId"] for i in q["item"]] == [i["id"] for i in described["items"]]
        required = {i["linkId"] for i in q["item"] if i.get("required")}
        assert required == set(described["response_schema"]["required"])

    as_json = api.http.get(
        "/v1/instruments/odi/questionnaire", headers={"Accept": "application/json"}
    )
    assert as_json.status_code == 200
    assert as_json.headers["content-type"] == "application/json"
    assert as_json.json() == served_questionnaire(api, "odi")


def test_an_unknown_instrument_or_unacceptable_type_is_a_problem(api: Api) -> None:
    unknown = api.http.get("/v1/instruments/sf36/questionnaire")
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == PROBLEM
    assert unknown.json()["type"] == "/problems/not-found"
    pdf = api.http.get("/v1/instruments/odi/questionnaire", headers={"Accept": "application/pdf"})
    assert pdf.status_code == 406
    assert pdf.json()["type"] == "/problems/not-acceptable"


def test_the_questionnaire_is_not_public(api: Api) -> None:
    r = api.http.get("/v1/instruments/odi/questionnaire", headers={"Authorization": ""})
    assert r.status_code == 401
    assert r.json()["type"] == "/problems/unauthorized"


def test_a_questionnaire_response_scores_as_the_same_answers_sent_natively(api: Api) -> None:
    via_fhir = api.create_episode(route="verwijzing")
    native = api.create_episode(route="verwijzing")
    for code in ("odi", "iciq_ui_sf", "nprs", "pgq", "4dkl"):
        q = served_questionnaire(api, code)
        answers = fill_in(q)
        stored = post_fhir(api, via_fhir, response_to(q, answers))
        assert stored.status_code == 201, stored.text
        assert stored.json()["moment"] == "baseline"
        assert stored.json()["afgenomen_op"] == "2026-03-02"
        assert stored.json()["responses"] == answers

        same = api.measure(native, code, "baseline", answers, afgenomen_op="2026-03-02")
        assert same.status_code == 201, same.text
        assert stored.json()["score"] == same.json()["score"]
        scored = api.http.post(f"/v1/instruments/{code}/score", json={"responses": answers})
        assert stored.json()["score"] == scored.json()

    listed = api.http.get(f"/v1/episodes/{via_fhir}/measurements").json()["items"]
    assert [m["instrument"] for m in listed] == ["odi", "iciq_ui_sf", "nprs", "pgq", "4dkl"]


def test_the_same_write_rules_hold_for_a_questionnaire_response(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    q = served_questionnaire(api, "nprs")
    qr = response_to(q, {"score": 6})
    no_if_match = api.http.post(
        f"/v1/episodes/{ep}/measurements", content=json.dumps(qr), headers={"Content-Type": FHIR}
    )
    assert no_if_match.status_code == 428
    first = post_fhir(api, ep, qr, {"Idempotency-Key": "qr-1"})
    retry = post_fhir(api, ep, qr, {"Idempotency-Key": "qr-1", "If-Match": '"1"'})
    assert first.status_code == retry.status_code == 201
    assert first.json()["id"] == retry.json()["id"]
    eind = post_fhir(api, ep, qr | {"extension": [{"url": MOMENT_EXTENSION, "valueCode": "eind"}]})
    assert eind.status_code == 409  # no final measurement while at anamnese
    assert len(api.http.get(f"/v1/episodes/{ep}/measurements").json()["items"]) == 1


def test_a_malformed_questionnaire_response_is_422_naming_the_field(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    version = api.get(ep)["version"]
    q = served_questionnaire(api, "odi")
    answers = fill_in(q)
    valid = response_to(q, answers)
    unknown_item = response_to(q, answers | {"q11": 1})
    out_of_range = response_to(q, answers | {"q3": 6})
    cases: list[tuple[dict[str, Any], str, str]] = [
        (valid | {"status": "in-progress"}, "status", "status.not_completed"),
        (valid | {"extension": []}, "extension", "moment.missing"),
        (
            valid | {"questionnaire": "http://elders.example/Q/odi"},
            "questionnaire",
            "questionnaire.unknown",
        ),
        (unknown_item, "item.10.linkId", "item.unknown"),
        (out_of_range, "item.2.answer", "item.out_of_range"),
        (valid | {"authored": "maandag"}, "authored", "value_error"),
    ]
    for qr, field, code in cases:
        r = post_fhir(api, ep, qr)
        assert r.status_code == 422, r.text
        assert r.headers["content-type"] == PROBLEM
        assert r.json()["type"] == "/problems/invalid-input"
        assert error_fields(r) == [field]
        assert r.json()["errors"][0]["code"] == code
    # Sent as plain JSON, the same resource is not a MeasurementIn.
    as_json = api.http.post(
        f"/v1/episodes/{ep}/measurements", json=valid, headers={"If-Match": api.etags[ep]}
    )
    assert as_json.status_code == 422
    assert "resourceType" in error_fields(as_json)
    assert api.get(ep)["version"] == version
    assert api.http.get(f"/v1/episodes/{ep}/measurements").json()["items"] == []
