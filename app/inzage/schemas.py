"""The shape of the client's copy: the whole episode, as JSON (and the input of the PDF)."""

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from app.berichten.schemas import BerichtDetail
from app.episodes.schemas import (
    ContactOut,
    EpisodeSummary,
    EventOut,
    SessieOut,
    ToestemmingOut,
    Verwijzing,
)
from app.measurements.schemas import MeasurementOut
from workflows.client import ClientFacts
from workflows.steps import Step


class Praktijk(BaseModel):
    naam: str
    agb: str | None = Field(default=None, description="AGB-code van de praktijk.")


class InzageEpisode(EpisodeSummary):
    """The episode's own facts (without what the workflow offers next)."""

    created_by: str
    client: ClientFacts
    verwijzing: Verwijzing | None
    aangemeld_op: date
    sessie_count: int
    aangehouden: dict[str, Any] | None = Field(
        description="Set while the client is temporarily referred out (to whom, why, since)."
    )


class RecordVersion(BaseModel):
    version: int = Field(description="Version of the step's record (1 for the first save).")
    data: dict[str, Any] = Field(description="The form as saved.")
    saved_at: datetime
    saved_by: str
    correctie_reden: str | None = Field(
        description="Why this version corrects a step already passed; null for a plain save."
    )


class StepRecords(BaseModel):
    step: Step
    versions: list[RecordVersion] = Field(description="Every version, oldest first.")


class InzageOut(BaseModel):
    """Everything the engine holds about one episode of the client."""

    exported_at: datetime = Field(description="When this copy was made (UTC).")
    praktijk: Praktijk
    behandelaar: str | None = Field(description="The responsible therapist's name.")
    episode: InzageEpisode
    records: list[StepRecords] = Field(
        description="Per step that has a record, in the order of the steps."
    )
    sessies: list[SessieOut] = Field(description="Oldest first.")
    measurements: list[MeasurementOut] = Field(description="Oldest first, with their scores.")
    events: list[EventOut] = Field(description="The whole history, oldest first.")
    contacten: list[ContactOut] = Field(description="In the order they were added.")
    toestemmingen: list[ToestemmingOut] = Field(description="Every consent record, oldest first.")
    berichten: list[BerichtDetail] = Field(
        description="Every bericht, oldest first: metadata and content (not the stored HTML)."
    )
