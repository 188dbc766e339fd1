"""Statements on the request path, straight through the DB-API driver.

The per-request cost of a write was dominated by SQLAlchemy's statement machinery (cache keys,
compilation lookups, the ORM session), not by SQLite or PostgreSQL. The hot statements are
therefore plain SQL strings run on the pooled driver connection: sqlite3 caches their prepared
form per connection, psycopg prepares them on the server after a few uses. The schema itself
stays in the SQLModel tables and alembic; this module only speaks the same column formats that
SQLAlchemy writes, so either side reads what the other wrote:

- SQLite: timestamps as `YYYY-MM-DD HH:MM:SS.ffffff` in UTC, dates as ISO text, JSON as text.
- PostgreSQL: native timestamptz, date and JSONB.

SQL is written once with `:name` parameters; for psycopg they become `%(name)s`.
"""

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

Params = Mapping[str, Any]
Row = Sequence[Any]

_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


@lru_cache(maxsize=512)
def _pyformat(sql: str) -> str:
    return _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))


class Tx:
    """One open transaction on a driver connection, with the codecs of its dialect."""

    def __init__(self, cursor: Any, *, postgres: bool) -> None:
        self._cur = cursor
        self.postgres = postgres
        if postgres:
            from psycopg.types.json import Jsonb  # only needed on PostgreSQL

            self._jsonb = Jsonb

    # --- statements ------------------------------------------------------------------------

    def run(self, sql: str, params: Params | None = None) -> int:
        """Execute one statement; the number of rows it changed."""
        self._cur.execute(_pyformat(sql) if self.postgres else sql, params or {})
        return int(self._cur.rowcount)

    def many(self, sql: str, rows: Sequence[Params]) -> None:
        self._cur.executemany(_pyformat(sql) if self.postgres else sql, rows)

    def one(self, sql: str, params: Params | None = None) -> Row | None:
        self._cur.execute(_pyformat(sql) if self.postgres else sql, params or {})
        row: Row | None = self._cur.fetchone()
        return row

    def all(self, sql: str, params: Params | None = None) -> list[Row]:
        self._cur.execute(_pyformat(sql) if self.postgres else sql, params or {})
        return list(self._cur.fetchall())

    def scalar(self, sql: str, params: Params | None = None) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    # --- values in -------------------------------------------------------------------------

    def json(self, value: Any) -> Any:
        # json.dumps with its defaults is what SQLAlchemy's JSON type writes on SQLite.
        return self._jsonb(value) if self.postgres else json.dumps(value)

    def at(self, value: datetime) -> Any:
        if self.postgres:
            return value
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")

    def day(self, value: date) -> Any:
        return value if self.postgres else value.isoformat()

    # --- values out ------------------------------------------------------------------------

    def from_json(self, value: Any) -> Any:
        return value if self.postgres or value is None else json.loads(value)

    def from_at(self, value: Any) -> datetime:
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=UTC)
        return datetime.fromisoformat(value).replace(tzinfo=UTC)

    def from_day(self, value: Any) -> date:
        return value if isinstance(value, date) else date.fromisoformat(value)


def rows_as_dicts(columns: Sequence[str], rows: Iterator[Row]) -> Iterator[dict[str, Any]]:
    for row in rows:
        yield dict(zip(columns, row, strict=True))
