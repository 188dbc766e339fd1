"""The measurement instruments: describe the catalogue, serve each instrument as a FHIR SDC
Questionnaire (`app.fhir.questionnaire`), and score without storing (for EPDs).

An unknown code answers 404 and a scoring error 422 naming the item: both mapped once, in
`app/problems.py`."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from app import http, problems
from app.fhir import questionnaire as fhir_questionnaire
from app.fhir import urls
from app.http import RawBody, parse_body, request_body
from app.instruments.schemas import InstrumentOut, InstrumentSummary, ResponsesIn, ScoreOut
from measures import get, instruments, score

router = APIRouter(prefix="/v1/instruments", tags=["instruments"])


@router.get("", responses=problems.responses(), summary="The catalogue of measurement instruments")
def list_instruments() -> list[InstrumentSummary]:
    return [InstrumentSummary.model_validate(i, from_attributes=True) for i in instruments()]


@router.get("/{code}", responses=problems.responses(404), summary="One instrument, in full")
def get_instrument(code: str) -> InstrumentOut:
    return InstrumentOut.of(get(code))


QUESTIONNAIRE_MEDIA = (fhir_questionnaire.MEDIA_TYPE, "application/json")
"""What GET .../questionnaire answers, by Accept: FHIR's own media type first."""
_QUESTIONNAIRE_SCHEMA = {
    "type": "object",
    "description": "A FHIR R4 Questionnaire (SDC base profile).",
    "required": ["resourceType", "url", "version", "status", "item"],
    "properties": {"resourceType": {"const": "Questionnaire"}},
}


@router.get(
    "/{code}/questionnaire",
    response_class=JSONResponse,
    responses={
        200: {
            "description": "The instrument as a FHIR R4 Questionnaire, as `application/fhir+json` "
            "or, by `Accept`, `application/json`.",
            "content": {m: {"schema": _QUESTIONNAIRE_SCHEMA} for m in QUESTIONNAIRE_MEDIA},
        },
        **problems.responses(404, 406),
    },
    summary="One instrument as a FHIR SDC Questionnaire",
    description=(
        "Item `linkId`s are the item ids, every answer is a `valueInteger`. Fill it in and POST "
        "the QuestionnaireResponse as `application/fhir+json` to "
        f"/v1/episodes/{{id}}/measurements, with the moment in the extension `{urls.EXT_MOMENT}`."
    ),
)
def get_questionnaire(code: str, request: Request) -> JSONResponse:
    instrument = get(code)  # 404 before 406
    media = http.negotiate(request.headers.get("accept"), QUESTIONNAIRE_MEDIA)
    if media is None:
        raise problems.NotAcceptable("Vraag application/fhir+json of application/json (Accept).")
    return JSONResponse(
        fhir_questionnaire.questionnaire(instrument), media_type=media, headers={"Vary": "Accept"}
    )


@router.post(
    "/{code}/score",
    responses=problems.responses(404),
    summary="Score responses, store nothing",
    openapi_extra=request_body(ResponsesIn),
)
def score_responses(code: str, raw: RawBody) -> ScoreOut:
    get(code)  # 404 before 422
    return ScoreOut.of(score(code, parse_body(ResponsesIn, raw).responses))
