"""The measurement instruments: describe the catalogue, and score without storing (for EPDs)."""

from fastapi import APIRouter

from app import problems
from app.instruments.schemas import InstrumentOut, InstrumentSummary, ResponsesIn, ScoreOut
from app.measurements.errors import as_problem
from measures import MeasureError, UnknownInstrument, get, instruments, score

router = APIRouter(prefix="/v1/instruments", tags=["instruments"])


@router.get("", summary="The catalogue of measurement instruments")
def list_instruments() -> list[InstrumentSummary]:
    return [InstrumentSummary.model_validate(i, from_attributes=True) for i in instruments()]


@router.get("/{code}", responses=problems.responses(404), summary="One instrument, in full")
def get_instrument(code: str) -> InstrumentOut:
    try:
        return InstrumentOut.of(get(code))
    except UnknownInstrument:
        raise problems.NotFound(f"Onbekend meetinstrument {code!r}.") from None


@router.post(
    "/{code}/score", responses=problems.responses(404), summary="Score responses, store nothing"
)
def score_responses(code: str, body: ResponsesIn) -> ScoreOut:
    try:
        get(code)
    except UnknownInstrument:
        raise problems.NotFound(f"Onbekend meetinstrument {code!r}.") from None
    try:
        return ScoreOut.of(score(code, body.responses))
    except MeasureError as exc:
        raise as_problem(exc) from None
