"""Tables of the episode domain: the episode, its step records, sessions and events."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.types import JsonDoc, UtcDateTime


class Episode(SQLModel, table=True):
    """A behandelepisode: which step it is in, on which definition, and its version."""

    __tablename__ = "episode"
    __table_args__ = (
        # Every list is one practice's, in id order: keyset pages walk these indexes.
        Index("ix_episode_practice_id", "practice_id", "id"),
        Index("ix_episode_practice_status_id", "practice_id", "status", "id"),
        Index("ix_episode_practice_profile_id", "practice_id", "profile", "id"),
        Index("ix_episode_practice_client_ref_id", "practice_id", "client_ref", "id"),
        Index("ix_episode_practice_therapist_id", "practice_id", "therapist_id", "id"),
        # Outcome data (the LDO export, the outcome overview) is asked per closing period.
        Index("ix_episode_practice_afgesloten_op", "practice_id", "afgesloten_op"),
    )

    id: int | None = Field(default=None, primary_key=True)
    practice_id: int = Field(
        sa_column=Column(Integer, ForeignKey("practice.id", ondelete="RESTRICT"), nullable=False)
    )
    therapist_id: int = Field(
        sa_column=Column(Integer, ForeignKey("therapist.id", ondelete="RESTRICT"), nullable=False)
    )
    """The responsible therapist."""
    client_ref: str = Field(max_length=64)
    profile: str = Field(max_length=32)
    definition_version: int
    route: str = Field(max_length=16)
    status: str = Field(max_length=16)
    version: int = 1
    client: dict[str, Any] = Field(sa_column=Column(JsonDoc, nullable=False))
    verwijzing: dict[str, Any] | None = Field(default=None, sa_column=Column(JsonDoc))
    aangemeld_op: date
    sessie_count: int = 0
    metingen: dict[str, list[str]] = Field(
        default_factory=dict, sa_column=Column(JsonDoc, nullable=False, server_default="{}")
    )
    """Per instrument, the moments measured: what the evaluatie gate needs without a query."""
    aangehouden: dict[str, Any] | None = Field(default=None, sa_column=Column(JsonDoc))
    """While temporarily referred out during treatment: to whom, why, since when."""
    # Who letters go to (practice data, never the client's) and the client's consents to
    # share, both append-only; see workflows/toestemming.py.
    contacten: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JsonDoc))
    toestemmingen: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JsonDoc))
    berichten_verzonden: list[str] | None = Field(default=None, sa_column=Column(JsonDoc))
    """The soorten of bericht marked sent (the afsluiting gate reads it with the episode)."""
    afgesloten_op: date | None = None
    """The day (in the Netherlands) the episode was closed."""
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    created_by: str = Field(max_length=128)


class StepRecord(SQLModel, table=True):
    """The current record of one step; every saved version is also in `step_record_version`."""

    __tablename__ = "step_record"

    episode_id: int = Field(
        sa_column=Column(Integer, ForeignKey("episode.id", ondelete="CASCADE"), primary_key=True)
    )
    step: str = Field(primary_key=True, max_length=16)
    version: int
    data: dict[str, Any] = Field(sa_column=Column(JsonDoc, nullable=False))
    saved_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    saved_by: str = Field(max_length=128)
    correctie_reden: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    """Set when this version corrects a step already passed (third edition): why."""


class StepRecordVersion(SQLModel, table=True):
    """Append-only: every version of every step record, the current one included."""

    __tablename__ = "step_record_version"
    __table_args__ = (UniqueConstraint("episode_id", "step", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    episode_id: int = Field(
        sa_column=Column(Integer, ForeignKey("episode.id", ondelete="CASCADE"), nullable=False)
    )
    step: str = Field(max_length=16)
    version: int
    data: dict[str, Any] = Field(sa_column=Column(JsonDoc, nullable=False))
    saved_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    saved_by: str = Field(max_length=128)
    correctie_reden: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    """Set when this version corrects a step already passed (third edition): why."""


class Sessie(SQLModel, table=True):
    """One behandelsessie, appended as its own row (never by rewriting a growing document)."""

    __tablename__ = "sessie"
    __table_args__ = (Index("ix_sessie_episode_id", "episode_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    episode_id: int = Field(
        sa_column=Column(Integer, ForeignKey("episode.id", ondelete="CASCADE"), nullable=False)
    )
    datum: date
    data: dict[str, Any] = Field(sa_column=Column(JsonDoc, nullable=False))
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    created_by: str = Field(max_length=128)


class EpisodeEvent(SQLModel, table=True):
    """Append-only history: every create, record save, session and transition.

    It is also the practice's change feed (`/v1/changes`): `seq` numbers a practice's events in
    commit order (see `ChangeSeq`)."""

    __tablename__ = "episode_event"
    __table_args__ = (
        Index("ix_episode_event_episode_id", "episode_id", "id"),
        Index("ix_episode_event_practice_seq", "practice_id", "seq", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    episode_id: int = Field(
        sa_column=Column(Integer, ForeignKey("episode.id", ondelete="CASCADE"), nullable=False)
    )
    practice_id: int = Field(
        sa_column=Column(Integer, ForeignKey("practice.id", ondelete="CASCADE"), nullable=False)
    )
    seq: int
    kind: str = Field(max_length=32)
    actor: str = Field(max_length=128)
    at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    episode_version: int
    data: dict[str, Any] = Field(sa_column=Column(JsonDoc, nullable=False))


class ChangeSeq(SQLModel, table=True):
    """The last change number of each practice. Taking the next one updates this row, which on
    PostgreSQL holds its lock until commit: a second writer of the same practice waits, so
    numbers become visible in order and a feed reader never skips one that commits late."""

    __tablename__ = "change_seq"

    practice_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("practice.id", ondelete="CASCADE"), primary_key=True),
    )
    seq: int
