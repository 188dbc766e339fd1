"""The episode routes called directly (app/direct.py) answer exactly as FastAPI answers them.

A therapist's ordinary requests take the direct path; an odd but valid spelling of the same
request ("005" for 5, a query string) goes through FastAPI. Both must give the same answer,
and a request FastAPI refuses must still be refused in FastAPI's words.
"""

import asyncio
import contextlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Annotated, Any

import pytest
from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.testclient import TestClient
from starlette.types import Message, Receive, Scope, Send

from app.direct import DirectRoutes
from app.episodes.router import EpisodeId
from app.main import create_app
from app.practices.auth import CurrentPrincipal
from app.settings import Settings
from app.testing import ScratchDatabases, World, seed_world
from workflows.forms import SCREENING_EXAMPLE

CREATE = {
    "client_ref": "direct-1",
    "profile": "algemeen",
    "route": "dto",
    "client": {"leeftijdsgroep": "volwassene"},
}
SAMPLE = {"episode_id": "12", "step": "anamnese"}


class Seen:
    """Which requests reached FastAPI's router (behind the dispatcher)."""

    def __init__(self) -> None:
        self.paths: list[str] = []


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[tuple[TestClient, World, Seen]]:
    url = ScratchDatabases(tmp_path).fresh()
    world = seed_world(url)
    app = create_app(Settings(database_url=url))
    direct = app.router.middleware_stack
    assert isinstance(direct, DirectRoutes)
    seen, fastapi_router = Seen(), direct.app

    async def spy(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            seen.paths.append(f"{scope['method']} {scope['path']}")
        await fastapi_router(scope, receive, send)

    direct.app = spy
    with TestClient(app) as client:
        yield client, world, seen


def _same(a: Any, b: Any) -> None:
    assert a.status_code == b.status_code
    drop = {"date", "content-length"}
    assert {k: v for k, v in a.headers.items() if k not in drop} == {
        k: v for k, v in b.headers.items() if k not in drop
    }
    assert {k: v for k, v in a.json().items() if k != "instance"} == {
        k: v for k, v in b.json().items() if k != "instance"
    }


def test_every_direct_route_is_the_route_fastapi_would_choose(tmp_path: Path) -> None:
    """FastAPI's router, asked for the same request, selects the same route (no earlier route
    of the app shadows it)."""
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path}/routes.db"))
    direct = app.router.middleware_stack
    assert isinstance(direct, DirectRoutes)
    plans = [plan for plans in direct.by_method.values() for plan in plans]
    assert len(plans) >= 10  # the episode routes, reads and writes

    async def unsigned(scope: Scope) -> None:
        async def receive() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: Message) -> None:
            pass

        with contextlib.suppress(Exception):  # 401: routed, then refused
            await direct.app(scope, receive, send)

    for plan in plans:
        path = plan.route.path_format.format(**{n: SAMPLE[n] for n in plan.path_params})
        for method in plan.route.methods or ():
            scope: dict[str, Any] = {
                "type": "http", "method": method, "path": path, "raw_path": path.encode(),
                "root_path": "", "query_string": b"", "headers": [], "app": app,
                "http_version": "1.1", "scheme": "http", "client": None, "server": None,
            }  # fmt: skip
            # in a thread of its own: a browser test in this worker may hold this thread's loop
            with ThreadPoolExecutor(1) as pool:
                pool.submit(asyncio.run, unsigned(scope)).result()
            assert (scope["route"].path, scope["endpoint"]) == (
                plan.route.path,
                plan.route.endpoint,
            )


def test_a_therapist_walks_an_episode_on_the_direct_path(
    setup: tuple[TestClient, World, Seen],
) -> None:
    client, world, seen = setup
    h = world.therapist.headers
    created = client.post("/v1/episodes", json=CREATE, headers=h)
    assert created.status_code == 201
    eid = created.json()["id"]
    record = client.put(
        f"/v1/episodes/{eid}/records/screening",
        json=SCREENING_EXAMPLE,
        headers=h | {"If-Match": created.headers["etag"]},
    )
    assert record.status_code == 200
    fired = client.post(
        f"/v1/episodes/{eid}/transitions",
        json={"trigger": "screening_afronden"},
        headers=h | {"If-Match": record.headers["etag"], "Idempotency-Key": "direct-1"},
    )
    assert fired.status_code == 200, fired.text
    assert fired.json()["status"] == "anamnese"
    read = client.get(f"/v1/episodes/{eid}", headers=h)
    assert (read.status_code, read.json()["version"]) == (200, fired.json()["version"])
    events = client.get(f"/v1/episodes/{eid}/events", headers=h)
    assert [e["kind"] for e in events.json()["items"]][-1] == "transition"
    assert seen.paths == []  # none of them needed FastAPI's router


def test_odd_spellings_go_to_fastapi_and_answer_the_same(
    setup: tuple[TestClient, World, Seen],
) -> None:
    client, world, seen = setup
    h = world.therapist.headers
    eid = client.post("/v1/episodes", json=CREATE, headers=h).json()["id"]
    direct = client.get(f"/v1/episodes/{eid}", headers=h)
    assert seen.paths == []
    _same(direct, client.get(f"/v1/episodes/{eid:03d}", headers=h))
    _same(direct, client.get(f"/v1/episodes/{eid}?ignored=1", headers=h))
    _same(
        client.get(f"/v1/episodes/{eid}/events?limit=200", headers=h),
        client.get(f"/v1/episodes/{eid}/events?limit=0200", headers=h),
    )
    assert seen.paths == [
        f"GET /v1/episodes/{eid:03d}",
        f"GET /v1/episodes/{eid}",
        f"GET /v1/episodes/{eid}/events",
    ]


def test_a_query_in_its_plainest_spelling_is_read_directly_and_any_other_by_fastapi(
    setup: tuple[TestClient, World, Seen],
) -> None:
    client, world, seen = setup
    h = world.therapist.headers
    for n in range(3):
        client.post("/v1/episodes", json=CREATE | {"client_ref": f"direct-q{n}"}, headers=h)
    direct = {
        "list": client.get(
            "/v1/episodes?limit=2&order=desc&waiting=true&status=screening", headers=h
        ),
        "changes": client.get("/v1/changes?limit=2", headers=h),
    }
    assert direct["list"].status_code == direct["changes"].status_code == 200
    assert len(direct["list"].json()["items"]) == 2 and direct["list"].json()["next_cursor"]
    cursor = direct["changes"].json()["next_cursor"]
    assert client.get(f"/v1/changes?after={cursor}&limit=500", headers=h).status_code == 200
    assert seen.paths == []  # all three read directly

    # The same questions spelled otherwise: FastAPI reads them, to the same answers.
    _same(
        direct["list"],
        client.get("/v1/episodes?limit=02&order=desc&waiting=true&status=screening", headers=h),
    )
    _same(
        direct["list"],
        client.get("/v1/episodes?limit=2&order=desc&waiting=1&status=screening", headers=h),
    )
    _same(direct["changes"], client.get("/v1/changes?limit=%2B2", headers=h))
    # Given twice, unknown, empty or out of bounds: FastAPI decides (the last two are 422).
    client.get("/v1/changes?limit=2&limit=3", headers=h)
    client.get("/v1/changes?limit=2&page=1", headers=h)
    assert client.get("/v1/changes?after=", headers=h).status_code == 422
    too_many = client.get("/v1/changes?limit=501", headers=h)
    assert too_many.status_code == 422 and "query.limit" in too_many.text
    assert len(seen.paths) == 7


def test_refusals_are_the_same_on_both_paths(setup: tuple[TestClient, World, Seen]) -> None:
    client, world, seen = setup
    h = world.therapist.headers
    eid = client.post("/v1/episodes", json=CREATE, headers=h).json()["id"]
    fire = {"trigger": "screening_afronden"}
    for headers, status in [
        ({}, 401),  # no token, whatever else is wrong
        ({"Authorization": "Bearer nope"}, 401),
        (h, 428),  # no If-Match
        (h | {"If-Match": '"99"'}, 412),
    ]:
        on_direct = client.post(f"/v1/episodes/{eid}/transitions", json=fire, headers=headers)
        on_fastapi = client.post(f"/v1/episodes/{eid:02d}/transitions", json=fire, headers=headers)
        assert on_direct.status_code == status
        _same(on_direct, on_fastapi)
    missing = client.get("/v1/episodes/2147483647", headers=h)
    assert missing.status_code == 404
    assert seen.paths.count("GET /v1/episodes/2147483647") == 0


def test_what_fastapi_refuses_is_refused_in_its_words(
    setup: tuple[TestClient, World, Seen],
) -> None:
    client, world, seen = setup
    h = world.therapist.headers
    eid = client.post("/v1/episodes", json=CREATE, headers=h).json()["id"]
    too_big = client.get("/v1/episodes/2147483648", headers=h)
    assert too_big.status_code == 422
    assert "path.episode_id" in too_big.text
    long_key = client.post(
        f"/v1/episodes/{eid}/transitions",
        json={"trigger": "screening_afronden"},
        headers=h | {"If-Match": '"1"', "Idempotency-Key": "k" * 201},
    )
    assert long_key.status_code == 422
    assert "Idempotency-Key" in long_key.text
    assert seen.paths == [
        "GET /v1/episodes/2147483648",
        f"POST /v1/episodes/{eid}/transitions",
    ]


def test_the_access_log_names_the_route_template(
    setup: tuple[TestClient, World, Seen],
) -> None:
    client, world, seen = setup
    eid = client.post("/v1/episodes", json=CREATE, headers=world.therapist.headers).json()["id"]
    assert client.get(f"/v1/episodes/{eid}", headers=world.therapist.headers).status_code == 200
    assert seen.paths == []
    rows = client.get("/v1/audit", headers=world.admin.headers).json()["items"]
    assert {r["resource"] for r in rows if r["episode_id"] == eid} == {
        "POST /v1/episodes",
        "GET /v1/episodes/{episode_id}",
    }


def test_a_route_the_dispatcher_cannot_resolve_stays_with_fastapi() -> None:
    """Each guard of `_plan`: a parameter whose validation is more than the dispatcher's pattern,
    or that it does not read, keeps the route with FastAPI."""
    router = APIRouter(prefix="/v1/episodes")

    @router.get("/{episode_id}/plain")
    async def plain(
        episode_id: EpisodeId, request: Request, principal: CurrentPrincipal
    ) -> Response:
        return Response()

    @router.get("/{episode_id}/unbounded")
    async def unbounded(episode_id: int, request: Request, principal: CurrentPrincipal) -> Response:
        return Response()

    @router.get("/{episode_id}/required-query")
    async def required_query(
        episode_id: EpisodeId, q: Annotated[str, Query()], request: Request,
        principal: CurrentPrincipal,
    ) -> Response:  # fmt: skip
        return Response()

    @router.get("/{episode_id}/header")
    async def header(
        episode_id: EpisodeId, request: Request, principal: CurrentPrincipal,
        x_token: Annotated[str | None, Header()] = None,
    ) -> Response:  # fmt: skip
        return Response()

    @router.get("/{episode_id}/number-header")
    async def number_header(
        episode_id: EpisodeId, request: Request, principal: CurrentPrincipal,
        x_count: Annotated[int | None, Header()] = None,
    ) -> Response:  # fmt: skip
        return Response()

    @router.get("/{episode_id}/model")
    async def model(
        episode_id: EpisodeId, request: Request, principal: CurrentPrincipal
    ) -> dict[str, int]:
        return {}

    @router.get("/{episode_id}/anonymous")
    async def anonymous(episode_id: EpisodeId, request: Request) -> Response:
        return Response()

    direct = DirectRoutes(router, router.routes)
    taken = {plan.route.path: plan for plan in direct.by_method["GET"]}
    assert sorted(taken) == ["/v1/episodes/{episode_id}/header", "/v1/episodes/{episode_id}/plain"]
    # a header is read by the name FastAPI reads it by: x_token is `x-token`
    assert [h.name for h in taken["/v1/episodes/{episode_id}/header"].headers] == ["x-token"]
