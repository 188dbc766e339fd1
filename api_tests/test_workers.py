"""Several worker processes on one database, as a practice scales out: racing transitions never
both apply, a retry that lands on another worker replays the first answer, and a token revoked
through one worker is refused by every worker at once."""

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api_tests.support import colleague, example, learn_examples
from app.settings import Settings
from app.testing import World

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 4


@pytest.fixture
def workers(settings: Settings, world: World) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "uvicorn", "--factory", "app.main:create_app",
            "--http", "app.server:HttpProtocol", "--port", str(port),
            "--workers", str(WORKERS), "--log-level", "warning",
        ],
        cwd=ROOT,
        env=os.environ | {"DATABASE_URL": settings.database_url},
        start_new_session=True,  # its group id is its pid: stop the workers with it
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{url}/health/ready", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            os.killpg(proc.pid, 9)
            raise RuntimeError("workers did not start")
        time.sleep(0.1)
    yield url
    os.killpg(proc.pid, 15)
    proc.wait(timeout=20)


def _fresh(url: str, headers: dict[str, str]) -> httpx.Client:
    """A client whose every request opens a new connection, so the kernel spreads them over
    the workers (a kept-alive connection stays with one worker)."""
    return httpx.Client(
        base_url=url,
        headers=headers | {"Connection": "close"},
        timeout=30,
        limits=httpx.Limits(max_keepalive_connections=0),
    )


def _pairs(settings: Settings) -> int:
    # PostgreSQL is the multi-worker database; SQLite takes a few workers too, more slowly.
    return 1000 if settings.database_url.startswith("postgresql") else 150


def test_four_workers_on_one_database(workers: str, world: World, settings: Settings) -> None:
    # Four workers take seconds to start, so one server serves the three scenarios.
    racing_transitions_never_both_apply(workers, world, _pairs(settings))
    a_retry_on_another_worker_replays_the_first_answer(workers, world)
    a_token_revoked_on_one_worker_is_refused_by_all_at_once(workers, world)


def racing_transitions_never_both_apply(workers: str, world: World, pairs: int) -> None:
    with httpx.Client(base_url=workers, headers=world.therapist.headers, timeout=30) as http:
        learn_examples(http)
        screening = example("screening")
        targets: list[tuple[int, str]] = []
        for i in range(pairs):
            r = http.post(
                "/v1/episodes",
                json={
                    "client_ref": f"W-{i}",
                    "route": "dto",
                    "client": {"leeftijdsgroep": "volwassene", "wilsbekwaam": True},
                },
            )
            ep = r.json()["id"]
            r = http.put(
                f"/v1/episodes/{ep}/records/screening",
                json=screening,
                headers={"If-Match": r.headers["etag"]},
            )
            assert r.status_code == 200, r.text
            targets.append((ep, r.headers["etag"]))

    # Eight lanes race at once; in each, two clients send the same transition at the same
    # moment for every episode of the lane, each request on a new connection.
    lanes = 8
    statuses: dict[int, list[int]] = {ep: [] for ep, _ in targets}

    def racer(lane: list[tuple[int, str]], barrier: threading.Barrier) -> None:
        with _fresh(workers, world.therapist.headers) as own:
            for ep, etag in lane:
                barrier.wait(timeout=60)
                r = own.post(
                    f"/v1/episodes/{ep}/transitions",
                    json={"trigger": "screening_afronden"},
                    headers={"If-Match": etag},
                )
                statuses[ep].append(r.status_code)  # list.append is atomic under the GIL

    threads = []
    for i in range(lanes):
        barrier = threading.Barrier(2)
        lane = targets[i::lanes]
        threads += [threading.Thread(target=racer, args=(lane, barrier)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    outcomes = [sorted(s) for s in statuses.values()]

    assert len(outcomes) == pairs
    double = sum(1 for o in outcomes if o == [200, 200])
    assert double == 0
    assert all(o == [200, 412] for o in outcomes), {tuple(o) for o in outcomes}
    with _fresh(workers, world.therapist.headers) as http:
        for ep, _ in targets[:: max(1, pairs // 50)]:  # a sample: one transition event each
            kinds = [e["kind"] for e in http.get(f"/v1/episodes/{ep}/events").json()["items"]]
            assert kinds.count("transition") == 1


def a_retry_on_another_worker_replays_the_first_answer(workers: str, world: World) -> None:
    with _fresh(workers, world.therapist.headers) as http:
        r = http.post(
            "/v1/episodes",
            json={
                "client_ref": "W-RETRY",
                "route": "dto",
                "client": {"leeftijdsgroep": "volwassene", "wilsbekwaam": True},
            },
        )
        ep, etag = r.json()["id"], r.headers["etag"]
        # Eight new connections, so the retries land on more than one worker.
        answers = [
            http.post(
                f"/v1/episodes/{ep}/transitions",
                json={"trigger": "client_stopt", "payload": {"reden": "Verhuist."}},
                headers={"If-Match": etag, "Idempotency-Key": "retry-1"},
            )
            for _ in range(8)
        ]
        assert {a.status_code for a in answers} == {200}
        assert len({a.text for a in answers}) == 1  # the same answer, replayed
        kinds = [e["kind"] for e in http.get(f"/v1/episodes/{ep}/events").json()["items"]]
        assert kinds.count("transition") == 1


def a_token_revoked_on_one_worker_is_refused_by_all_at_once(workers: str, world: World) -> None:
    with _fresh(workers, world.admin.headers) as admin:
        _, headers = colleague(
            admin, world.admin.headers, login="w.revoke", registraties=["oefentherapeut"]
        )
    with _fresh(workers, headers) as http:
        # Every worker has seen (and could have cached) the token.
        assert all(http.get("/v1/episodes").status_code == 200 for _ in range(4 * WORKERS))
        assert http.post("/v1/auth/logout").status_code == 204  # revoked through one worker
        refused = [http.get("/v1/episodes").status_code for _ in range(4 * WORKERS)]
    assert refused == [401] * (4 * WORKERS)
