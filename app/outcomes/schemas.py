"""The shapes of the practice outcome overview."""

from datetime import date

from pydantic import BaseModel, Field


class ChangeBin(BaseModel):
    low: float
    high: float
    episodes: int


class OutcomeGroup(BaseModel):
    profile: str | None = Field(description="The profile, or null for all profiles together.")
    suppressed: bool = Field(
        description="Fewer than `suppress_below` episodes: no figures are given for this group."
    )
    episodes: int | None = Field(
        default=None,
        description="Closed episodes with a baseline and an end measurement (null if suppressed).",
    )
    mean_change: float | None = None
    median_change: float | None = None
    improved_share: float | None = Field(
        default=None, description="Share that changed in the better direction."
    )
    mcid_reached_share: float | None = Field(
        default=None,
        description="Share whose improvement is at least the MCID (null: no MCID published).",
    )
    distribution: list[ChangeBin] = Field(
        default_factory=list, description="The change in equal-width bins."
    )


class InstrumentOutcomes(BaseModel):
    instrument: str
    name: str
    main_score: str
    direction: str | None
    mcid: float | None
    mcid_reference: str
    groups: list[OutcomeGroup] = Field(description="All profiles together first, then each.")


class OutcomeOverview(BaseModel):
    since: date | None = Field(alias="from", description="Closed on or after this day.")
    until: date | None = Field(alias="to", description="Closed before this day.")
    suppress_below: int = Field(description="Groups with fewer episodes are suppressed.")
    instruments: list[InstrumentOutcomes]

    model_config = {"populate_by_name": True, "serialize_by_alias": True}
