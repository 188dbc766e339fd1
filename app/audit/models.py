"""The NEN 7513 access log: who touched which client's data, what, when, with what outcome."""

from datetime import datetime

from sqlalchemy import Column, Index
from sqlmodel import Field, SQLModel

from app.types import UtcDateTime


class AuditEvent(SQLModel, table=True):
    """Append-only. Never holds form contents, responses or credentials."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_practice_at", "practice_id", "at"),
        Index("ix_audit_practice_client_at", "practice_id", "client_ref", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    request_id: str | None = Field(default=None, max_length=32)
    """Rows written for one request share it (a list page writes one row per client)."""
    practice_id: int | None = None
    actor_type: str = Field(max_length=16)
    """therapist, api_client or anonymous (no valid token)."""
    actor_id: int | None = None
    actor_name: str | None = Field(default=None, max_length=200)
    acting_user_id: str | None = Field(default=None, max_length=64)
    """For an EPD: which of its own users acted (`X-Acting-User-Id`); None for a therapist."""
    acting_user_name: str | None = Field(default=None, max_length=200)
    """For an EPD: that user's name (`X-Acting-User-Name`)."""
    client_ref: str | None = Field(default=None, max_length=64)
    episode_id: int | None = None
    action: str = Field(max_length=16)
    """read, create, update, transition, export."""
    resource: str = Field(max_length=200)
    """Method and route template, e.g. `GET /v1/episodes/{episode_id}`."""
    outcome: int
    """The HTTP status answered."""
