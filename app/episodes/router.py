"""Episode routes: parse the request line and headers, call one service method, answer.

Routes are `async`: the use case runs through `Database.run` (in the loop on SQLite, in the
thread pool on PostgreSQL). Write routes read their body as bytes and hand it to the use case,
which parses it once, after the checks that come before it (see `writes.py`).
"""

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response, status

from app import problems
from app.db import database
from app.episodes.contacten import ContactenService
from app.episodes.handover import HandoverService
from app.episodes.history import HistoryService
from app.episodes.records import RecordService
from app.episodes.schemas import (
    CONTACT_EXAMPLE,
    CORRECTION_EXAMPLE,
    CREATE_EXAMPLE,
    TOESTEMMING_EXAMPLE,
    ContactIn,
    ContactList,
    ContactOut,
    CorrectionIn,
    EpisodeCreate,
    EpisodeOut,
    EpisodePage,
    EventPage,
    HandoverIn,
    RecordOut,
    SessieOut,
    SessiePage,
    ToestemmingIn,
    ToestemmingList,
    ToestemmingOut,
    TransitionIn,
)
from app.episodes.service import EpisodeService
from app.episodes.sessies import SessieService
from app.episodes.writes import posted
from app.http import (
    IdempotencyKeyHeader,
    IfMatchHeader,
    form_body,
    idempotent,
    json_response,
    parse_body,
    read_body,
    request_body,
)
from app.limits import DB_INT_MAX
from app.practices.auth import CurrentPrincipal
from workflows import forms
from workflows.client import ClientFacts
from workflows.steps import Status, Step

router = APIRouter(prefix="/v1/episodes", tags=["episodes"])

EpisodeId = Annotated[int, Path(ge=1, le=DB_INT_MAX, description="Episode id.")]
Limit = Annotated[int, Query(ge=1, le=200)]
# Every write on an episode can answer these, in this order of precedence (see writes.py).
WRITE = (403, 404, 409, 412, 428)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=EpisodeOut,
    responses=problems.responses(403),
    summary="Start a behandelepisode (aanmelding)",
    openapi_extra=request_body(EpisodeCreate, examples={"verwijzing": CREATE_EXAMPLE}),
)
async def create_episode(
    request: Request,
    principal: CurrentPrincipal,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    # Parsed here, after authentication (a body that does not parse is still a 401 first).
    raw = await read_body(request)
    body = parse_body(EpisodeCreate, raw)
    db = database(request)
    idem = idempotent(idempotency_key, scope=principal.actor, request=request, raw=raw)
    w = await db.run(EpisodeService(db, principal).create, body, idem=idem)
    return w.response()


@router.get(
    "",
    response_model=EpisodePage,
    summary="List episodes (keyset pages)",
    responses=problems.responses(),
)
async def list_episodes(
    request: Request,
    principal: CurrentPrincipal,
    status_: Annotated[Status | None, Query(alias="status", description="Current step.")] = None,
    profile: str | None = Query(None, max_length=32),
    client_ref: str | None = Query(None, max_length=64),
    therapist_id: int | None = Query(
        None, ge=1, le=DB_INT_MAX, description="Responsible therapist."
    ),
    cursor: str | None = Query(None, max_length=100),
    limit: Limit = 50,
    order: Annotated[
        Literal["asc", "desc"],
        Query(description="`asc`: oldest first (the default); `desc`: the most recent first."),
    ] = "asc",
    waiting: Annotated[
        bool, Query(description="Also say what each episode's next step still needs.")
    ] = False,
) -> Response:
    db = database(request)
    page = await db.run(
        EpisodeService(db, principal).search,
        status=status_,
        profile=profile,
        client_ref=client_ref,
        therapist_id=therapist_id,
        cursor=cursor,
        limit=limit,
        newest_first=order == "desc",
        waiting=waiting,
    )
    return json_response(page)


@router.get(
    "/{episode_id}",
    response_model=EpisodeOut,
    responses=problems.responses(404),
    summary="One episode",
)
async def get_episode(
    episode_id: EpisodeId, request: Request, principal: CurrentPrincipal
) -> Response:
    db = database(request)
    w = await db.run(EpisodeService(db, principal).get, episode_id)
    return w.response()


@router.post(
    "/{episode_id}/transitions",
    response_model=EpisodeOut,
    responses=problems.responses(*WRITE),
    summary="Fire a trigger: move the episode to another step",
    openapi_extra=request_body(TransitionIn),
)
async def fire(
    episode_id: EpisodeId,
    request: Request,
    principal: CurrentPrincipal,
    if_match: IfMatchHeader = None,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    return await posted(
        request,
        principal,
        lambda db, p: EpisodeService(db, p).fire,
        episode_id,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )


@router.put(
    "/{episode_id}/client",
    response_model=EpisodeOut,
    responses=problems.responses(*WRITE),
    summary="Replace the client facts the rules use (age, wilsbekwaam)",
    openapi_extra=request_body(ClientFacts),
)
async def update_client(
    episode_id: EpisodeId,
    request: Request,
    principal: CurrentPrincipal,
    if_match: IfMatchHeader = None,
) -> Response:
    raw = await read_body(request)
    db = database(request)
    w = await db.run(
        EpisodeService(db, principal).update_client, episode_id, raw, if_match=if_match
    )
    return w.response()


@router.post(
    "/{episode_id}/handover",
    response_model=EpisodeOut,
    responses=problems.responses(*WRITE),
    summary="Hand the episode over to another profile and therapist of this practice",
    openapi_extra=request_body(HandoverIn),
)
async def hand_over(
    episode_id: EpisodeId,
    request: Request,
    principal: CurrentPrincipal,
    if_match: IfMatchHeader = None,
) -> Response:
    raw = await read_body(request)
    db = database(request)
    w = await db.run(HandoverService(db, principal).hand_over, episode_id, raw, if_match=if_match)
    return w.response()


@router.put(
    "/{episode_id}/records/{step}",
    response_model=RecordOut,
    responses=problems.responses(*WRITE),
    summary="Save the form of one step (a new version of its record)",
    description="The body is the step's form; its JSON Schema is in GET /v1/workflows/{profile}.",
    openapi_extra=form_body({"anamnese": forms.ANAMNESE_EXAMPLE}),
)
async def save_record(
    episode_id: EpisodeId,
    step: Step,
    request: Request,
    principal: CurrentPrincipal,
    if_match: IfMatchHeader = None,
) -> Response:
    raw = await read_body(request)
    db = database(request)
    w = await db.run(
        RecordService(db, principal).save_record, episode_id, step, raw, if_match=if_match
    )
    return w.response()


@router.post(
    "/{episode_id}/records/{step}/correcties",
    response_model=RecordOut,
    responses=problems.responses(*WRITE),
    summary="Correct the record of a step already passed, with a reason",
    description=(
        "Third edition of the process (algemeen@3, bekken@2, psychosomatisch@2): a step the "
        "episode has left is changed only this way (a PUT on it answers 409 "
        "`record.{step}.correctie_nodig`). `record` is the step's whole form as it should read "
        "(its JSON Schema is in GET /v1/workflows/{profile}); it becomes a new version of the "
        "record that keeps `reden`, and the history gets a `record_corrected` event. Refused "
        "(409, with `unmet`) when a gate by which the step could be left was met before and "
        "the correction would undo it, when the step is not passed (use the PUT), and on an "
        "earlier version of the process (`record.correctie.niet_in_versie`)."
    ),
    openapi_extra=request_body(CorrectionIn, examples={"anamnese": CORRECTION_EXAMPLE}),
)
async def correct_record(
    episode_id: EpisodeId,
    step: Step,
    request: Request,
    principal: CurrentPrincipal,
    if_match: IfMatchHeader = None,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    return await posted(
        request,
        principal,
        lambda db, p: RecordService(db, p).correct_record,
        episode_id,
        step,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )


@router.get(
    "/{episode_id}/records/{step}",
    response_model=RecordOut,
    responses=problems.responses(404),
    summary="The current record of one step",
)
async def get_record(
    episode_id: EpisodeId, step: Step, request: Request, principal: CurrentPrincipal
) -> Response:
    db = database(request)
    out, version = await db.run(RecordService(db, principal).get_record, episode_id, step)
    return json_response(out, version=version)


@router.get(
    "/{episode_id}/records/{step}/versions",
    response_model=list[RecordOut],
    responses=problems.responses(404),
    summary="Every saved version of one step's record, oldest first",
)
async def record_versions(
    episode_id: EpisodeId, step: Step, request: Request, principal: CurrentPrincipal
) -> list[RecordOut]:
    db = database(request)
    return await db.run(RecordService(db, principal).record_versions, episode_id, step)


@router.post(
    "/{episode_id}/sessies",
    status_code=status.HTTP_201_CREATED,
    response_model=SessieOut,
    responses=problems.responses(*WRITE),
    summary="Append one behandelsessie",
    openapi_extra=form_body({"sessie": forms.SESSIE_EXAMPLE}),
)
async def add_sessie(
    episode_id: EpisodeId,
    request: Request,
    principal: CurrentPrincipal,
    if_match: IfMatchHeader = None,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    return await posted(
        request,
        principal,
        lambda db, p: SessieService(db, p).add_sessie,
        episode_id,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )


@router.get(
    "/{episode_id}/sessies",
    response_model=SessiePage,
    responses=problems.responses(404),
    summary="Sessions, oldest first",
)
async def list_sessies(
    episode_id: EpisodeId,
    request: Request,
    principal: CurrentPrincipal,
    cursor: str | None = Query(None, max_length=100),
    limit: Limit = 100,
) -> Response:
    db = database(request)
    page = await db.run(
        SessieService(db, principal).sessies, episode_id, cursor=cursor, limit=limit
    )
    return json_response(page)


@router.post(
    "/{episode_id}/contacten",
    status_code=status.HTTP_201_CREATED,
    response_model=ContactOut,
    responses=problems.responses(*WRITE),
    summary="Add a contact: someone the episode's letters go to (verwijzer, huisarts, ...)",
    description=(
        "Practice data, never the client's. The contact's `id` is its place in the episode's "
        "list, from 1; a consent names it as `ontvanger`. Contacts are never changed or "
        "removed. A closed episode refuses (409 `episode.afgesloten`)."
    ),
    openapi_extra=request_body(ContactIn, examples={"huisarts": CONTACT_EXAMPLE}),
)
async def add_contact(
    episode_id: EpisodeId,
    request: Request,
    principal: CurrentPrincipal,
    if_match: IfMatchHeader = None,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    return await posted(
        request,
        principal,
        lambda db, p: ContactenService(db, p).add_contact,
        episode_id,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )


@router.get(
    "/{episode_id}/contacten",
    response_model=ContactList,
    responses=problems.responses(404),
    summary="The episode's contacts, in the order they were added",
)
async def list_contacten(
    episode_id: EpisodeId, request: Request, principal: CurrentPrincipal
) -> Response:
    db = database(request)
    page, version = await db.run(ContactenService(db, principal).contacten, episode_id)
    return json_response(page, version=version)


@router.post(
    "/{episode_id}/toestemmingen",
    status_code=status.HTTP_201_CREATED,
    response_model=ToestemmingOut,
    responses=problems.responses(*WRITE),
    summary="Record a consent to share: given, refused or withdrawn",
    description=(
        "Append-only: the latest record for a `doel` and `ontvanger` is the one that holds, so "
        "a withdrawal stops future sharing and the history stays. `ontvanger` is a contact id "
        "of this episode (422 otherwise) or null for any recipient of that doel. Refused (409, "
        "with `unmet`): a consent given by people whose consent does not count for this client "
        "(`toestemming.<doel>.door`, WGBO art. 7:450 and 7:465), a withdrawal of what does not "
        "hold as given (`toestemming.<doel>.niet_gegeven`), and on a closed episode."
    ),
    openapi_extra=request_body(ToestemmingIn, examples={"eindverslag": TOESTEMMING_EXAMPLE}),
)
async def record_consent(
    episode_id: EpisodeId,
    request: Request,
    principal: CurrentPrincipal,
    if_match: IfMatchHeader = None,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    return await posted(
        request,
        principal,
        lambda db, p: ContactenService(db, p).record_consent,
        episode_id,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )


@router.get(
    "/{episode_id}/toestemmingen",
    response_model=ToestemmingList,
    responses=problems.responses(404),
    summary="Every consent record, oldest first, and per doel and ontvanger the one that holds",
)
async def list_toestemmingen(
    episode_id: EpisodeId, request: Request, principal: CurrentPrincipal
) -> Response:
    db = database(request)
    page, version = await db.run(ContactenService(db, principal).toestemmingen, episode_id)
    return json_response(page, version=version)


@router.get(
    "/{episode_id}/events",
    response_model=EventPage,
    responses=problems.responses(404),
    summary="The episode's history, oldest first",
)
async def list_events(
    episode_id: EpisodeId,
    request: Request,
    principal: CurrentPrincipal,
    cursor: str | None = Query(None, max_length=100),
    limit: Limit = 200,
) -> Response:
    db = database(request)
    page = await db.run(
        HistoryService(db, principal).events, episode_id, cursor=cursor, limit=limit
    )
    return json_response(page)
