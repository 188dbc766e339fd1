"""Upkeep off the request path: small database jobs, each on its own interval, in one
background thread that starts and stops with the app."""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from app import idempotency
from app.db import Database, checkpoint
from app.settings import Settings

log = logging.getLogger("methodisch.upkeep")


@dataclass
class _Job:
    name: str
    every: float
    run: Callable[[], object]
    due: float = field(default=0.0)


class Upkeep:
    def __init__(self) -> None:
        self._jobs: list[_Job] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="upkeep", daemon=True)

    def every(self, seconds: float, name: str, run: Callable[[], object]) -> None:
        self._jobs.append(_Job(name, seconds, run, time.monotonic() + seconds))

    def start(self) -> None:
        if self._jobs:
            self._thread.start()

    def stop(self) -> None:
        """Stop the thread, then run every job once more (a last checkpoint on shutdown)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        for job in self._jobs:
            self._run(job)

    def _loop(self) -> None:
        while not self._stop.is_set():
            now = time.monotonic()
            for job in self._jobs:
                if job.due <= now:
                    self._run(job)
                    job.due = now + job.every
            next_due = min(job.due for job in self._jobs)
            self._stop.wait(max(0.05, next_due - time.monotonic()))

    @staticmethod
    def _run(job: _Job) -> None:
        try:
            job.run()
        except Exception:  # a busy or failing job is retried on its next turn
            log.warning("upkeep job %s failed; retrying later", job.name, exc_info=True)


def purge_idempotency_keys(db: Database, ttl_hours: float) -> int:
    with db.transaction(write=True) as tx:
        return idempotency.purge_expired(tx, ttl_hours=ttl_hours)


def for_app(db: Database, settings: Settings) -> Upkeep:
    upkeep = Upkeep()
    if db.is_sqlite:
        upkeep.every(
            settings.sqlite_checkpoint_interval_s, "checkpoint", partial(checkpoint, db.engine)
        )
    upkeep.every(
        600,
        "idempotency purge",
        partial(purge_idempotency_keys, db, settings.idempotency_ttl_hours),
    )
    return upkeep
