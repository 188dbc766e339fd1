"""A consistent copy of the embedded SQLite database while the service runs.

SQLite's online backup API copies the database page by page and restarts when a writer changes
a page it already copied, so the copy is one consistent state even under load (a plain file
copy of a WAL database can catch a half-checkpointed file). PostgreSQL has its own tools:
`pg_dump` / `pg_restore` (README, "Reliability")."""

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupUnsupported(ValueError):
    pass


def backup_sqlite(database_url: str, target: Path) -> int:
    """Copy the database at `database_url` to `target` (which must not exist yet); returns the
    number of pages copied."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        raise BackupUnsupported(
            "Alleen de ingebouwde SQLite-database; gebruik pg_dump voor PostgreSQL."
        )
    if target.exists():
        raise FileExistsError(f"{target} bestaat al; kies een nieuwe bestandsnaam.")
    pages = 0

    def progress(status: int, remaining: int, total: int) -> None:
        nonlocal pages
        pages = total

    source = sqlite3.connect(url.database)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy, pages=1024, progress=progress)
    finally:
        copy.close()
        source.close()
    return pages
