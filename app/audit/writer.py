"""Batches access-log rows and writes them in one transaction every few hundred milliseconds.

Writing a row per request in its own transaction turned every read into a write and made
concurrent requests queue on SQLite's single writer. Rows now wait at most `interval` seconds
(or until `batch` rows are waiting) in memory. `flush()` writes immediately: the audit query
calls it so the log it shows is complete, and the app calls it on shutdown. The trade-off, an
abrupt crash can lose the rows of the last interval, is stated in the README.
"""

import logging
import threading
from typing import Any

from sqlalchemy import insert

from app.audit.models import AuditEvent
from app.db import Database

AUDIT = AuditEvent.__table__  # type: ignore[attr-defined]
log = logging.getLogger("methodisch.audit")


class AuditWriter:
    def __init__(self, db: Database, *, interval: float = 0.2, batch: int = 200) -> None:
        self.db = db
        self.interval = interval
        self.batch = batch
        self._rows: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="audit-writer", daemon=True)
        self._thread.start()

    def add(self, rows: list[dict[str, Any]]) -> None:
        with self._lock:
            self._rows.extend(rows)
            full = len(self._rows) >= self.batch
        if full:
            self._wake.set()

    def flush(self) -> None:
        with self._flush_lock:
            with self._lock:
                rows, self._rows = self._rows, []
            if not rows:
                return
            try:
                with self.db.write() as s:
                    s.connection().execute(insert(AUDIT), rows)
            except Exception:
                with self._lock:  # put them back, oldest first, for the next attempt
                    self._rows[:0] = rows
                raise

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=5)
        self.flush()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.interval)
            self._wake.clear()
            try:
                self.flush()
            except Exception:  # keep logging on a transient database error; rows are retried
                log.exception("audit flush failed; retrying")
