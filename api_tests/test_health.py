"""An orchestrator asks whether the service is alive and whether it can serve."""

import httpx
from sqlalchemy import create_engine, text

from app.settings import Settings


def test_a_migrated_service_is_ready(http: httpx.Client) -> None:
    assert http.get("/health", headers={"Authorization": ""}).json() == {"status": "ok"}
    r = http.get("/health/ready", headers={"Authorization": ""})
    assert r.status_code == 200
    assert r.json()["status"] == "ready"


def test_a_schema_behind_the_code_is_not_ready(http: httpx.Client, settings: Settings) -> None:
    engine = create_engine(settings.database_url)
    with engine.begin() as db:  # as if `alembic upgrade head` had not run yet
        db.execute(text("UPDATE alembic_version SET version_num = '0004'"))
    engine.dispose()
    r = http.get("/health/ready")
    assert r.status_code == 503
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["type"] == "/problems/not-ready"
    assert "0004" in r.json()["detail"]
