"""How the catalogue of measurement instruments is described over HTTP."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from measures import Instrument, Score


class ItemOut(BaseModel):
    id: str
    min: int
    max: int
    label: str
    allowed: list[int] | None
    optional: bool
    scored: bool


class InstrumentSummary(BaseModel):
    code: str
    name: str
    kind: str
    direction: str | None = Field(description="higher_is_better, higher_is_worse or null.")
    main_score: str
    score_min: float
    score_max: float
    mcid: float | None
    reference: str


class InstrumentOut(InstrumentSummary):
    mcid_reference: str
    missing_rule: str
    items: list[ItemOut]
    subscales: dict[str, list[str]]
    response_schema: dict[str, Any]

    @classmethod
    def of(cls, i: Instrument) -> "InstrumentOut":
        return cls(
            **InstrumentSummary.model_validate(i, from_attributes=True).model_dump(),
            mcid_reference=i.mcid_reference,
            missing_rule=i.missing_rule.text,
            items=[
                ItemOut(
                    id=it.id,
                    min=it.min,
                    max=it.max,
                    label=it.label,
                    allowed=list(it.allowed) if it.allowed is not None else None,
                    optional=it.optional,
                    scored=it.scored,
                )
                for it in i.items
            ],
            subscales={k: list(v) for k, v in i.subscales.items()},
            response_schema=i.response_schema(),
        )


class ScoreOut(BaseModel):
    instrument: str
    values: dict[str, float | int | str | bool | None]
    main: str = Field(description="Key in `values` of the main score.")
    band: str | None
    missing: list[str]
    catalogue_version: str

    @classmethod
    def of(cls, s: Score) -> "ScoreOut":
        return cls(
            instrument=s.instrument,
            values=s.values,
            main=s.main,
            band=s.band,
            missing=list(s.missing),
            catalogue_version=s.catalogue_version,
        )


class ResponsesIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"responses": {"score": 6}}]}
    )

    responses: dict[str, Any] = Field(description="Item id -> answer; leave out a missing item.")
