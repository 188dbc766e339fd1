"""kill -9 in the middle of a busy minute: every answered request kept its effect and its
access-log row (NEN 7513), reads included; restarted, every episode is whole."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from api_tests.support import example, learn_examples
from app.settings import Settings
from app.testing import World

ROOT = Path(__file__).resolve().parent.parent


def start(settings: Settings) -> tuple[str, subprocess.Popen[bytes]]:
    """The app in a process of its own, so it can be killed outright."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "app.main:create_app",
            "--http",
            "app.server:HttpProtocol",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=os.environ | {"DATABASE_URL": settings.database_url},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            httpx.get(f"{url}/health", timeout=1)
            break
        except httpx.TransportError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError("server did not start") from None
            time.sleep(0.05)
    return url, proc


@pytest.fixture
def server(settings: Settings, world: World) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    url, proc = start(settings)
    yield url, proc
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)


def test_answered_requests_survive_kill_9_with_their_access_rows(
    server: tuple[str, subprocess.Popen[bytes]], settings: Settings, world: World
) -> None:
    url, proc = server
    created: list[int] = []  # episodes whose creation was answered 201
    saved: list[int] = []  # episodes whose screening save was answered 200
    reads: Counter[int] = Counter()  # answered reads per episode
    stop = threading.Event()
    with httpx.Client(base_url=url, headers=world.therapist.headers) as http:
        learn_examples(http)

    def therapist_at_work(n: int) -> None:
        with httpx.Client(base_url=url, headers=world.therapist.headers, timeout=5) as http:
            i = 0
            while not stop.is_set():
                i += 1
                try:
                    r = http.post(
                        "/v1/episodes",
                        json={
                            "client_ref": f"CRASH-{n}-{i}",
                            "route": "dto",
                            "client": {"leeftijdsgroep": "volwassene", "wilsbekwaam": True},
                        },
                    )
                    if r.status_code != 201:
                        continue
                    ep = r.json()["id"]
                    created.append(ep)
                    if http.get(f"/v1/episodes/{ep}").status_code == 200:
                        reads[ep] += 1
                    r = http.put(
                        f"/v1/episodes/{ep}/records/screening",
                        json=example("screening"),
                        headers={"If-Match": r.headers["ETag"]},
                    )
                    if r.status_code == 200:
                        saved.append(ep)
                except httpx.TransportError:
                    return  # the server is gone

    workers = [threading.Thread(target=therapist_at_work, args=(n,)) for n in range(4)]
    for w in workers:
        w.start()
    time.sleep(1.5)
    proc.send_signal(signal.SIGKILL)  # no shutdown, no flush: what was answered must be on disk
    proc.wait(timeout=10)
    stop.set()
    for w in workers:
        w.join(timeout=10)
    assert created and saved and reads, "the load did not get going before the kill"

    engine = create_engine(settings.database_url)
    try:
        with engine.connect() as db:
            episodes = set(db.execute(text("SELECT id FROM episode")).scalars())
            records = set(
                db.execute(
                    text("SELECT episode_id FROM step_record WHERE step = 'screening'")
                ).scalars()
            )
            logged = Counter(
                (row.episode_id, row.action)
                for row in db.execute(
                    text("SELECT episode_id, action FROM audit_event WHERE outcome < 300")
                )
            )
    finally:
        engine.dispose()
    assert set(created) <= episodes
    assert set(saved) <= records
    assert all(logged[(ep, "create")] == 1 for ep in created)
    assert all(logged[(ep, "update")] >= 1 for ep in saved)
    assert all(logged[(ep, "read")] >= n for ep, n in reads.items())

    # Restarted on the same database: every episode is whole (one event per version, nothing
    # half-applied), and what was answered reads back.
    url, proc = start(settings)
    try:
        with httpx.Client(base_url=url, headers=world.therapist.headers, timeout=10) as http:
            for ep in sorted(episodes):
                version = http.get(f"/v1/episodes/{ep}").json()["version"]
                events = http.get(f"/v1/episodes/{ep}/events").json()["items"]
                assert [e["episode_version"] for e in events] == list(range(1, version + 1))
            for ep in saved:
                assert http.get(f"/v1/episodes/{ep}/records/screening").status_code == 200
    finally:
        proc.kill()
        proc.wait(timeout=10)
