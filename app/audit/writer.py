"""Commits access-log rows before the answer leaves: no acknowledged request without its row.

A write logs its own rows inside its transaction (`store.log_in`). Every other request (reads,
refused writes) hands its rows to `log()` and waits until they are committed; only then does
the middleware let the answer out. Rows of requests that arrive together share one commit
(group commit): a waiting request lets the event loop run, the others add their rows, and one
transaction writes them all. So a crash, even kill -9, can lose only rows of requests that were
never answered.
"""

import asyncio
from typing import Any

from app.audit.store import insert
from app.db import Database
from app.metrics import AUDIT_QUEUE


class AuditWriter:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._pending: list[tuple[list[dict[str, Any]], asyncio.Future[None]]] = []
        self._scheduled = False

    async def log(self, rows: list[dict[str, Any]]) -> None:
        """Return once `rows` are committed; raise if they could not be."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        self._pending.append((rows, done))
        AUDIT_QUEUE.inc(len(rows))
        if not self._scheduled:
            self._scheduled = True
            # Later in this loop iteration, so requests that are ready now join the batch.
            loop.call_soon(lambda: loop.create_task(self._commit()))
        await done

    async def _commit(self) -> None:
        batch, self._pending = self._pending, []
        self._scheduled = False
        AUDIT_QUEUE.dec(sum(len(rows) for rows, _ in batch))
        try:
            await self.db.run(self._write, [row for rows, _ in batch for row in rows])
        except Exception as exc:
            for _, done in batch:
                done.set_exception(exc)
        else:
            for _, done in batch:
                done.set_result(None)

    def _write(self, rows: list[dict[str, Any]]) -> None:
        with self.db.transaction(write=True) as tx:
            insert(tx, rows)
