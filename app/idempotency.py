"""Idempotency-Key on POST: a retried request gets the first answer and creates nothing new.

The key is claimed inside the same transaction as the effect, so the answer and the effect land
together or not at all. Two racing requests with one key: the second waits on the key's primary
key (PostgreSQL) or the write lock (SQLite) and then replays the first answer.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Column, String
from sqlmodel import Field, SQLModel

from app import problems
from app.sql import Tx
from app.types import JsonDoc, UtcDateTime, utcnow


class IdempotencyKey(SQLModel, table=True):
    __tablename__ = "idempotency_key"

    key: str = Field(sa_column=Column(String(300), primary_key=True))
    fingerprint: str = Field(max_length=64)
    response: dict[str, Any] | None = Field(default=None, sa_column=Column(JsonDoc))
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False, index=True))


@dataclass(frozen=True)
class IdempotentRequest:
    """Who sent which key for which request; the fingerprint tells a retry from a reuse."""

    key: str
    fingerprint: str
    ttl_hours: float = 24
    """How long the answer is replayed (Settings.idempotency_ttl_hours)."""

    @classmethod
    def of(
        cls,
        key: str | None,
        *,
        scope: str,
        method: str,
        path: str,
        raw: bytes,
        ttl_hours: float = 24,
    ) -> "IdempotentRequest | None":
        """A retry sends the same bytes, so the raw body is the fingerprint: no parse, and no
        depth or size the fingerprint could choke on."""
        if key is None:
            return None
        digest = hashlib.sha256(f"{method} {path}\n".encode() + raw).hexdigest()
        return cls(key=f"{scope}:{key}", fingerprint=digest, ttl_hours=ttl_hours)


def claim(tx: Tx, req: IdempotentRequest | None) -> dict[str, Any] | None:
    """The stored answer if this key was used before (and has not expired); otherwise claim the
    key and return None.

    One upsert decides: a new key is inserted, an expired one is taken over, a live one is left
    alone. `ON CONFLICT` makes a racing retry wait for the first request's transaction
    (PostgreSQL waits on the key's unique index; SQLite's writers queue anyway) and then read
    its answer, instead of failing on the duplicate key."""
    if req is None:
        return None
    now = utcnow()
    claimed = tx.run(
        "INSERT INTO idempotency_key (key, fingerprint, created_at) "
        "VALUES (:key, :fingerprint, :at) ON CONFLICT (key) DO UPDATE SET "
        "fingerprint = excluded.fingerprint, response = NULL, created_at = excluded.created_at "
        "WHERE idempotency_key.created_at < :expired_before",
        {
            "key": req.key,
            "fingerprint": req.fingerprint,
            "at": tx.at(now),
            "expired_before": tx.at(now - timedelta(hours=req.ttl_hours)),
        },
    )
    if claimed == 1:
        return None
    row = tx.one(
        "SELECT fingerprint, response FROM idempotency_key WHERE key = :key", {"key": req.key}
    )
    if row is None or row[0] != req.fingerprint:
        raise problems.IdempotencyKeyReused(
            "Deze Idempotency-Key is al gebruikt voor een ander verzoek."
        )
    return dict(tx.from_json(row[1]))


def purge_expired(tx: Tx, *, ttl_hours: float) -> int:
    """Forget answers older than the TTL (a retry that late is a new request); rows removed."""
    return tx.run(
        "DELETE FROM idempotency_key WHERE created_at < :expired_before",
        {"expired_before": tx.at(utcnow() - timedelta(hours=ttl_hours))},
    )


def remember(tx: Tx, req: IdempotentRequest | None, response: dict[str, Any]) -> None:
    """Store the answer with the claimed key, in the same transaction as the effect."""
    if req is not None:
        tx.run(
            "UPDATE idempotency_key SET response = :response WHERE key = :key",
            {"key": req.key, "response": tx.json(response)},
        )
