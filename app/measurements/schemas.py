"""Request and response shapes of an episode's measurements."""

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

import measures
from app.instruments.schemas import ScoreOut
from workflows.metingen import Moment


class MeasurementIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "instrument": "nprs",
                    "moment": "baseline",
                    "responses": {"score": 6},
                    "afgenomen_op": "2026-03-02",
                }
            ]
        },
    )

    instrument: str = Field(min_length=1, max_length=32, description="Code, see /v1/instruments.")
    moment: Moment = Field(description="baseline (intake), tussentijds, or eind (evaluation).")
    responses: dict[str, Any] = Field(description="Item id -> answer; leave out a missing item.")
    afgenomen_op: date = Field(description="Date the instrument was taken.")

    @field_validator("instrument")
    @classmethod
    def _known(cls, code: str) -> str:
        measures.get(code)  # UnknownInstrument is a ValueError: pydantic reports it on the field
        return code


class MeasurementOut(BaseModel):
    id: int
    episode_id: int
    instrument: str
    moment: Moment
    afgenomen_op: date
    responses: dict[str, Any]
    score: ScoreOut
    created_at: datetime
    created_by: str


class MeasurementPage(BaseModel):
    items: list[MeasurementOut]


class ScorePoint(BaseModel):
    measurement_id: int
    moment: Moment
    afgenomen_op: date
    value: float | int | str | bool | None
    band: str | None


class InstrumentChange(BaseModel):
    instrument: str
    name: str
    main_score: str
    direction: str | None
    baseline: ScorePoint | None = Field(description="The first baseline measurement.")
    latest: ScorePoint | None = Field(description="The latest follow-up (tussentijds or eind).")
    change: float | None = Field(description="latest minus baseline on the main score.")
    improved: bool | None
    mcid: float | None
    mcid_reached: bool | None = Field(description="Improvement of at least the MCID.")


class MeasurementSummary(BaseModel):
    episode_id: int
    instruments: list[InstrumentChange]
