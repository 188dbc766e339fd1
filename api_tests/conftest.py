"""Each test gets its own migrated database and an `Api` over the app.

Set METHODISCH_BASE_URL to run the same scenarios against a live server instead.
"""

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from api_tests.support import Api
from app.audit.context import is_logged
from app.main import create_app
from app.settings import Settings
from app.testing import ScratchDatabases, World, seed_world


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> ScratchDatabases:
    return ScratchDatabases.from_env(tmp_path_factory.mktemp("db"))


@pytest.fixture
def settings(databases: ScratchDatabases) -> Settings:
    return Settings(database_url=databases.fresh(), db_pool_size=4)


@pytest.fixture
def world(settings: Settings) -> World:
    return seed_world(settings.database_url)


@pytest.fixture
def http(settings: Settings, world: World) -> Iterator[httpx.Client]:
    """Signed in as an oefentherapeut of practice A (override per request with headers=).

    Every answer the test gets must be one its route declares in the served OpenAPI."""
    base_url = os.environ.get("METHODISCH_BASE_URL")
    seen: list[Seen] = []

    def note(response: httpx.Response) -> None:
        seen.append(Seen(response.request.method, response.request.url.path, response.status_code))

    if base_url:
        with httpx.Client(base_url=base_url, timeout=30, headers=world.therapist.headers) as c:
            c.event_hooks["response"].append(note)
            yield c
            _assert_declared(c, seen)
        return
    client_data_requests: list[str] = []

    def count(request: httpx.Request) -> None:
        if is_logged(request.method, request.url.path):
            client_data_requests.append(f"{request.method} {request.url.path}")

    app = create_app(settings)
    with TestClient(app, headers=world.therapist.headers) as client:
        client.event_hooks["request"].append(count)
        client.event_hooks["response"].append(note)
        yield client
        # NEN 7513: every request for client data in this test is in the access log (a request
        # may write several rows, one per client it showed; they share a request_id).
        logged = _audit_rows(settings.database_url)
        assert logged == len(client_data_requests), (
            f"{len(client_data_requests)} client-data requests, {logged} access-log rows"
        )
        _assert_declared(client, seen)


@dataclass(frozen=True)
class Seen:
    """One answer the `http` client got."""

    method: str
    path: str
    status: int


# (method, path template) -> the statuses its operation declares; the served OpenAPI is the same
# for every app this process builds, so it is read once.
_DECLARED: dict[tuple[str, str], frozenset[str]] = {}


def _declared(http: httpx.Client) -> dict[tuple[str, str], frozenset[str]]:
    if not _DECLARED:
        spec = http.get("/openapi.json").json()
        for path, operations in spec["paths"].items():
            for method, operation in operations.items():
                _DECLARED[(method.upper(), path)] = frozenset(operation.get("responses", {}))
    return _DECLARED


def _template(path: str, templates: Iterable[str]) -> str | None:
    """The OpenAPI path `path` was served by: the template that matches it segment by segment,
    the one with the most literal segments if several do (`/x/summary` over `/x/{id}`)."""
    parts = path.split("/")
    best: tuple[int, str] | None = None
    for template in templates:
        pattern = template.split("/")
        if len(pattern) != len(parts):
            continue
        if all(
            (p.startswith("{") and part) or p == part
            for p, part in zip(pattern, parts, strict=True)
        ):
            literals = sum(not p.startswith("{") for p in pattern)
            if best is None or literals > best[0]:
                best = (literals, template)
    return best[1] if best else None


def _assert_declared(http: httpx.Client, seen: list[Seen]) -> None:
    """Each status the test saw is in its operation's `responses` (or a `default` is). Answers
    outside the documented API (/openapi.json, the web client, an unknown path or method) have
    no operation to hold them to."""
    if not seen:
        return
    declared = _declared(http)
    templates = {path for _, path in declared}
    undeclared = set()
    for s in seen:
        template = _template(s.path, templates)
        statuses = declared.get((s.method, template)) if template else None
        if statuses is None:
            continue
        if str(s.status) not in statuses and "default" not in statuses:
            undeclared.add(
                f"{s.method} {template} answered {s.status}, declares {sorted(statuses)}"
            )
    assert not undeclared, "undeclared in the OpenAPI:\n" + "\n".join(sorted(undeclared))


def _audit_rows(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(
                    text("SELECT count(DISTINCT request_id) FROM audit_event")
                ).scalar_one()
            )
    finally:
        engine.dispose()


@pytest.fixture
def api(http: httpx.Client) -> Api:
    return Api(http)


@pytest.fixture
def live_url(settings: Settings) -> Iterator[str]:
    """A real uvicorn server on a free port, for tests that need true concurrency."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("live server did not start")
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """How many requests the schemathesis fuzz (test_fuzz.py) sent, over all workers."""
    reports = [r for rs in terminalreporter.stats.values() for r in rs if hasattr(r, "when")]
    calls = [
        value
        for report in reports
        if report.when == "teardown"
        for name, value in getattr(report, "user_properties", [])
        if name == "fuzz_calls"
    ]
    if calls:
        terminalreporter.write_line(
            f"schemathesis: {sum(calls)} requests over {len(calls)} operations"
        )
