"""Idempotency-Key on POST: a retried request gets the first answer and creates nothing new.

The key is claimed inside the same transaction as the effect, so the answer and the effect land
together or not at all. Two racing requests with one key: the second waits on the key's primary
key (PostgreSQL) or the write lock (SQLite) and then replays the first answer.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Column, String, insert, select, update
from sqlmodel import Field, Session, SQLModel

from app import problems
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

    @classmethod
    def of(
        cls, key: str | None, *, scope: str, method: str, path: str, body: Any
    ) -> "IdempotentRequest | None":
        if key is None:
            return None
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
        digest = hashlib.sha256(f"{method} {path}\n{canonical}".encode()).hexdigest()
        return cls(key=f"{scope}:{key}", fingerprint=digest)


_TABLE = IdempotencyKey.__table__  # type: ignore[attr-defined]


def claim(session: Session, req: IdempotentRequest | None) -> dict[str, Any] | None:
    """The stored answer if this key was used before; otherwise claim the key and return None."""
    if req is None:
        return None
    conn = session.connection()
    row = conn.execute(
        select(_TABLE.c.fingerprint, _TABLE.c.response).where(_TABLE.c.key == req.key)
    ).one_or_none()
    if row is not None:
        if row.fingerprint != req.fingerprint:
            raise problems.IdempotencyKeyReused(
                "Deze Idempotency-Key is al gebruikt voor een ander verzoek."
            )
        return dict(row.response)
    conn.execute(
        insert(_TABLE).values(key=req.key, fingerprint=req.fingerprint, created_at=utcnow())
    )
    return None


def remember(session: Session, req: IdempotentRequest | None, response: dict[str, Any]) -> None:
    """Store the answer with the claimed key, in the same transaction as the effect."""
    if req is not None:
        session.connection().execute(
            update(_TABLE).where(_TABLE.c.key == req.key).values(response=response)
        )
