"""Measuring at intake and again at evaluation, with the same instruments (003 Stap 2 and 7)."""

from typing import Any

from api_tests.support import Api, error_fields, example, problem_codes

ODI_BASELINE = {f"q{i}": 3 for i in range(1, 11)}  # 30/50 -> 60 %, "severe" (Fairbank 2000)
ODI_FOLLOWUP = {f"q{i}": 1 for i in range(1, 11)}  # 10/50 -> 20 %, "minimal"


def test_baseline_and_follow_up_show_the_change_and_whether_it_is_clinically_relevant(
    api: Api,
) -> None:
    ep = api.create_episode(route="verwijzing")
    r = api.measure(ep, "odi", "baseline", ODI_BASELINE)
    assert r.status_code == 201, r.text
    assert r.json()["score"]["values"] == {"total": 30, "score_pct": 60.0}
    assert r.json()["score"]["band"] == "severe"
    assert api.measure(ep, "nprs", "baseline", {"score": 7}).status_code == 201

    api.advance_to(ep, "evaluatie")
    assert api.measure(ep, "odi", "eind", ODI_FOLLOWUP, "2026-04-28").status_code == 201
    assert api.measure(ep, "nprs", "eind", {"score": 6}, "2026-04-28").status_code == 201

    summary = api.http.get(f"/v1/episodes/{ep}/measurements/summary").json()
    by_code = {i["instrument"]: i for i in summary["instruments"]}
    odi = by_code["odi"]
    assert (odi["baseline"]["value"], odi["latest"]["value"]) == (60.0, 20.0)
    assert odi["change"] == -40.0
    assert odi["improved"] is True
    assert odi["mcid"] == 10.0 and odi["mcid_reached"] is True  # Ostelo 2008: 10 points
    nprs = by_code["nprs"]
    assert nprs["change"] == -1.0
    assert nprs["mcid_reached"] is False  # one point is below the NPRS MCID of two

    listed = api.http.get(f"/v1/episodes/{ep}/measurements").json()["items"]
    assert [(m["instrument"], m["moment"]) for m in listed] == [
        ("odi", "baseline"),
        ("nprs", "baseline"),
        ("odi", "eind"),
        ("nprs", "eind"),
    ]


def test_evaluation_waits_for_a_follow_up_of_every_baseline_instrument(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    api.measure(ep, "odi", "baseline", ODI_BASELINE)
    api.measure(ep, "nprs", "baseline", {"score": 7})
    api.advance_to(ep, "evaluatie")
    api.record(ep, "evaluatie")

    blocked = api.transition(ep, "evaluatie_afronden")
    assert blocked.status_code == 409
    assert problem_codes(blocked) == [
        "evaluatie.metingen.nprs.missing",
        "evaluatie.metingen.odi.missing",
    ]

    api.measure(ep, "odi", "eind", ODI_FOLLOWUP)
    api.record(
        ep,
        "evaluatie",
        example(
            "evaluatie",
            metingen_niet_herhaald=[
                {"instrument": "nprs", "reden": "Cliënt had geen pijn meer en wilde niet scoren."}
            ],
        ),
    )
    assert api.fire(ep, "evaluatie_afronden") == "afsluiting"


def test_bad_responses_are_rejected_naming_the_item_and_nothing_is_stored(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    version = api.get(ep)["version"]
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({**ODI_BASELINE, "q3": 6}, "responses.q3", "item.out_of_range"),
        ({**ODI_BASELINE, "q11": 1}, "responses.q11", "item.unknown"),
        ({**ODI_BASELINE, "q2": "drie"}, "responses.q2", "item.wrong_type"),
        ({"q1": 1, "q2": 1}, "responses.q3", "items.too_many_missing"),
    ]
    for responses, field, code in cases:
        r = api.measure(ep, "odi", "baseline", responses)
        assert r.status_code == 422, responses
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["errors"][0]["field"] == field
        assert r.json()["errors"][0]["code"] == code
    unknown = api.measure(ep, "zzz", "baseline", {"score": 1})
    assert unknown.status_code == 422
    assert error_fields(unknown) == ["instrument"]
    assert api.http.get(f"/v1/episodes/{ep}/measurements").json()["items"] == []
    assert api.get(ep)["version"] == version


def test_moments_follow_the_process(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    early = api.measure(ep, "nprs", "eind", {"score": 3})
    assert early.status_code == 409
    assert early.json()["type"] == "/problems/step-not-writable"
    api.advance_to(ep, "behandeling")
    assert api.measure(ep, "nprs", "baseline", {"score": 3}).status_code == 409
    assert api.measure(ep, "nprs", "tussentijds", {"score": 3}).status_code == 201


def test_measurement_needs_the_current_version(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    r = api.http.post(
        f"/v1/episodes/{ep}/measurements",
        json={
            "instrument": "nprs",
            "moment": "baseline",
            "responses": {"score": 5},
            "afgenomen_op": "2026-03-02",
        },
    )
    assert r.status_code == 428


def test_the_catalogue_describes_and_scores_without_storing(api: Api) -> None:
    catalogue = api.http.get("/v1/instruments").json()
    codes = {i["code"] for i in catalogue}
    assert {
        "nprs",
        "psk",
        "psfs",
        "gpe",
        "odi",
        "ndi",
        "qbpds",
        "tsk",
        "pcs",
        "pgq",
        "iciq_ui_sf",
        "iiq7",
        "udi6",
        "pfdi20",
        "prafab",
        "bristol",
        "4dkl",
        "nijmegen",
        "phq15",
        "hads",
    } <= codes
    odi = api.http.get("/v1/instruments/odi").json()
    assert len(odi["items"]) == 10
    assert odi["response_schema"]["properties"]["q1"] == {
        "type": "integer",
        "minimum": 0,
        "maximum": 5,
        "description": "pijnintensiteit",
    }
    scored = api.http.post("/v1/instruments/odi/score", json={"responses": ODI_BASELINE})
    assert scored.status_code == 200
    assert scored.json()["values"]["score_pct"] == 60.0
    bad = api.http.post("/v1/instruments/odi/score", json={"responses": {**ODI_BASELINE, "q1": -1}})
    assert bad.status_code == 422
    assert error_fields(bad) == ["responses.q1"]
    assert api.http.get("/v1/instruments/zzz").status_code == 404
