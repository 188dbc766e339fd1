"""Routes for an episode's berichten: make one, list them, read one as JSON, HTML or PDF, and
mark one sent. Each parses the request line and headers and calls one service method."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response, status
from starlette.concurrency import run_in_threadpool

from app import http, problems
from app.berichten import render
from app.berichten.schemas import (
    BERICHT_EXAMPLE,
    BerichtDetail,
    BerichtIn,
    BerichtList,
    BerichtMeta,
)
from app.berichten.service import BerichtService, Media
from app.db import database
from app.episodes.router import WRITE, EpisodeId
from app.episodes.writes import posted
from app.http import (
    IdempotencyKeyHeader,
    IfMatchHeader,
    idempotent,
    json_response,
    request_body,
)
from app.limits import DB_INT_MAX
from app.practices.auth import CurrentPrincipal

router = APIRouter(prefix="/v1/episodes", tags=["berichten"])

BerichtId = Annotated[int, Path(ge=1, le=DB_INT_MAX, description="Bericht id.")]

OFFERED: tuple[Media, ...] = ("application/json", "text/html", "application/pdf")
"""What GET .../berichten/{id} answers, in the order preferred when the caller has none."""


def negotiate(accept: str | None) -> Media | None:
    """JSON, HTML or PDF by the caller's Accept (`app.http.negotiate`); None: 406."""
    return http.negotiate(accept, OFFERED)


def _not_acceptable() -> dict[int | str, dict[str, Any]]:
    entry = problems.responses(406)[406] | {
        "description": f"`{problems.NotAcceptable.type_uri()}`: {problems.NotAcceptable.title}"
    }
    return {406: entry}


@router.post(
    "/{episode_id}/berichten",
    status_code=status.HTTP_201_CREATED,
    response_model=BerichtDetail,
    responses=problems.responses(*WRITE),
    summary="Make a bericht to the verwijzer or huisarts from the episode's current data",
    description=(
        "Builds the letter of `soort` for contact `ontvanger` (an id from GET .../contacten; 422 "
        "naming `ontvanger` when it is not one) from the records, measurements and sessions as "
        "they are now, and stores it: its content, the HTML rendered from it with its SHA-256, "
        "and the episode version it was made from. 409 (with `unmet`) when the soort does not "
        "belong to the episode's step (rule `bericht.soort_in_stap`). A bericht never changes "
        "afterwards: a new version is a new bericht. The history gets a `bericht_gemaakt` event."
    ),
    openapi_extra=request_body(BerichtIn, examples={"eindverslag": BERICHT_EXAMPLE}),
)
async def create_bericht(
    episode_id: EpisodeId,
    request: Request,
    principal: CurrentPrincipal,
    if_match: IfMatchHeader = None,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    return await posted(
        request,
        principal,
        lambda db, p: BerichtService(db, p).create,
        episode_id,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )


@router.get(
    "/{episode_id}/berichten",
    response_model=BerichtList,
    responses=problems.responses(404),
    summary="The episode's berichten, oldest first",
)
async def list_berichten(
    episode_id: EpisodeId, request: Request, principal: CurrentPrincipal
) -> Response:
    db = database(request)
    page, version = await db.run(BerichtService(db, principal).list, episode_id)
    return json_response(page, version=version)


@router.get(
    "/{episode_id}/berichten/{bericht_id}",
    response_model=BerichtDetail,
    responses={
        200: {
            "description": "The bericht: JSON (metadata and content), the stored HTML, or a PDF "
            "rendered from the stored content, by `Accept`.",
            "content": {
                "text/html": {"schema": {"type": "string"}},
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            },
        },
        **problems.responses(404),
        **_not_acceptable(),
    },
    summary="One bericht, as JSON, HTML or PDF (by Accept)",
    description=(
        "`Accept: application/json` (the default) gives its metadata and content; `text/html` "
        "the HTML exactly as stored (its SHA-256 is the `sha256` of the metadata); "
        "`application/pdf` the PDF rendered from the stored content (the same bytes every "
        "time). Any other Accept: 406."
    ),
)
async def get_bericht(
    episode_id: EpisodeId, bericht_id: BerichtId, request: Request, principal: CurrentPrincipal
) -> Response:
    media = negotiate(request.headers.get("accept"))
    db = database(request)
    read = await db.run(BerichtService(db, principal).get, episode_id, bericht_id, media)
    vary = {"Vary": "Accept"}
    if media == "text/html":
        return Response(read.html.encode(), media_type="text/html; charset=utf-8", headers=vary)
    if media == "application/pdf":
        pdf = await run_in_threadpool(render.pdf, read.detail.content, read.detail.created_at)
        return Response(
            pdf,
            media_type="application/pdf",
            headers=vary
            | {"Content-Disposition": f'inline; filename="bericht-{read.detail.id}.pdf"'},
        )
    response = json_response(read.detail, version=read.version)
    response.headers.update(vary)
    return response


@router.post(
    "/{episode_id}/berichten/{bericht_id}/verzonden",
    response_model=BerichtMeta,
    responses=problems.responses(*WRITE),
    summary="Mark a bericht sent (with the client's consent)",
    description=(
        "Records that the bericht was sent to its contact, now. Refused (409, with `unmet`) "
        "without the consent that sharing for its soort with that contact needs "
        "(`toestemming.<soort>.missing`, `.geweigerd`, `.ingetrokken` or `.door`; see "
        "POST .../toestemmingen), and when it was already sent (`bericht.al_verzonden`). The "
        "history gets a `bericht_verzonden` event. No body."
    ),
)
async def mark_bericht_sent(
    episode_id: EpisodeId,
    bericht_id: BerichtId,
    request: Request,
    principal: CurrentPrincipal,
    if_match: IfMatchHeader = None,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    db = database(request)
    idem = idempotent(idempotency_key, scope=principal.actor, request=request, raw=b"")
    w = await db.run(
        BerichtService(db, principal).mark_sent,
        episode_id,
        bericht_id,
        if_match=if_match,
        idem=idem,
    )
    return w.response()
