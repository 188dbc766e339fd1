"""A scoring error as a 422 problem naming the item (`responses.<item>`)."""

from app import problems
from measures import MeasureError, UnknownInstrument


def as_problem(exc: MeasureError) -> problems.InvalidInput:
    if isinstance(exc, UnknownInstrument):
        field = "instrument"
    else:
        field = f"responses.{exc.item}" if exc.item else "responses"
    return problems.InvalidInput(
        "De antwoorden kloppen niet; er is niets opgeslagen.",
        errors=[problems.FieldError(field=field, code=exc.code, message=exc.message)],
    )
