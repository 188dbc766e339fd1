"""Test support that ships with the app: a migrated database per test, fast.

Migrating once per test process and copying the SQLite file per test keeps every test on its
own database (order never matters) without paying for Alembic each time.
"""

import shutil
from pathlib import Path

from alembic.config import Config

from alembic import command

ROOT = Path(__file__).resolve().parent.parent


def migrate(database_url: str) -> None:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.attributes["database_url"] = database_url
    cfg.attributes["skip_logging"] = True
    command.upgrade(cfg, "head")


def sqlite_template(directory: Path) -> Path:
    """A migrated SQLite file in `directory`, made once."""
    path = directory / "template.db"
    if not path.exists():
        migrate(f"sqlite:///{path}")
    return path


def sqlite_copy(template: Path, target: Path) -> str:
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"
