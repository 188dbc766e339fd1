"""The table of berichten: each a version made from the episode's data, never changed once sent."""

from datetime import datetime
from typing import Any

from sqlalchemy import Column, ForeignKey, Index, Integer, Text
from sqlmodel import Field, SQLModel

from app.types import JsonDoc, UtcDateTime


class Bericht(SQLModel, table=True):
    """One bericht to a contact of the episode: its content as built, the HTML rendered from it
    and that HTML's SHA-256, the episode version it was made from, and when it was sent."""

    __tablename__ = "bericht"
    __table_args__ = (Index("ix_bericht_episode_id", "episode_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    episode_id: int = Field(
        sa_column=Column(Integer, ForeignKey("episode.id", ondelete="CASCADE"), nullable=False)
    )
    soort: str = Field(max_length=32)
    """eerste_bericht, tussenbericht or eindverslag (`workflows/berichten.py`)."""
    ontvanger: int
    """The contact it is addressed to: its id in the episode's `contacten`."""
    episode_version: int
    """The version of the episode whose data it shows."""
    content: dict[str, Any] = Field(sa_column=Column(JsonDoc, nullable=False))
    html: str = Field(sa_column=Column(Text, nullable=False))
    sha256: str = Field(max_length=64)
    """Hex SHA-256 of `html` as UTF-8: what was sent can be shown to be what is stored."""
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    created_by: str = Field(max_length=128)
    verzonden_op: datetime | None = Field(
        default=None, sa_column=Column(UtcDateTime, nullable=True)
    )
    verzonden_door: str | None = Field(default=None, max_length=128)
