"""`GET /v1/outcomes`: the practice's outcome overview (001 "uitkomstdata")."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app import problems
from app.db import database
from app.http import json_response
from app.outcomes.schemas import OutcomeOverview
from app.outcomes.service import OutcomeService
from app.practices.auth import CurrentPrincipal

router = APIRouter(prefix="/v1/outcomes", tags=["outcomes"])

Since = Annotated[date | None, Query(alias="from", description="Closed on or after this day.")]
Until = Annotated[date | None, Query(alias="to", description="Closed before this day.")]


def period(since: date | None, until: date | None) -> None:
    """422 on `to` when the period is empty."""
    if since is not None and until is not None and until <= since:
        raise problems.InvalidInput(
            "De periode is leeg: `to` moet na `from` liggen.",
            errors=[
                problems.FieldError(
                    field="query.to", code="period.empty", message="ligt niet na from"
                )
            ],
        )


@router.get(
    "",
    response_model=OutcomeOverview,
    responses=problems.responses(404),
    summary="Per instrument: the change of the practice's closed episodes, pooled",
    description="Counts closed episodes with a baseline and an end measurement (moment `eind`) "
    "of the instrument: the number, the mean and median change, the share that improved and "
    "the share reaching the MCID, over all profiles and per profile. A group of fewer than "
    "`suppress_below` episodes is suppressed. An unknown instrument is 404.",
)
async def outcome_overview(
    request: Request,
    principal: CurrentPrincipal,
    since: Since = None,
    until: Until = None,
    instrument: Annotated[str | None, Query(max_length=32)] = None,
    profile: Annotated[str | None, Query(max_length=32)] = None,
) -> Response:
    period(since, until)
    db = database(request)
    overview = await db.run(
        OutcomeService(db, principal).overview,
        since=since,
        until=until,
        instrument=instrument,
        profile=profile,
    )
    return json_response(overview)
