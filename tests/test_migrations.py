"""The migrations build exactly the tables the models describe, and can be rolled back."""

import os
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

from alembic import command
from app.models import all_tables
from app.testing import ROOT, ScratchDatabases


@pytest.fixture
def empty_url(tmp_path: Path) -> str:
    """An empty database: a new SQLite file, or a new PostgreSQL database."""
    server = os.environ.get("TEST_DATABASE_URL")
    if server is None:
        return f"sqlite:///{tmp_path / 'm.db'}"
    dbs = ScratchDatabases(tmp_path, server)
    dbs.template = "template0"  # copy of an empty database: no schema yet
    return dbs.fresh()


def test_migrated_schema_matches_the_models(empty_url: str) -> None:
    _alembic("upgrade", empty_url, "head")
    engine = create_engine(empty_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []
    assert {t.__tablename__ for t in all_tables} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_downgrade_removes_every_table(empty_url: str) -> None:
    _alembic("upgrade", empty_url, "head")
    _alembic("downgrade", empty_url, "base")
    engine = create_engine(empty_url)
    assert inspect(engine).get_table_names() == ["alembic_version"]
    engine.dispose()


def _alembic(verb: str, url: str, revision: str) -> None:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.attributes["database_url"] = url
    cfg.attributes["skip_logging"] = True
    getattr(command, verb)(cfg, revision)
