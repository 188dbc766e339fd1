"""Test support that ships with the app: a migrated database per test, fast.

Each test gets its own database, so order never matters. The schema is migrated once per test
process into a template, then copied per test: a file copy on SQLite, `CREATE DATABASE ...
TEMPLATE` on PostgreSQL (set TEST_DATABASE_URL to a server's maintenance database).
"""

import os
import shutil
import uuid
from pathlib import Path

from alembic.config import Config
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from alembic import command

ROOT = Path(__file__).resolve().parent.parent


def migrate(database_url: str) -> None:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.attributes["database_url"] = database_url
    cfg.attributes["skip_logging"] = True
    command.upgrade(cfg, "head")


class ScratchDatabases:
    """Hands out a fresh, migrated database URL per test, on SQLite or PostgreSQL."""

    def __init__(self, workdir: Path, server_url: str | None = None) -> None:
        self.workdir = workdir
        self.server_url = server_url
        self.template: str | None = None

    @classmethod
    def from_env(cls, workdir: Path) -> "ScratchDatabases":
        return cls(workdir, os.environ.get("TEST_DATABASE_URL"))

    @property
    def is_postgres(self) -> bool:
        return self.server_url is not None

    def fresh(self) -> str:
        if self.server_url is None:
            return self._fresh_sqlite()
        return self._fresh_postgres(self.server_url)

    def _fresh_sqlite(self) -> str:
        template = self.workdir / "template.db"
        if self.template is None:
            migrate(f"sqlite:///{template}")
            self.template = str(template)
        target = self.workdir / f"t-{uuid.uuid4().hex}.db"
        shutil.copyfile(template, target)
        return f"sqlite:///{target}"

    def _fresh_postgres(self, server_url: str) -> str:
        server = make_url(server_url)
        admin = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=None)
        try:
            with admin.connect() as conn:
                if self.template is None:
                    name = f"tmpl_{uuid.uuid4().hex[:12]}"
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
                    migrate(server.set(database=name).render_as_string(hide_password=False))
                    self.template = name
                fresh = f"t_{uuid.uuid4().hex[:16]}"
                conn.execute(text(f'CREATE DATABASE "{fresh}" TEMPLATE "{self.template}"'))
        finally:
            admin.dispose()
        return server.set(database=fresh).render_as_string(hide_password=False)
