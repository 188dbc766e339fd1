"""An EPD can drive whole episodes from the served definition alone: its forward triggers,
each form's example, the session form's example, and the berichten a step expects (made and
sent with the OpenAPI examples of a contact, a consent and a bericht). Nothing here knows the
step names."""

from typing import Any

import httpx
import pytest

from api_tests.support import Api


def _send(api: Api, ep: int, soort: str, examples: dict[str, dict[str, Any]]) -> None:
    """A bericht a step expects, from the OpenAPI examples alone: the recipient, the client's
    consent for that soort, the bericht made and marked sent."""
    contact = api.post(ep, "contacten", examples["ContactIn"])
    assert contact.status_code == 201, contact.text
    consent = examples["ToestemmingIn"] | {"doel": soort, "ontvanger": contact.json()["id"]}
    assert api.post(ep, "toestemmingen", consent).status_code == 201
    bericht = examples["BerichtIn"] | {"soort": soort, "ontvanger": contact.json()["id"]}
    made = api.post(ep, "berichten", bericht)
    assert made.status_code == 201, made.text
    sent = api.post(ep, f"berichten/{made.json()['id']}/verzonden", None)
    assert sent.status_code == 200, sent.text


def _drive(
    api: Api,
    definition: dict[str, Any],
    route: str,
    create_example: dict[str, Any],
    examples: dict[str, dict[str, Any]],
) -> list[str]:
    steps = {s["name"]: s for s in definition["steps"]}
    forward = {t["source"]: t["name"] for t in definition["triggers"] if t["kind"] == "voorwaarts"}
    body = dict(create_example, route=route, client_ref=f"DEF-{route}")
    if route == "dto":
        body.pop("verwijzing", None)
    r = api.http.post("/v1/episodes", json=body)
    assert r.status_code == 201, r.text
    ep = r.json()["id"]
    api.etags[ep] = r.headers["etag"]
    assert r.json()["status"] == definition["start"][route]

    walked = []
    status = r.json()["status"]
    while status in forward:
        step = steps[status]
        api.record(ep, status, step["form_schema"]["examples"][0])
        for appendix in step["appendices"]:
            r = api.http.post(
                f"/v1/episodes/{ep}/{appendix['path']}",
                json=appendix["form_schema"]["examples"][0],
                headers={"If-Match": api.etags[ep]},
            )
            assert r.status_code == 201, r.text
            api.etags[ep] = r.headers["etag"]
        for soort in step["berichten"]:
            _send(api, ep, soort, examples)
        walked.append(status)
        status = api.fire(ep, forward[status])
    assert status == "afgesloten"
    return walked


@pytest.mark.parametrize("route", ["dto", "verwijzing"])
def test_an_epd_drives_an_episode_from_the_served_definition(
    api: Api, http: httpx.Client, route: str
) -> None:
    definition = http.get("/v1/workflows/algemeen").json()
    spec = http.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    create_example = schemas["EpisodeCreate"]["examples"][0]
    examples = {n: schemas[n]["examples"][0] for n in ("ContactIn", "ToestemmingIn", "BerichtIn")}

    walked = _drive(api, definition, route, create_example, examples)
    expected = [
        "anamnese",
        "onderzoek",
        "diagnose",
        "behandelplan",
        "behandeling",
        "evaluatie",
        "afsluiting",
    ]
    assert walked == (["screening", *expected] if route == "dto" else expected)


def test_every_served_form_has_an_example_and_every_trigger_names_its_gates(
    http: httpx.Client,
) -> None:
    definition = http.get("/v1/workflows/algemeen").json()
    assert definition["key"] == f"algemeen@{definition['version']}"
    first = http.get("/v1/workflows/algemeen", params={"version": 1}).json()
    assert first["key"] == "algemeen@1"  # running episodes keep the version they started on
    assert len(definition["steps"]) == 8
    for step in definition["steps"]:
        assert step["form_schema"]["examples"], step["name"]
        assert step["form_schema"]["additionalProperties"] is False
    gate_names = {g["name"] for g in definition["gates"]}
    for t in definition["triggers"]:
        assert set(t["gates"]) <= gate_names
    assert all(g["source"] for g in definition["gates"])
    assert http.get("/v1/workflows/onbekend").status_code == 404
