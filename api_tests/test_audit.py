"""The NEN 7513 access log: who accessed which client's data, what, when, with what outcome."""

import csv
import io

import httpx

from api_tests.support import Api, example
from app.testing import World


def test_every_access_to_a_clients_data_is_logged_without_its_contents(
    api: Api, world: World
) -> None:
    ep = api.create_episode(route="verwijzing", client_ref="AUDIT-1")
    api.record(ep, "anamnese", example("anamnese", hulpvraag="Zeer persoonlijke hulpvraag X"))
    api.get(ep)
    api.http.get(f"/v1/episodes/{ep}", headers=world.outsider.headers)  # foreign: 404

    log = api.http.get("/v1/audit", headers=world.admin.headers, params={"client_ref": "AUDIT-1"})
    assert log.status_code == 200
    items = log.json()["items"]
    assert [(i["action"], i["resource"], i["outcome"]) for i in items] == [
        ("create", "POST /v1/episodes", 201),
        ("update", "PUT /v1/episodes/{episode_id}/records/{step}", 200),
        ("read", "GET /v1/episodes/{episode_id}", 200),
    ]
    assert {i["actor_type"] for i in items} == {"therapist"}
    assert {i["actor_id"] for i in items} == {world.therapist.id}
    assert {i["episode_id"] for i in items} == {ep}
    assert "Zeer persoonlijke" not in log.text

    # The other practice's attempt is logged too, for that practice, without the client.
    theirs = api.http.get("/v1/audit", headers=world.outsider.headers).json()["items"]
    assert any(
        i["outcome"] == 404 and i["episode_id"] is None and i["client_ref"] is None for i in theirs
    )


def test_the_log_can_be_filtered_by_time_and_exported(api: Api, world: World) -> None:
    api.create_episode(client_ref="AUDIT-2")
    admin = world.admin.headers
    everything = api.http.get("/v1/audit", headers=admin).json()["items"]
    first_at = everything[0]["at"]
    later = api.http.get("/v1/audit", headers=admin, params={"from": "2999-01-01T00:00:00Z"})
    assert later.json()["items"] == []
    assert api.http.get("/v1/audit", headers=admin, params={"to": first_at}).json()["items"] == []

    exported = api.http.get("/v1/audit/export", headers=admin, params={"format": "csv"})
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert any(r["client_ref"] == "AUDIT-2" and r["action"] == "create" for r in rows)
    as_json = api.http.get("/v1/audit/export", headers=admin, params={"format": "json"}).json()
    assert len(as_json) >= len(rows)


def test_only_the_practice_administrator_reads_the_log(http: httpx.Client) -> None:
    r = http.get("/v1/audit")
    assert r.status_code == 403
    assert r.json()["type"] == "/problems/forbidden"


def test_a_list_page_logs_an_access_for_every_client_it_shows(api: Api, world: World) -> None:
    first = api.create_episode(client_ref="LIJST-1")
    second = api.create_episode(client_ref="LIJST-2")
    page = api.http.get("/v1/episodes", params={"limit": 50})
    assert {e["client_ref"] for e in page.json()["items"]} == {"LIJST-1", "LIJST-2"}

    rows = [
        r
        for r in api.http.get("/v1/audit", headers=world.admin.headers).json()["items"]
        if r["resource"] == "GET /v1/episodes"
    ]
    assert {(r["episode_id"], r["client_ref"]) for r in rows} == {
        (first, "LIJST-1"),
        (second, "LIJST-2"),
    }
    assert len({r["request_id"] for r in rows}) == 1  # one request, one row per client


def test_every_change_to_who_may_do_what_is_logged_and_reading_is_not(
    http: httpx.Client, world: World
) -> None:
    admin = world.admin.headers
    practice = http.get("/v1/practice", headers=admin)
    on = http.patch(
        "/v1/practice",
        headers=admin | {"If-Match": practice.headers["etag"]},
        json={"naam": "Praktijk Aan Zee"},
    )
    assert on.status_code == 200
    # a therapist who tries it is refused, and that attempt is kept too
    tried = http.patch(
        "/v1/practice", headers={"If-Match": on.headers["etag"]}, json={"naam": "Mijn praktijk"}
    )
    assert tried.status_code == 403
    revoked = http.delete(f"/v1/tokens/{_token_id(http, world)}", headers=admin)
    assert revoked.status_code == 204

    rows = http.get("/v1/audit", headers=admin).json()["items"]
    kept = [(r["actor_id"], r["action"], r["resource"], r["outcome"]) for r in rows]
    assert kept == [
        (world.admin.id, "update", "PATCH /v1/practice", 200),
        (world.therapist.id, "update", "PATCH /v1/practice", 403),
        (world.admin.id, "delete", "DELETE /v1/tokens/{token_id}", 204),
    ]  # and no row for the GETs
    assert {r["client_ref"] for r in rows} == {None}


def _token_id(http: httpx.Client, world: World) -> int:
    """The EPD integration's token (read without a row in the log: a GET)."""
    tokens = http.get("/v1/tokens", headers=world.admin.headers).json()
    return int(next(t["id"] for t in tokens if t["api_client_id"] == world.epd.id))
