"""Upkeep: an Idempotency-Key is replayed within its time to live, taken over after it, and
purged; the upkeep thread runs its jobs and stops cleanly."""

import threading
from pathlib import Path

from app import idempotency
from app.db import Database, make_engine
from app.idempotency import IdempotentRequest
from app.settings import Settings
from app.testing import ScratchDatabases
from app.upkeep import Upkeep, purge_idempotency_keys


def _db(tmp_path: Path) -> Database:
    return Database(make_engine(Settings(database_url=ScratchDatabases.from_env(tmp_path).fresh())))


def _request(ttl_hours: float) -> IdempotentRequest:
    req = IdempotentRequest.of(
        "k1", scope="therapist:1", method="POST", path="/v1/x", raw=b"{}", ttl_hours=ttl_hours
    )
    assert req is not None
    return req


def test_a_key_is_replayed_within_its_ttl_and_taken_over_after_it(tmp_path: Path) -> None:
    db = _db(tmp_path)
    with db.transaction(write=True) as tx:
        assert idempotency.claim(tx, _request(24)) is None  # first use: claimed
        idempotency.remember(tx, _request(24), {"status": 201})
    with db.transaction(write=True) as tx:
        assert idempotency.claim(tx, _request(24)) == {"status": 201}  # a retry: replayed
    with db.transaction(write=True) as tx:
        assert idempotency.claim(tx, _request(0)) is None  # expired: a new request
    db.dispose()


def test_expired_keys_are_purged_and_live_ones_kept(tmp_path: Path) -> None:
    db = _db(tmp_path)
    with db.transaction(write=True) as tx:
        idempotency.claim(tx, _request(24))
    assert purge_idempotency_keys(db, ttl_hours=24) == 0
    assert purge_idempotency_keys(db, ttl_hours=0) == 1
    db.dispose()


def test_upkeep_runs_each_job_on_its_interval_and_once_more_on_stop() -> None:
    ran: list[str] = []
    twice = threading.Event()

    def job() -> None:
        ran.append("job")
        if len(ran) >= 2:
            twice.set()

    upkeep = Upkeep()
    upkeep.every(0.05, "job", job)
    upkeep.start()
    assert twice.wait(timeout=5)
    upkeep.stop()
    count = len(ran)
    assert count >= 3  # at least two turns, and the last one on stop
    assert not any(t.name == "upkeep" and t.is_alive() for t in threading.enumerate())
