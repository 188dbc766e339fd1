"""FHIR routes of an episode (`GET /v1/episodes/{id}/fhir`)."""

from typing import Literal

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from app import http, problems
from app.db import database
from app.episodes.router import EpisodeId
from app.fhir.bundle import render
from app.fhir.service import FhirService
from app.practices.auth import CurrentPrincipal

router = APIRouter(prefix="/v1/episodes", tags=["fhir"])

Media = Literal["application/fhir+json", "application/json"]
OFFERED: tuple[Media, ...] = ("application/fhir+json", "application/json")
"""What GET .../fhir answers, in the order preferred when the caller has none: the same JSON,
as FHIR's own media type or (for a client that asks only for that) as plain JSON."""

_BUNDLE_SCHEMA = {
    "type": "object",
    "description": "A FHIR R4 Bundle (type collection): see http://hl7.org/fhir/R4/bundle.html.",
}


@router.get(
    "/{episode_id}/fhir",
    response_model=None,
    responses={
        200: {
            "description": "The episode as a FHIR R4 Bundle (`type: collection`).",
            "content": {media: {"schema": _BUNDLE_SCHEMA} for media in OFFERED},
        },
        **problems.responses(404, 406),
    },
    summary="The whole episode as a FHIR R4 Bundle",
    description=(
        "For another system that takes over or follows the treatment: the client (only the "
        "EPD's `client_ref`, sex and a recorded birth date; never a name or BSN), the practice "
        "(AGB), the responsible therapist with the Kwaliteitsregister registrations, the episode "
        "(EpisodeOfCare), the oefentherapeutische diagnose (Condition, with its DCSPH code where "
        "recorded), the behandelplan with its hoofddoel and subdoelen (CarePlan, Goal), every "
        "measurement (QuestionnaireResponse, an Observation per score) and every consent record "
        "(Consent). Entries refer to each other by `urn:uuid:` fullUrls that are the same in "
        "every export. `Accept: application/fhir+json` (the default) or `application/json`; any "
        "other Accept: 406. It changes nothing; the access log keeps it as an `export` for this "
        "client."
    ),
)
async def episode_bundle(
    episode_id: EpisodeId, request: Request, principal: CurrentPrincipal
) -> Response:
    media = http.negotiate(request.headers.get("accept"), OFFERED)
    db = database(request)
    out = await db.run(FhirService(db, principal).bundle, episode_id, acceptable=media is not None)
    body = await run_in_threadpool(render, out.export)  # off the event loop, as inzage's PDF
    return Response(
        body,
        media_type=media,
        headers={"ETag": http.etag(out.version), "Vary": "Accept"},
    )
