"""The database: one engine, a read session and a write transaction.

SQLite (the embedded default) runs in WAL mode with foreign keys on and a busy timeout. Writes
take `BEGIN IMMEDIATE` under an in-process lock, so concurrent writers queue in Python instead of
falling into SQLite's busy-wait sleeps. PostgreSQL needs neither: its row locks and the
conditional `UPDATE ... WHERE version = ?` in the services keep concurrent writers apart.
"""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Annotated, Any, ParamSpec, TypeVar

from fastapi import Depends, Request
from sqlalchemy import event
from sqlalchemy.engine import Engine, ExceptionContext
from sqlalchemy.exc import DataError
from sqlmodel import Session, create_engine
from starlette.concurrency import run_in_threadpool

from app.settings import Settings
from app.sql import Tx

P = ParamSpec("P")
T = TypeVar("T")


def make_engine(settings: Settings) -> Engine:
    url = settings.database_url
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False},
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_pool_size,
        )
        _configure_sqlite(engine, settings.sqlite_busy_timeout_ms)
        return engine
    # No ping before every checkout: it is a network round trip per transaction, on every
    # request. A connection broken by a database restart fails its request once and is then
    # discarded by the pool (its reset on return fails); connections are renewed every 30 min.
    return create_engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_pool_size,
        pool_recycle=1800,
    )


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (below)
        cur = dbapi_conn.cursor()
        for pragma in (
            "journal_mode=WAL",
            "synchronous=NORMAL",
            "foreign_keys=ON",
            f"busy_timeout={busy_timeout_ms}",
            # Checkpoints (which fsync) run in the background (`checkpoint`), not in a commit.
            "wal_autocheckpoint=0",
        ):
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN " + conn.get_execution_options().get("sqlite_begin", ""))

    @event.listens_for(engine, "handle_error")
    def _on_error(context: ExceptionContext) -> None:
        # sqlite3 cannot bind an integer beyond 64 bits and says so with a bare OverflowError:
        # the case PostgreSQL reports as DataError ("integer out of range"), so report it the
        # same way (a 422, `app/problems.py`), not as a crash.
        if isinstance(context.original_exception, OverflowError):
            raise DataError(
                context.statement, context.parameters, context.original_exception
            ) from context.original_exception


class Database:
    """Hands out sessions: `read()` for queries, `write()` for one all-or-nothing transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"
        self._writer = (
            engine.execution_options(sqlite_begin="IMMEDIATE") if self.is_sqlite else engine
        )
        self._write_lock = threading.Lock() if self.is_sqlite else None

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """Commit on success, roll back on any error: nothing is ever half-written."""
        lock = self._write_lock or nullcontext()
        with lock, Session(self._writer, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def transaction(self, *, write: bool) -> Iterator[Tx]:
        """A transaction straight on the driver connection (see `app/sql.py`): commit on
        success, roll back on any error. Writers on SQLite queue on the same in-process lock as
        `write()`, so the two kinds of writer never meet in SQLite's busy-wait."""
        lock = (self._write_lock if write else None) or nullcontext()
        # A read on PostgreSQL runs in autocommit: no COMMIT round trip after it. (The reads that
        # go through here are single statements; reads of client data write their access row,
        # so they take a write transaction.)
        autocommit = not write and not self.is_sqlite
        with lock:
            conn = self.engine.raw_connection()
            try:
                if autocommit:
                    conn.driver_connection.autocommit = True  # type: ignore[union-attr]
                cur = conn.cursor()
                if self.is_sqlite:
                    cur.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                try:
                    yield Tx(cur, postgres=not self.is_sqlite)
                except BaseException:
                    conn.rollback()  # sqlite3 and psycopg both end the open transaction
                    raise
                if not autocommit:
                    conn.commit()
                cur.close()
            finally:
                if autocommit:
                    conn.driver_connection.autocommit = False  # type: ignore[union-attr]
                conn.close()  # back to the pool

    async def run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a use case. On SQLite in the event loop itself: its statements take microseconds
        and SQLite has one writer anyway, so a hop to the thread pool would cost more than the
        work. On PostgreSQL in the thread pool: statements wait on the network, and the loop
        must keep serving other requests meanwhile."""
        if self.is_sqlite:
            return fn(*args, **kwargs)
        return await run_in_threadpool(fn, *args, **kwargs)

    def dispose(self) -> None:
        self.engine.dispose()


def checkpoint(engine: Engine) -> None:
    """Copy SQLite's write-ahead log into the database file (PASSIVE: never blocks readers or
    writers). With `synchronous=NORMAL` a commit only appends to the WAL (durable against a
    crash of the process, kill -9 included); the checkpoint is where SQLite fsyncs. Left to
    SQLite it runs inside whichever commit crosses 1000 pages, and that request waits for the
    disk; `app.upkeep` runs it in the background instead."""
    conn = engine.raw_connection()
    try:
        conn.cursor().execute("PRAGMA wal_checkpoint(PASSIVE)")
    finally:
        conn.close()


def database(request: Request) -> Database:
    """The app's database. Routes on the request path call this instead of depending on
    `DatabaseDep`: every dependency is solved anew on each request, and costs more than this."""
    db: Database = request.app.state.db
    return db


async def get_database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


DatabaseDep = Annotated[Database, Depends(get_database)]
