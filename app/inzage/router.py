"""The route of the client's copy: `GET /v1/episodes/{id}/inzage`, as JSON or PDF by Accept."""

from typing import Literal

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from app import http, problems
from app.db import database
from app.episodes.router import EpisodeId
from app.http import json_response
from app.inzage import render
from app.inzage.schemas import InzageOut
from app.inzage.service import InzageService
from app.practices.auth import CurrentPrincipal

router = APIRouter(prefix="/v1/episodes", tags=["inzage"])

Media = Literal["application/json", "application/pdf"]
OFFERED: tuple[Media, ...] = ("application/json", "application/pdf")
"""What GET .../inzage answers, in the order preferred when the caller has none."""


def negotiate(accept: str | None) -> Media | None:
    """JSON or PDF by the caller's Accept (`app.http.negotiate`); None: 406."""
    return http.negotiate(accept, OFFERED)


@router.get(
    "/{episode_id}/inzage",
    response_model=InzageOut,
    responses={
        200: {
            "description": "The whole episode: JSON, or a PDF rendered from the same data, by "
            "`Accept`.",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        },
        **problems.responses(404, 406),
    },
    summary="The client's own copy of the whole record (inzage), as JSON or PDF (by Accept)",
    description=(
        "For the client or their representative (WGBO art. 7:456): the episode (status, "
        "profile and version, route, verwijzing, client facts), every version of every step's "
        "record (when and by whom saved, and a correction's reason), the sessies, the "
        "measurements with their scores, the whole history, the contacts, every consent record "
        "and the berichten (metadata and content). `Accept: application/json` (the default) "
        "gives it as JSON; `application/pdf` as a document with a title page, the records per "
        "step and page numbers, naming the client only by `client_ref`. Any other Accept: 406. "
        "It changes nothing; the access log keeps it as an `export` for this client."
    ),
)
async def inzage(episode_id: EpisodeId, request: Request, principal: CurrentPrincipal) -> Response:
    media = negotiate(request.headers.get("accept"))
    db = database(request)
    out = await db.run(
        InzageService(db, principal).inzage, episode_id, acceptable=media is not None
    )
    vary = {"Vary": "Accept"}
    if media == "application/pdf":
        pdf = await run_in_threadpool(render.pdf, out)
        filename = f"inzage-episode-{out.episode.id}.pdf"
        return Response(
            pdf,
            media_type="application/pdf",
            headers=vary | {"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    response = json_response(out, version=out.episode.version)
    response.headers.update(vary)
    return response
