"""A specialist profile only for a therapist registered for it (000 and 004 ch.1)."""

import httpx

from api_tests.support import Api
from app.testing import ACTING_USER as ACTING
from app.testing import World

CLIENT = {"leeftijdsgroep": "volwassene", "wilsbekwaam": True}
VERWIJZING = {
    "verwijzer_type": "huisarts",
    "datum": "2026-03-01",
    "verwijsdiagnose": "Urine-incontinentie",
}


def _bekken_therapist(http: httpx.Client, world: World) -> dict[str, str]:
    made = http.post(
        "/v1/therapists",
        headers=world.admin.headers,
        json={
            "naam": "B. Bekken",
            "login": "b.bekken",
            "registraties": ["oefentherapeut", "bekkenoefentherapeut"],
        },
    ).json()
    return {"id": str(made["id"])}


def test_a_therapist_without_the_bekken_registration_cannot_start_a_bekken_episode(
    api: Api,
) -> None:
    r = api.create(profile="bekken", route="verwijzing", client=CLIENT, verwijzing=VERWIJZING)
    assert r.status_code == 403
    body = r.json()
    assert body["type"] == "/problems/registration-missing"
    assert "bekkenoefentherapeut" in body["detail"]
    assert body["errors"] == [
        {"field": "registraties", "code": "registratie.missing", "message": "bekkenoefentherapeut"}
    ]


def test_an_epd_acts_for_the_responsible_therapist_and_their_registration_counts(
    http: httpx.Client, world: World
) -> None:
    bekken = _bekken_therapist(http, world)
    epd = {"Authorization": f"Bearer {world.epd.token}"} | ACTING
    body = {
        "client_ref": "EPD-BEKKEN-1",
        "profile": "bekken",
        "route": "verwijzing",
        "client": CLIENT,
        "verwijzing": VERWIJZING,
    }
    missing = http.post("/v1/episodes", headers=epd, json=body)
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "therapist_id"

    generalist = http.post(
        "/v1/episodes", headers=epd, json=body | {"therapist_id": world.therapist.id}
    )
    assert generalist.status_code == 403

    made = http.post("/v1/episodes", headers=epd, json=body | {"therapist_id": int(bekken["id"])})
    assert made.status_code == 201, made.text
    assert made.json()["profile"] == "bekken"
    assert made.json()["therapist_id"] == int(bekken["id"])

    # The unregistered generalist cannot advance it either.
    ep, etag = made.json()["id"], made.headers["etag"]
    r = http.post(
        f"/v1/episodes/{ep}/transitions",
        headers={"If-Match": etag},
        json={"trigger": "anamnese_afronden"},
    )
    assert r.status_code == 403
    assert r.json()["type"] == "/problems/registration-missing"


def test_an_unknown_or_foreign_responsible_therapist_is_refused(
    http: httpx.Client, world: World
) -> None:
    epd = {"Authorization": f"Bearer {world.epd.token}"} | ACTING
    body = {
        "client_ref": "EPD-2",
        "route": "dto",
        "client": CLIENT,
        "therapist_id": world.outsider.id,
    }
    r = http.post("/v1/episodes", headers=epd, json=body)
    assert r.status_code == 422
    assert r.json()["errors"][0] == {
        "field": "therapist_id",
        "code": "therapist_id.unknown",
        "message": "geen actieve therapeut van deze praktijk",
    }
