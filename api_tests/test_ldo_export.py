"""The praktijkbeheerder delivers the practice's outcome data to the LDO (003 §3.5): every
episode closed in the period, pseudonymised, with its outcome per instrument; a client who
objects is left out, and the export is in the access log for every client in it."""

import csv
import hashlib
import io
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from api_tests.support import Api, colleague, error_fields, served_example
from app.testing import World

TODAY = date.today()
PERIOD = {"from": str(TODAY - timedelta(days=2)), "to": str(TODAY + timedelta(days=2))}
ARTS = {
    "aanwijzingen": ["Nachtelijke pijn"],
    "advies": "Contact opnemen met de huisarts.",
    "verwezen_naar": "huisarts",
}
# From the screening the advice alone (the screening's own red flags are on its record).
ADVIES = {"advies": "Contact opnemen met de huisarts.", "verwezen_naar": "huisarts"}
ACTING = {"X-Acting-User-Id": "ldo-job", "X-Acting-User-Name": "LDO-aanlevering"}


def closed_early(api: Api, profile: str, **create: Any) -> int:
    """An episode referred to an arts at its first step, then closed (a real LDO record too)."""
    ep = api.create_episode(profile=profile, **create)
    close_early(api, ep, profile)
    return ep


def close_early(api: Api, ep: int, profile: str = "algemeen") -> None:
    start = api.status(ep)
    record = served_example(api.http, profile, start)
    if start == "screening":  # the red flags that send the client to an arts
        record |= {"rode_vlaggen": ["Nachtelijke pijn"]}
    api.record(ep, start, record)
    payload = ADVIES if start == "screening" else ARTS
    assert api.fire(ep, "verwijzen_naar_arts", payload) == "afsluiting"
    afsluiting = served_example(api.http, profile, "afsluiting")
    api.record(ep, "afsluiting", afsluiting)
    if afsluiting.get("eindrapportage_verzonden_aan") in ("huisarts", "verwijzer"):
        api.send_eindverslag(ep)
    assert api.fire(ep, "afsluiten") == "afgesloten"


def whole_algemeen(api: Api, client_ref: str) -> int:
    ep = api.create_episode(
        route="verwijzing",
        client_ref=client_ref,
        client={"geboortedatum": "1980-05-17", "wilsbekwaam": True, "geslacht": "man"},
        aangemeld_op="2026-03-01",
    )
    assert api.measure(ep, "nprs", "baseline", {"score": 7}).status_code == 201
    assert api.measure(ep, "odi", "baseline", {f"q{i}": 3 for i in range(1, 11)}).status_code == 201
    api.advance_to(ep, "diagnose")
    api.record(ep, "diagnose", served_example(api.http, "algemeen", "diagnose"))
    api.advance_to(ep, "evaluatie")
    assert api.measure(ep, "nprs", "eind", {"score": 3}).status_code == 201
    assert api.measure(ep, "odi", "eind", {f"q{i}": 1 for i in range(1, 11)}).status_code == 201
    api.advance_to(ep, "afgesloten")
    return ep


@pytest.fixture
def practice(http: httpx.Client, world: World) -> dict[str, int]:
    """An algemeen episode walked in full, a DTO one closed early, a bekken and a psychosomatisch
    one closed early by their specialists, one whose client objects and one still open."""
    _, headers = colleague(
        http,
        world.admin.headers,
        login="s.specialist",
        registraties=["oefentherapeut", "bekkenoefentherapeut", "psychosomatisch_oefentherapeut"],
    )
    api = Api(http)
    episodes = {
        "algemeen": whole_algemeen(api, "SYN-LDO-1"),
        "dto": closed_early(api, "algemeen", client_ref="SYN-LDO-1"),  # the same client again
    }
    objecting = api.create_episode(client_ref="SYN-LDO-BEZWAAR")
    assert api.consent(objecting, "ldo", besluit="geweigerd").status_code == 201
    own = dict(http.headers)
    http.headers.update(headers)  # the specialist closes the bekken and psychosomatisch ones
    episodes["bekken"] = closed_early(
        api,
        "bekken",
        route="verwijzing",
        client={"leeftijdsgroep": "volwassene", "wilsbekwaam": True, "geslacht": "vrouw"},
        verwijzing={
            "verwijzer_type": "verloskundige",
            "datum": "2026-03-01",
            "vraag": "Klachten van de bekkenbodem na de bevalling.",
        },
    )
    episodes["psychosomatisch"] = closed_early(api, "psychosomatisch")
    http.headers.update(own)
    close_early(api, objecting)
    api.create_episode(route="verwijzing")  # still open: not in the export
    return episodes


def export(http: httpx.Client, world: World, **params: Any) -> httpx.Response:
    return http.get("/v1/exports/ldo", params=PERIOD | params, headers=world.admin.headers)


def test_every_closed_episode_is_delivered_field_by_field(
    http: httpx.Client, world: World, practice: dict[str, int]
) -> None:
    r = export(http, world)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["from"] == PERIOD["from"] and body["to"] == PERIOD["to"]
    assert body["uitgesloten"] == 1  # the client who objected
    assert [e["profiel"] for e in body["episodes"]] == [
        "algemeen",
        "algemeen",
        "bekken",
        "psychosomatisch",
    ]
    full, dto, bekken, psycho = body["episodes"]

    assert full["route"] == "verwijzing" and full["verwijzer_type"] == "huisarts"
    assert full["leeftijdsgroep"] == "45-64"  # 45 at aanmelding on 2026-03-01
    assert full["geslacht"] == "man"
    assert full["startmaand"] == "2026-03"
    assert full["afsluitmaand"] == f"{TODAY.year:04d}-{TODAY.month:02d}"
    assert full["aantal_sessies"] == 1
    assert (
        full["reden_afsluiting"]
        == served_example(http, "algemeen", "afsluiting")["reden_afsluiting"]
    )
    assert full["diagnosecode"] == served_example(http, "algemeen", "diagnose").get("diagnosecode")
    by_code = {m["instrument"]: m for m in full["metingen"]}
    assert by_code["nprs"] == {
        "instrument": "nprs",
        "score": "score",
        "baseline": 7.0,
        "eind": 3.0,
        "verandering": -4.0,
        "mcid_bereikt": True,
    }
    assert (by_code["odi"]["baseline"], by_code["odi"]["eind"]) == (60.0, 20.0)
    assert by_code["odi"]["verandering"] == -40.0

    assert dto["route"] == "dto" and dto["verwijzer_type"] is None
    assert dto["leeftijdsgroep"] == "18+"  # only the group is known
    assert dto["aantal_sessies"] == 0 and dto["metingen"] == []
    assert bekken["verwijzer_type"] == "verloskundige" and bekken["geslacht"] == "vrouw"
    assert psycho["route"] == "dto"

    # One client, two episodes: one pseudonym within this export, and never the reference.
    assert full["pseudoniem"] == dto["pseudoniem"] != bekken["pseudoniem"]
    assert full["pseudoniem"] != hashlib.sha256(b"SYN-LDO-1").hexdigest()
    again = export(http, world).json()["episodes"][0]["pseudoniem"]
    assert again != full["pseudoniem"]  # a new key per export: exports cannot be linked


def test_no_client_reference_or_birth_date_leaves_the_practice(
    http: httpx.Client, world: World, practice: dict[str, int]
) -> None:
    for fmt in ("json", "csv"):
        text = export(http, world, format=fmt).text
        assert "SYN-LDO" not in text and "TEST-" not in text
        assert "1980" not in text and "geboortedatum" not in text


def test_the_csv_has_one_row_per_episode_and_instrument(
    http: httpx.Client, world: World, practice: dict[str, int]
) -> None:
    r = export(http, world, format="csv")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [(row["profiel"], row["meting_instrument"]) for row in rows] == [
        ("algemeen", "nprs"),
        ("algemeen", "odi"),
        ("algemeen", ""),
        ("bekken", ""),
        ("psychosomatisch", ""),
    ]
    assert rows[0]["meting_verandering"] == "-4.0" and rows[0]["meting_mcid_bereikt"] == "ja"


def test_a_client_who_withdraws_consent_is_left_out_from_then_on(
    http: httpx.Client, world: World, practice: dict[str, int]
) -> None:
    api = Api(http)
    ep = api.create_episode(client_ref="SYN-LDO-INGETROKKEN")
    assert api.consent(ep, "ldo").status_code == 201
    assert api.consent(ep, "ldo", besluit="ingetrokken").status_code == 201
    close_early(api, ep)
    assert export(http, world).json()["uitgesloten"] == 2


def test_who_may_export_and_how_it_is_logged(
    http: httpx.Client, world: World, practice: dict[str, int]
) -> None:
    assert http.get("/v1/exports/ldo", params=PERIOD).status_code == 403  # a therapist
    epd = world.epd.headers
    assert http.get("/v1/exports/ldo", params=PERIOD, headers=epd).status_code == 422
    assert http.get("/v1/exports/ldo", params=PERIOD, headers=epd | ACTING).status_code == 200
    assert (
        http.get("/v1/exports/ldo", params=PERIOD, headers={"Authorization": ""}).status_code == 401
    )
    r = http.get("/v1/exports/ldo", params={"to": PERIOD["to"]}, headers=world.admin.headers)
    assert r.status_code == 422 and error_fields(r) == ["query.from"]

    log = http.get("/v1/audit", headers=world.admin.headers, params={"client_ref": "SYN-LDO-1"})
    rows = [i for i in log.json()["items"] if i["resource"] == "GET /v1/exports/ldo"]
    assert {(i["action"], i["outcome"]) for i in rows} == {("export", 200)}
    assert "ldo-job" in {i["acting_user_id"] for i in rows}
    objecting = http.get(
        "/v1/audit", headers=world.admin.headers, params={"client_ref": "SYN-LDO-BEZWAAR"}
    ).json()["items"]
    assert not [i for i in objecting if i["resource"] == "GET /v1/exports/ldo"]


def test_episodes_closed_outside_the_period_are_not_delivered(
    http: httpx.Client, world: World, practice: dict[str, int]
) -> None:
    before = {"from": "2026-01-01", "to": str(TODAY - timedelta(days=2))}
    r = http.get("/v1/exports/ldo", params=before, headers=world.admin.headers)
    assert r.status_code == 200 and r.json()["episodes"] == []
