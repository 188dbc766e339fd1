"""Episode routes: parse, call one service method, answer with the version as ETag."""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query, Request, Response, status

from app import problems
from app.db import DatabaseDep
from app.episodes.access import EpisodeAccess
from app.episodes.handover import HandoverService
from app.episodes.history import HistoryService
from app.episodes.records import RecordService
from app.episodes.schemas import (
    EpisodeCreate,
    EpisodeOut,
    EpisodePage,
    EventPage,
    HandoverIn,
    RecordOut,
    SessieOut,
    SessiePage,
    TransitionIn,
)
from app.episodes.service import EpisodeService
from app.episodes.sessies import SessieService
from app.http import IdempotencyKey, IfMatch, etag, json_response
from app.idempotency import IdempotentRequest
from app.practices.auth import CurrentPrincipal
from workflows import forms
from workflows.client import ClientFacts
from workflows.steps import Status, Step

router = APIRouter(prefix="/v1/episodes", tags=["episodes"])


async def _service(db: DatabaseDep, principal: CurrentPrincipal) -> EpisodeService:
    return EpisodeService(db, principal)


async def _records(db: DatabaseDep, principal: CurrentPrincipal) -> RecordService:
    return RecordService(db, principal)


async def _sessies(db: DatabaseDep, principal: CurrentPrincipal) -> SessieService:
    return SessieService(db, principal)


async def _handover(db: DatabaseDep, principal: CurrentPrincipal) -> HandoverService:
    return HandoverService(db, principal)


async def _history(db: DatabaseDep, principal: CurrentPrincipal) -> HistoryService:
    return HistoryService(db, principal)


Service = Annotated[EpisodeService, Depends(_service)]
Records = Annotated[RecordService, Depends(_records)]
Sessies = Annotated[SessieService, Depends(_sessies)]
Handover = Annotated[HandoverService, Depends(_handover)]
History = Annotated[HistoryService, Depends(_history)]
EpisodeId = Annotated[int, Path(ge=1, description="Episode id.")]
Limit = Annotated[int, Query(ge=1, le=200)]


def _idem(
    key: str | None, caller: EpisodeAccess, request: Request, body: Any
) -> IdempotentRequest | None:
    return IdempotentRequest.of(
        key, scope=caller.actor, method=request.method, path=request.url.path, body=body
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=EpisodeOut,
    responses=problems.responses(),
    summary="Start a behandelepisode (aanmelding)",
)
def create_episode(
    body: EpisodeCreate,
    request: Request,
    response: Response,
    episodes: Service,
    idempotency_key: IdempotencyKey,
) -> Response:
    idem = _idem(idempotency_key, episodes, request, body.model_dump(mode="json"))
    out = episodes.create(body, idem=idem)
    return json_response(
        out, status_code=201, version=out.version, location=f"/v1/episodes/{out.id}"
    )


@router.get(
    "",
    response_model=EpisodePage,
    summary="List episodes (keyset pages)",
    responses=problems.responses(),
)
def list_episodes(
    episodes: Service,
    status_: Annotated[Status | None, Query(alias="status", description="Current step.")] = None,
    profile: str | None = None,
    client_ref: str | None = Query(None, max_length=64),
    therapeut_id: int | None = Query(None, ge=1, description="Responsible therapist."),
    cursor: str | None = Query(None, max_length=100),
    limit: Limit = 50,
) -> Response:
    page = episodes.search(
        status=status_,
        profile=profile,
        client_ref=client_ref,
        therapeut_id=therapeut_id,
        cursor=cursor,
        limit=limit,
    )
    return json_response(page)


@router.get(
    "/{episode_id}",
    response_model=EpisodeOut,
    responses=problems.responses(404),
    summary="One episode",
)
def get_episode(episode_id: EpisodeId, episodes: Service) -> Response:
    out = episodes.get(episode_id)
    return json_response(out, version=out.version)


@router.post(
    "/{episode_id}/transitions",
    response_model=EpisodeOut,
    responses=problems.responses(404, 409, 412, 428),
    summary="Fire a trigger: move the episode to another step",
)
def fire(
    episode_id: EpisodeId,
    body: TransitionIn,
    version: IfMatch,
    request: Request,
    episodes: Service,
    idempotency_key: IdempotencyKey,
) -> Response:
    idem = _idem(idempotency_key, episodes, request, body.model_dump(mode="json"))
    out = episodes.fire(episode_id, body.trigger, body.payload, expected_version=version, idem=idem)
    return json_response(out, version=out.version)


@router.put(
    "/{episode_id}/client",
    response_model=EpisodeOut,
    responses=problems.responses(403, 404, 409, 412, 428),
    summary="Replace the client facts the rules use (age, wilsbekwaam)",
)
def update_client(
    episode_id: EpisodeId, body: ClientFacts, version: IfMatch, episodes: Service
) -> Response:
    out = episodes.update_client(episode_id, body, expected_version=version)
    return json_response(out, version=out.version)


@router.post(
    "/{episode_id}/overdracht",
    response_model=EpisodeOut,
    responses=problems.responses(403, 404, 409, 412, 428),
    summary="Hand the episode over to another profile and therapist of this practice",
)
def hand_over(
    episode_id: EpisodeId, body: HandoverIn, version: IfMatch, handover: Handover
) -> Response:
    out = handover.hand_over(episode_id, body.profile, body.therapeut_id, expected_version=version)
    return json_response(out, version=out.version)


@router.put(
    "/{episode_id}/records/{step}",
    response_model=RecordOut,
    responses=problems.responses(404, 409, 412, 428),
    summary="Save the form of one step (a new version of its record)",
)
def save_record(
    episode_id: EpisodeId,
    step: Step,
    version: IfMatch,
    records: Records,
    data: Annotated[
        dict[str, Any],
        Body(
            description="The step's form; its JSON Schema is in GET /v1/workflows/{profile}.",
            openapi_examples={"anamnese": {"value": forms.ANAMNESE_EXAMPLE}},
        ),
    ],
) -> Response:
    out = records.save_record(episode_id, step, data, expected_version=version)
    return json_response(out, version=out.episode_version)


@router.get(
    "/{episode_id}/records/{step}",
    responses=problems.responses(404),
    summary="The current record of one step",
)
def get_record(
    episode_id: EpisodeId, step: Step, response: Response, records: Records
) -> RecordOut:
    out = records.get_record(episode_id, step)
    response.headers["ETag"] = etag(out.episode_version)
    return out


@router.get(
    "/{episode_id}/records/{step}/versions",
    responses=problems.responses(404),
    summary="Every saved version of one step's record, oldest first",
)
def record_versions(episode_id: EpisodeId, step: Step, records: Records) -> list[RecordOut]:
    return records.record_versions(episode_id, step)


@router.post(
    "/{episode_id}/sessies",
    status_code=status.HTTP_201_CREATED,
    response_model=SessieOut,
    responses=problems.responses(404, 409, 412, 428),
    summary="Append one behandelsessie",
)
def add_sessie(
    episode_id: EpisodeId,
    version: IfMatch,
    request: Request,
    sessies: Sessies,
    idempotency_key: IdempotencyKey,
    data: Annotated[
        dict[str, Any],
        Body(openapi_examples={"sessie": {"value": forms.SESSIE_EXAMPLE}}),
    ],
) -> Response:
    idem = _idem(idempotency_key, sessies, request, data)
    out, episode_version = sessies.add_sessie(episode_id, data, expected_version=version, idem=idem)
    return json_response(out, status_code=201, version=episode_version)


@router.get(
    "/{episode_id}/sessies", responses=problems.responses(404), summary="Sessions, oldest first"
)
def list_sessies(
    episode_id: EpisodeId,
    sessies: Sessies,
    cursor: str | None = Query(None, max_length=100),
    limit: Limit = 100,
) -> SessiePage:
    return sessies.sessies(episode_id, cursor=cursor, limit=limit)


@router.get(
    "/{episode_id}/events",
    response_model=EventPage,
    responses=problems.responses(404),
    summary="The episode's history, oldest first",
)
def list_events(
    episode_id: EpisodeId,
    history: History,
    cursor: str | None = Query(None, max_length=100),
    limit: Limit = 200,
) -> Response:
    return json_response(history.events(episode_id, cursor=cursor, limit=limit))
