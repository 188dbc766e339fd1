"""A practice backs up its database and restores it: every episode reads back as it was.

SQLite: `methodisch backup --to FILE` (the online backup API). PostgreSQL: `pg_dump -Fc` and
`pg_restore` into a new database, the commands the README gives."""

import glob
import os
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from api_tests.support import Api
from app.main import create_app
from app.settings import Settings
from app.testing import World

ROOT = Path(__file__).resolve().parent.parent


def _pg_tool(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    assert found, f"{name} not found (tests/with_postgres.sh installs PostgreSQL)"
    return found[-1]


def _restore(database_url: str, tmp_path: Path) -> str:
    """The database backed up and restored elsewhere; the restored copy's URL."""
    if database_url.startswith("sqlite"):
        target = tmp_path / "backup.db"
        done = subprocess.run(
            [str(Path(sys.executable).parent / "methodisch"), "backup", "--to", str(target)],
            cwd=ROOT,
            env=os.environ | {"DATABASE_URL": database_url},
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == str(target)
        return f"sqlite:///{target}"
    url = make_url(database_url)
    dump = tmp_path / "backup.dump"
    libpq = url.set(drivername="postgresql").render_as_string(hide_password=False)
    subprocess.run([_pg_tool("pg_dump"), "-Fc", "-f", str(dump), libpq], check=True)
    restored = f"restored_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{restored}"'))
    admin.dispose()
    copy = url.set(database=restored)
    subprocess.run(
        [
            _pg_tool("pg_restore"), "--no-owner", "-d",
            copy.set(drivername="postgresql").render_as_string(hide_password=False), str(dump),
        ],
        check=True,
    )  # fmt: skip
    return copy.render_as_string(hide_password=False)


def test_a_backup_restores_every_episode(
    api: Api, http: httpx.Client, settings: Settings, world: World, tmp_path: Path
) -> None:
    episodes = [api.create_episode(route=route) for route in ("dto", "verwijzing", "dto")]
    api.record(episodes[0], "screening")
    api.fire(episodes[0], "screening_afronden")
    before = {ep: api.get(ep) for ep in episodes}
    history = {ep: api.events(ep) for ep in episodes}

    restored = _restore(settings.database_url, tmp_path)
    app = create_app(Settings(database_url=restored, db_pool_size=2))
    with TestClient(app, headers=world.therapist.headers) as copy:
        for ep in episodes:
            assert copy.get(f"/v1/episodes/{ep}").json() == before[ep]
            assert copy.get(f"/v1/episodes/{ep}/events").json()["items"] == history[ep]
        listed = copy.get("/v1/episodes", params={"limit": 200}).json()["items"]
        assert {e["id"] for e in listed} >= set(episodes)
