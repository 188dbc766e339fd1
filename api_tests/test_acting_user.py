"""An EPD acting on client data names which of its own users acts, and the access log keeps it."""

import csv
import io
from typing import Any

import httpx

from app.testing import ACTING_USER, World

CLIENT = {"leeftijdsgroep": "volwassene", "wilsbekwaam": True}


def _episode(world: World, client_ref: str) -> dict[str, Any]:
    return {
        "client_ref": client_ref,
        "route": "dto",
        "client": CLIENT,
        "therapist_id": world.therapist.id,
    }


def _audit(http: httpx.Client, world: World, client_ref: str) -> list[dict[str, Any]]:
    r = http.get("/v1/audit", headers=world.admin.headers, params={"client_ref": client_ref})
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


def test_an_epd_without_the_acting_user_is_refused_after_authentication(
    http: httpx.Client, world: World
) -> None:
    epd = world.epd.headers
    for method, path in (("GET", "/v1/episodes"), ("GET", "/v1/episodes/1/events")):
        r = http.request(method, path, headers=epd)
        assert r.status_code == 422, r.text
        assert r.json()["type"] == "/problems/acting-user-required"
        assert [e["field"] for e in r.json()["errors"]] == [
            "header.X-Acting-User-Id",
            "header.X-Acting-User-Name",
        ]
    # Refused before the body is looked at, and before whether the episode exists.
    r = http.post("/v1/episodes", headers=epd, json={"onbekend": 1})
    assert r.json()["type"] == "/problems/acting-user-required"
    r = http.get("/v1/episodes/999999", headers=epd | {"X-Acting-User-Id": "x"})
    assert r.status_code == 422
    assert [e["field"] for e in r.json()["errors"]] == ["header.X-Acting-User-Name"]
    # 401 still comes first: a caller nobody knows is told only that.
    nobody = http.get("/v1/episodes", headers={"Authorization": "Bearer mt_verzonnen"})
    assert nobody.status_code == 401
    # Only client data needs it: who am I, the definitions, the catalogue do not.
    for path in ("/v1/me", "/v1/workflows", "/v1/instruments"):
        assert http.get(path, headers=epd).status_code == 200, path


def test_the_acting_user_headers_are_bounded(http: httpx.Client, world: World) -> None:
    epd = world.epd.headers
    wrong: list[tuple[dict[str, str], str]] = [
        (ACTING_USER | {"X-Acting-User-Id": "a" * 65}, "header.X-Acting-User-Id"),
        (ACTING_USER | {"X-Acting-User-Id": "met spatie"}, "header.X-Acting-User-Id"),
        (ACTING_USER | {"X-Acting-User-Id": "<script>"}, "header.X-Acting-User-Id"),
        (ACTING_USER | {"X-Acting-User-Name": "n" * 201}, "header.X-Acting-User-Name"),
        (ACTING_USER | {"X-Acting-User-Name": "   "}, "header.X-Acting-User-Name"),
        (ACTING_USER | {"X-Acting-User-Name": "tab\tin naam"}, "header.X-Acting-User-Name"),
    ]
    for acting, field in wrong:
        r = http.get("/v1/episodes", headers=epd | acting)
        assert r.status_code == 422, acting
        assert [e["field"] for e in r.json()["errors"]] == [field], acting
    longest = ACTING_USER | {"X-Acting-User-Id": "a" * 64, "X-Acting-User-Name": "n" * 200}
    assert http.get("/v1/episodes", headers=epd | longest).status_code == 200


def test_the_access_log_names_the_person_who_acted_for_the_epd(
    http: httpx.Client, world: World
) -> None:
    epd = world.epd.headers
    refused = http.post("/v1/episodes", headers=epd, json=_episode(world, "EPD-ACT-1"))
    assert refused.status_code == 422
    # A name with diacritics, sent as UTF-8 (HTTP carries bytes).
    acting = {"X-Acting-User-Id": "medewerker:42", "X-Acting-User-Name": "Ë. van Dijk-Çelik"}
    as_bytes = {k.encode(): v.encode() for k, v in (epd | acting).items()}
    made = http.post("/v1/episodes", headers=as_bytes, json=_episode(world, "EPD-ACT-1"))
    assert made.status_code == 201, made.text
    episode_id = made.json()["id"]
    read = http.get(
        f"/v1/episodes/{episode_id}",
        headers=epd | ACTING_USER,
    )
    assert read.status_code == 200
    # The therapist acts as themselves: no header needed, and any sent is not taken for theirs.
    mine = http.get(f"/v1/episodes/{episode_id}", headers=ACTING_USER)
    assert mine.status_code == 200

    rows = _audit(http, world, "EPD-ACT-1")
    assert [
        (r["actor_type"], r["acting_user_id"], r["acting_user_name"], r["action"], r["outcome"])
        for r in rows
    ] == [
        ("api_client", "medewerker:42", "Ë. van Dijk-Çelik", "create", 201),
        ("api_client", "epd-gebruiker-7", "A. Assistent", "read", 200),
        ("therapist", None, None, "read", 200),
    ]
    assert all(r["actor_id"] == world.epd.id for r in rows[:2])
    # The refused create is in the log too, for the EPD, without a person (none was named).
    everything = http.get("/v1/audit", headers=world.admin.headers).json()["items"]
    assert any(
        r["outcome"] == 422 and r["actor_type"] == "api_client" and r["acting_user_id"] is None
        for r in everything
    )

    exported = http.get(
        "/v1/audit/export",
        headers=world.admin.headers,
        params={"format": "csv", "client_ref": "EPD-ACT-1"},
    )
    table = list(csv.DictReader(io.StringIO(exported.text)))
    assert [(r["acting_user_id"], r["acting_user_name"]) for r in table] == [
        ("medewerker:42", "Ë. van Dijk-Çelik"),
        ("epd-gebruiker-7", "A. Assistent"),
        ("", ""),
    ]
    as_json = http.get(
        "/v1/audit/export",
        headers=world.admin.headers,
        params={"format": "json", "client_ref": "EPD-ACT-1"},
    ).json()
    assert as_json[0]["acting_user_name"] == "Ë. van Dijk-Çelik"
