"""RFC 9457 problem details: the one way this API reports an error.

Each error is a `Problem` subclass with a stable `type` (a relative URI under /problems/ that
this service documents), a status and a title. One set of handlers renders them, FastAPI's
request validation errors and anything unexpected as `application/problem+json`.
"""

import logging
from collections.abc import Sequence
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from measures import MeasureError, UnknownInstrument
from workflows import registry
from workflows.definition import (
    FormInvalid,
    GatesUnmet,
    HandoverNotOffered,
    UnknownTrigger,
)
from workflows.definition import NotQualified as RecordNotQualified
from workflows.definition import TriggerNotAllowed as TriggerNotFromStep
from workflows.gates import Unmet
from workflows.write_rules import WriteRefused

log = logging.getLogger("methodisch.problems")

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "/problems/"


class FieldError(BaseModel):
    field: str = Field(
        description="Dotted path of the offending field, e.g. `subdoelen.0.odim_domein`."
    )
    code: str = Field(description="Stable code of the error.")
    message: str


class UnmetOut(BaseModel):
    code: str = Field(description="Stable gate code, `<step>.<field>.<problem>`.")
    message: str = Field(description="What is missing, in Dutch.")
    field: str | None = Field(default=None, description="The form field it points at.")


class ProblemOut(BaseModel):
    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[FieldError] | None = None
    unmet: list[UnmetOut] | None = None


class Problem(Exception):
    slug: ClassVar[str] = "about:blank"
    status: ClassVar[int] = 500
    title: ClassVar[str] = "Internal error"

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: Sequence[FieldError] | None = None,
        unmet: Sequence[Unmet] | None = None,
        headers: dict[str, str] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.http_status = status or type(self).status
        self.detail = detail
        self.errors = list(errors) if errors is not None else None
        self.unmet = list(unmet) if unmet is not None else None
        self.headers = headers or {}

    @classmethod
    def type_uri(cls) -> str:
        return TYPE_BASE + cls.slug

    def body(self, instance: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": self.type_uri(),
            "title": self.title,
            "status": self.http_status,
            "detail": self.detail,
        }
        if instance:
            out["instance"] = instance
        if self.errors is not None:
            out["errors"] = [e.model_dump() for e in self.errors]
        if self.unmet is not None:
            out["unmet"] = [
                {"code": u.code, "message": u.message, "field": u.field} for u in self.unmet
            ]
        return out


class Unauthorized(Problem):
    slug, status, title = "unauthorized", 401, "A valid bearer token is required"


class Forbidden(Problem):
    slug, status, title = "forbidden", 403, "Not allowed for your role"


class RegistrationMissing(Problem):
    slug, status, title = "registration-missing", 403, "The therapist lacks the registration"


class NotQualified(Problem):
    slug, status, title = "not-qualified", 403, "The therapist is not qualified to record this"


class TooManyRequests(Problem):
    slug, status, title = "too-many-requests", 429, "Too many failed attempts; wait and retry"


class InvalidInput(Problem):
    slug, status, title = "invalid-input", 422, "The request does not validate"


class ContentTooLarge(Problem):
    slug, status, title = "content-too-large", 413, "The request body is too large"


class UnsupportedMediaType(Problem):
    slug, status, title = "unsupported-media-type", 415, "The request body must be JSON"


class NotAcceptable(Problem):
    slug, status, title = "not-acceptable", 406, "None of the media types in Accept is offered"


class NotFound(Problem):
    slug, status, title = "not-found", 404, "Not found"


class MethodNotAllowed(Problem):
    slug, status, title = "method-not-allowed", 405, "Method not allowed"


class GateBlocked(Problem):
    slug, status, title = "gate-blocked", 409, "The trigger is blocked by unmet requirements"


class TriggerNotAllowed(Problem):
    slug, status, title = "trigger-not-allowed", 409, "The trigger is not valid from this step"


class StepNotWritable(Problem):
    slug, status, title = "step-not-writable", 409, "This step cannot be written now"


class EpisodeClosed(Problem):
    slug, status, title = "episode-closed", 409, "The episode is closed"


class IdempotencyKeyReused(Problem):
    slug, status, title = (
        "idempotency-key-reused",
        422,
        "This Idempotency-Key was used for a different request",
    )


class PreconditionRequired(Problem):
    slug, status, title = "precondition-required", 428, "If-Match is required"


class VersionMismatch(Problem):
    slug, status, title = "version-mismatch", 412, "The resource changed since you read it"


class NotReady(Problem):
    slug, status, title = "not-ready", 503, "Not ready to serve requests"


class InternalError(Problem):
    slug, status, title = "internal-error", 500, "Internal error"


class TotpRequired(Problem):
    slug, status, title = "totp-required", 401, "A code from the authenticator app is required"


class TotpInvalid(Problem):
    slug, status, title = "totp-invalid", 401, "The code is wrong, expired or already used"


class TotpEnrolmentRequired(Problem):
    slug, status, title = "totp-enrolment-required", 401, "Two-factor login is required first"


class TotpEnrolmentConflict(Problem):
    slug, status, title = "totp-enrolment-conflict", 409, "Two-factor login is not in that state"


class ActingUserRequired(Problem):
    slug, status, title = "acting-user-required", 422, "An EPD must name the user who acts"


ALL: tuple[type[Problem], ...] = (
    Unauthorized,
    Forbidden,
    RegistrationMissing,
    NotQualified,
    TooManyRequests,
    InvalidInput,
    ContentTooLarge,
    UnsupportedMediaType,
    NotAcceptable,
    NotFound,
    MethodNotAllowed,
    GateBlocked,
    TriggerNotAllowed,
    StepNotWritable,
    EpisodeClosed,
    IdempotencyKeyReused,
    PreconditionRequired,
    VersionMismatch,
    NotReady,
    InternalError,
    TotpRequired,
    TotpInvalid,
    TotpEnrolmentRequired,
    TotpEnrolmentConflict,
    ActingUserRequired,
)


def field_errors(
    exc: ValidationError | RequestValidationError, prefix: str = ""
) -> list[FieldError]:
    """pydantic's errors as dotted field paths (`body.` dropped: the body is the default)."""
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        if loc and loc[0] == "body":
            loc = loc[1:]
        path = ".".join([prefix, *loc] if prefix else loc)
        out.append(
            FieldError(
                field=path or "(body)", code=str(err.get("type")), message=str(err.get("msg"))
            )
        )
    return out


def _description(status: int) -> str:
    return "; ".join(f"`{p.type_uri()}`: {p.title}" for p in ALL if p.status == status) or "Problem"


def responses(*statuses: int, signed_in: bool = True) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for the problems a route can answer: `statuses`, 422, and
    401 unless the route is public (`signed_in=False`). 413 and 415 are declared for every
    operation that takes a body (`app.main`), so routes do not list them."""
    return {
        s: {"model": ProblemOut, "description": _description(s), "content": {MEDIA_TYPE: {}}}
        for s in ((401,) if signed_in else ()) + (*statuses, 422)
    }


BODY_STATUSES = (413, 415)
"""What any operation that reads a body can answer about the body itself: too large, not JSON."""


def openapi_response(status: int) -> dict[str, Any]:
    """A problem as an OpenAPI Response Object, for the document itself (see `app.main`)."""
    return {
        "description": _description(status),
        "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemOut"}}},
    }


def unstorable(detail: str) -> InvalidInput:
    """A value the database refused (PostgreSQL: NUL in text, a number out of range; SQLite: an
    integer beyond 64 bits) that the request's own validation let through: still the request's
    mistake, not the server's. The transaction rolled back, so nothing was stored."""
    return InvalidInput(
        "Een waarde in het verzoek kan niet worden opgeslagen; er is niets opgeslagen.",
        errors=[FieldError(field="(request)", code="value.unstorable", message=detail[:200])],
    )


def _render(problem: Problem, request: Request) -> JSONResponse:
    return JSONResponse(
        problem.body(instance=request.url.path),
        status_code=problem.http_status,
        media_type=MEDIA_TYPE,
        headers=problem.headers,
    )


def _from_domain(exc: Exception) -> Problem | None:
    """The problem for an error the rules or the catalogue raise; the one place they map."""
    match exc:
        case FormInvalid():
            return InvalidInput(
                "Het formulier klopt niet; zie `errors`. Er is niets opgeslagen.",
                errors=[
                    FieldError(field=p.field, code=p.code, message=p.message) for p in exc.problems
                ],
            )
        case UnknownTrigger():
            return InvalidInput(
                f"Onbekende trigger {exc.trigger!r}.",
                errors=[
                    FieldError(
                        field="trigger", code="trigger.unknown", message="zie de workflowdefinitie"
                    )
                ],
            )
        case HandoverNotOffered():
            return InvalidInput(
                f"{exc.source} kent geen overdracht naar {exc.target!r}.",
                errors=[
                    FieldError(field="profile", code="handover.not_offered", message=exc.target)
                ],
            )
        case UnknownInstrument():
            return NotFound(exc.message)
        case MeasureError():
            field = f"responses.{exc.item}" if exc.item else "responses"
            return InvalidInput(
                "De antwoorden kloppen niet; er is niets opgeslagen.",
                errors=[FieldError(field=field, code=exc.code, message=exc.message)],
            )
        case registry.UnknownProfile():
            return NotFound(f"Onbekend profiel of versie: {exc.profile}.")
        case TriggerNotFromStep():
            return TriggerNotAllowed(
                f"Trigger {exc.trigger!r} kan niet vanuit stap {exc.status!r}."
            )
        case GatesUnmet():
            return GateBlocked(
                f"{exc.trigger} is geblokkeerd: {len(exc.unmet)} eis(en) open.", unmet=exc.unmet
            )
        case WriteRefused():
            cls = EpisodeClosed if exc.closed else StepNotWritable
            return cls("; ".join(u.message for u in exc.unmet), unmet=exc.unmet)
        case RecordNotQualified():
            return NotQualified(
                "Dit mag je niet vastleggen zonder de bevoegdheid ervoor.", unmet=exc.unmet
            )
    return None


DOMAIN_ERRORS: tuple[type[Exception], ...] = (
    FormInvalid,
    UnknownTrigger,
    HandoverNotOffered,
    MeasureError,
    registry.UnknownProfile,
    TriggerNotFromStep,
    GatesUnmet,
    WriteRefused,
    RecordNotQualified,
)


def install(app: FastAPI) -> None:
    async def on_problem(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, Problem)
        return _render(exc, request)

    async def on_domain(request: Request, exc: Exception) -> JSONResponse:
        if isinstance(exc, GatesUnmet):
            from app.metrics import GATE_BLOCKS  # here: app.metrics itself raises problems

            for unmet in exc.unmet:
                GATE_BLOCKS.labels(unmet.code).inc()
        problem = _from_domain(exc)
        assert problem is not None, f"unmapped domain error {type(exc).__name__}"
        return _render(problem, request)

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return _render(
            InvalidInput("Zie `errors` voor de velden.", errors=field_errors(exc)), request
        )

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        problem: Problem
        if exc.status_code == 404:
            problem = NotFound(str(exc.detail))
        elif exc.status_code == 405:
            problem = MethodNotAllowed(str(exc.detail))
        elif exc.status_code == 413:
            problem = ContentTooLarge(str(exc.detail))
        elif exc.status_code == 400:
            # FastAPI's own body parsing (routes that take a model) could not read the body as
            # JSON: invalid UTF-8, or nesting too deep for the parser. Invalid input, like any
            # body that does not validate.
            problem = InvalidInput(
                "De body is geen leesbare JSON (UTF-8).",
                errors=[FieldError(field="(body)", code="json_invalid", message=str(exc.detail))],
            )
        else:
            problem = InternalError(str(exc.detail), status=exc.status_code)
        return _render(problem, request)

    async def on_unstorable(request: Request, exc: Exception) -> JSONResponse:
        # The last line, behind the validation of every parameter and body: the database
        # refused a value (see `unstorable`). Logged, because validation should have caught it.
        orig = getattr(exc, "orig", None) or exc
        log.warning(
            "%s %s: the database refused a value: %s",
            request.method,
            request.url.path,
            type(orig).__name__,
        )
        return _render(unstorable("de database kan deze waarde niet opslaan"), request)

    async def on_crash(request: Request, exc: Exception) -> JSONResponse:
        # Never echo internals (they may hold client data); the log has the traceback.
        return _render(InternalError("Er ging iets mis; probeer het later opnieuw."), request)

    app.add_exception_handler(Problem, on_problem)
    for error in DOMAIN_ERRORS:
        app.add_exception_handler(error, on_domain)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(DataError, on_unstorable)
    app.add_exception_handler(Exception, on_crash)
