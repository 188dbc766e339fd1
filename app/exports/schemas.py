"""The LDO export: one record per closed episode, pseudonymised. Field names are Dutch, as the
field speaks; the README maps each to its basis."""

from datetime import date, datetime

from pydantic import BaseModel, Field


class LdoMeting(BaseModel):
    instrument: str = Field(description="Instrument code (see /v1/instruments).")
    score: str = Field(description="Which score: the instrument's main score.")
    baseline: float | None = Field(description="The first baseline measurement's score.")
    eind: float | None = Field(description="The last end measurement's score.")
    verandering: float | None = Field(description="eind minus baseline.")
    mcid_bereikt: bool | None = Field(description="Improvement of at least the MCID.")


class LdoEpisode(BaseModel):
    pseudoniem: str = Field(description="Keyed hash of the client reference (this export only).")
    profiel: str
    route: str = Field(description="dto (direct access) or verwijzing.")
    verwijzer_type: str | None
    diagnosecode: str | None = Field(description="DCSPH code, where recorded.")
    leeftijdsgroep: str = Field(description="Age band at aanmelding, never the birth date.")
    geslacht: str | None
    startmaand: str = Field(description="Month of aanmelding, YYYY-MM.")
    afsluitmaand: str = Field(description="Month of closing, YYYY-MM.")
    aantal_sessies: int
    reden_afsluiting: str | None
    metingen: list[LdoMeting]


class LdoExport(BaseModel):
    praktijk_agb: str | None
    since: date = Field(alias="from", description="Closed on or after this day.")
    until: date = Field(alias="to", description="Closed before this day.")
    gemaakt_op: datetime
    catalogus_versie: str
    pseudonimisering: str
    uitgesloten: int = Field(description="Closed episodes left out: the client objected.")
    episodes: list[LdoEpisode]

    model_config = {"populate_by_name": True, "serialize_by_alias": True}
