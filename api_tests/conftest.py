"""Each test gets its own migrated database and an `Api` over the app.

Set METHODISCH_BASE_URL to run the same scenarios against a live server instead.
"""

import os
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from api_tests.support import Api
from app.audit.middleware import CLIENT_DATA_PREFIXES
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
    """Signed in as an oefentherapeut of practice A (override per request with headers=)."""
    base_url = os.environ.get("METHODISCH_BASE_URL")
    if base_url:
        with httpx.Client(base_url=base_url, timeout=30, headers=world.therapist.headers) as c:
            yield c
        return
    client_data_requests: list[str] = []

    def count(request: httpx.Request) -> None:
        if request.url.path.startswith(CLIENT_DATA_PREFIXES):
            client_data_requests.append(f"{request.method} {request.url.path}")

    app = create_app(settings)
    with TestClient(app, headers=world.therapist.headers) as client:
        client.event_hooks["request"].append(count)
        yield client
        # NEN 7513: every request for client data in this test is in the access log (a request
        # may write several rows, one per client it showed; they share a request_id).
        logged = _audit_rows(settings.database_url)
        assert logged == len(client_data_requests), (
            f"{len(client_data_requests)} client-data requests, {logged} access-log rows"
        )


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
