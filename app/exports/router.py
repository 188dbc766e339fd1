"""`GET /v1/exports/ldo`: the practice's outcome data for the Landelijke Database
Oefentherapie, as JSON or CSV."""

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from app import problems
from app.db import database
from app.exports.ldo import LdoExporter, as_csv
from app.exports.schemas import LdoExport
from app.http import json_response
from app.outcomes.router import period
from app.practices.auth import CurrentPrincipal, Principal
from app.practices.router import ADMIN_ONLY

router = APIRouter(prefix="/v1/exports", tags=["exports"])


def _exporter(principal: CurrentPrincipal) -> Principal:
    """The praktijkbeheerder, or the practice's EPD (which delivers for it)."""
    if principal.kind != "api_client" and principal.rol != "praktijkbeheerder":
        raise problems.Forbidden("Alleen een praktijkbeheerder of het EPD exporteert naar de LDO.")
    return principal


@router.get(
    "/ldo",
    response_model=LdoExport,
    responses=problems.responses(403)
    | {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
    summary="Outcome data of the episodes closed in a period, pseudonymised, for the LDO",
    description="One record per closed episode: a keyed-hash pseudonym (a new key per "
    "export), profile, route, verwijzer type, DCSPH code, age band, start and closing month, "
    "sessions, reason of closing, and per instrument the baseline and end scores and their "
    "change. Clients who object (consent `ldo` refused or withdrawn) are left out. "
    "`format=csv`: one row per episode and instrument. For a praktijkbeheerder or the EPD.",
    openapi_extra=ADMIN_ONLY,  # a therapist role; an EPD may export too
)
async def ldo_export(
    request: Request,
    principal: Annotated[Principal, Depends(_exporter)],
    since: Annotated[date, Query(alias="from", description="Closed on or after this day.")],
    until: Annotated[date, Query(alias="to", description="Closed before this day.")],
    format: Literal["json", "csv"] = "json",
) -> Response:
    period(since, until)
    db = database(request)
    export = await db.run(LdoExporter(db, principal).export, since, until)
    if format == "json":
        return json_response(export)
    name = f"ldo-{export.praktijk_agb or 'praktijk'}-{since}-{until}.csv"
    return Response(
        as_csv(export),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
