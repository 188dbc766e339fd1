"""Routes for an episode's measurements."""

from fastapi import APIRouter, Request, Response, status

from app import problems
from app.db import database
from app.episodes.router import WRITE, EpisodeId
from app.episodes.writes import posted
from app.fhir import questionnaire_response
from app.http import (
    IdempotencyKeyHeader,
    IfMatchHeader,
    request_body,
)
from app.measurements.schemas import (
    MeasurementIn,
    MeasurementOut,
    MeasurementPage,
    MeasurementSummary,
)
from app.measurements.service import MeasurementService
from app.practices.auth import CurrentPrincipal

router = APIRouter(prefix="/v1/episodes", tags=["measurements"])


@router.post(
    "/{episode_id}/measurements",
    status_code=status.HTTP_201_CREATED,
    response_model=MeasurementOut,
    responses=problems.responses(*WRITE),
    summary="Record a measurement; the scores are computed by the catalogue",
    description=(
        "The body is a `MeasurementIn` (`application/json`), or a FHIR R4 QuestionnaireResponse "
        "on the instrument's Questionnaire (`application/fhir+json`, see GET "
        "/v1/instruments/{code}/questionnaire); both are stored and scored alike."
    ),
    openapi_extra=request_body(MeasurementIn, also=questionnaire_response.openapi_content()),
)
async def add_measurement(
    episode_id: EpisodeId,
    request: Request,
    principal: CurrentPrincipal,
    if_match: IfMatchHeader = None,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    return await posted(
        request,
        principal,
        lambda db, p: MeasurementService(db, p).add,
        episode_id,
        if_match=if_match,
        idempotency_key=idempotency_key,
        media_type=request.headers.get("content-type"),
    )


@router.get(
    "/{episode_id}/measurements",
    responses=problems.responses(404),
    summary="The episode's measurements, oldest first",
)
async def list_measurements(
    episode_id: EpisodeId, request: Request, principal: CurrentPrincipal
) -> MeasurementPage:
    db = database(request)
    return await db.run(MeasurementService(db, principal).list, episode_id)


@router.get(
    "/{episode_id}/measurements/summary",
    responses=problems.responses(404),
    summary="Per instrument: baseline, latest follow-up, change and whether it reaches the MCID",
)
async def measurement_summary(
    episode_id: EpisodeId, request: Request, principal: CurrentPrincipal
) -> MeasurementSummary:
    db = database(request)
    return await db.run(MeasurementService(db, principal).summary, episode_id)
