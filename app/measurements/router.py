"""Routes for an episode's measurements."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status

from app import problems
from app.db import DatabaseDep
from app.episodes.access import EpisodeAccess
from app.episodes.router import EpisodeId
from app.http import IdempotencyKey, IfMatch, json_response
from app.idempotency import IdempotentRequest
from app.measurements.schemas import (
    MeasurementIn,
    MeasurementOut,
    MeasurementPage,
    MeasurementSummary,
)
from app.measurements.service import MeasurementService
from app.practices.auth import CurrentPrincipal

router = APIRouter(prefix="/v1/episodes", tags=["measurements"])


async def _service(db: DatabaseDep, principal: CurrentPrincipal) -> MeasurementService:
    return MeasurementService(EpisodeAccess(db, principal))


Service = Annotated[MeasurementService, Depends(_service)]


@router.post(
    "/{episode_id}/measurements",
    status_code=status.HTTP_201_CREATED,
    response_model=MeasurementOut,
    responses=problems.responses(404, 409, 412, 428),
    summary="Record a measurement; the scores are computed by the catalogue",
)
def add_measurement(
    episode_id: EpisodeId,
    body: MeasurementIn,
    version: IfMatch,
    request: Request,
    measurements: Service,
    idempotency_key: IdempotencyKey,
) -> Response:
    idem = IdempotentRequest.of(
        idempotency_key,
        scope=measurements.episodes.actor,
        method=request.method,
        path=request.url.path,
        body=body.model_dump(mode="json"),
    )
    out, episode_version = measurements.add(episode_id, body, expected_version=version, idem=idem)
    return json_response(out, status_code=201, version=episode_version)


@router.get(
    "/{episode_id}/measurements",
    responses=problems.responses(404),
    summary="The episode's measurements, oldest first",
)
def list_measurements(episode_id: EpisodeId, measurements: Service) -> MeasurementPage:
    return measurements.list(episode_id)


@router.get(
    "/{episode_id}/measurements/summary",
    responses=problems.responses(404),
    summary="Per instrument: baseline, latest follow-up, change and whether it reaches the MCID",
)
def measurement_summary(episode_id: EpisodeId, measurements: Service) -> MeasurementSummary:
    return measurements.summary(episode_id)
