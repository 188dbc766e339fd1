"""A measurement: one instrument taken at one moment, with the scores computed on save."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from app.types import JsonDoc, UtcDateTime


class Measurement(SQLModel, table=True):
    __tablename__ = "measurement"
    __table_args__ = (Index("ix_measurement_episode_instrument", "episode_id", "instrument", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    episode_id: int = Field(
        sa_column=Column(Integer, ForeignKey("episode.id", ondelete="CASCADE"), nullable=False)
    )
    instrument: str = Field(max_length=32)
    moment: str = Field(max_length=16)
    afgenomen_op: date
    responses: dict[str, Any] = Field(sa_column=Column(JsonDoc, nullable=False))
    scores: dict[str, Any] = Field(sa_column=Column(JsonDoc, nullable=False))
    """Named totals and subscales, as the catalogue computed them."""
    main_score: str = Field(max_length=32)
    band: str | None = Field(default=None, max_length=64)
    missing: list[str] = Field(sa_column=Column(JsonDoc, nullable=False))
    catalogue_version: str = Field(max_length=16)
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    created_by: str = Field(max_length=128)
