"""The measurement instruments: describe the catalogue, and score without storing (for EPDs).

An unknown code answers 404 and a scoring error 422 naming the item: both mapped once, in
`app/problems.py`."""

from fastapi import APIRouter

from app import problems
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


@router.post(
    "/{code}/score",
    responses=problems.responses(404),
    summary="Score responses, store nothing",
    openapi_extra=request_body(ResponsesIn),
)
def score_responses(code: str, raw: RawBody) -> ScoreOut:
    get(code)  # 404 before 422
    return ScoreOut.of(score(code, parse_body(ResponsesIn, raw).responses))
