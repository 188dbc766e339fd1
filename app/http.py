"""HTTP conventions shared by every router: ETag / If-Match, Idempotency-Key, bodies parsed once.

Write routes take If-Match as a plain header string: whether it is missing (428) or stale (412)
is decided by the write preamble (`app/episodes/writes.py`) after authentication, existence and
authorisation, in the order RFC 9110 gives. Likewise their bodies arrive as bytes and are parsed
once, by the use case, against the episode's own forms.

Every JSON body the app parses itself goes through `parse_with` (`parse_body` for a model, the
step forms through `Definition.parse_record`), which checks, in this order: the body was not cut
off at the size limit (413), it was sent as JSON (415), it parses (422), and what it holds stays
within `app.limits` (422). All four are about the content, so they come where the content is
checked: after authentication, existence, authorisation and the preconditions.
"""

import re
from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Header, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, PlainValidator, ValidationError, WithJsonSchema
from starlette.exceptions import HTTPException as StarletteHTTPException

from app import limits, problems
from app.idempotency import IdempotentRequest

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

IfMatchHeader = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="The ETag you last read; required on every write (428 without, 412 stale).",
    ),
]
IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=200,
        description="Optional; a retry with the same key returns the first answer.",
    ),
]


def _moment(value: Any) -> datetime:
    """An ISO 8601 date (its start, 00:00 UTC) or date-time; one without a zone is UTC."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and _ISO_DATE.match(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError("geen geldige datum of datum-tijd (ISO 8601)") from None
    else:
        raise ValueError("een datum (2026-11-01) of datum-tijd (2026-11-01T09:30:00+01:00)")
    try:
        return moment.replace(tzinfo=moment.tzinfo or UTC).astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+01:00 lies before the first representable moment
        raise ValueError("buiten het bereik van datums") from None


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]|\Z)")

Moment = Annotated[
    datetime,
    PlainValidator(_moment),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "date-time"},
                {"type": "string", "format": "date"},
            ]
        }
    ),
]
"""A moment in a query: `2026-11-01` (00:00 UTC), `2026-11-01T09:30:00+01:00`, or a date-time
without a zone, read as UTC. Anything else is 422 naming the parameter, never a 500."""


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(if_match: str | None, current: int) -> int:
    """428 without If-Match, 412 when it names another version (or none at all)."""
    if if_match is None:
        raise problems.PreconditionRequired(
            "Stuur If-Match met de ETag van de versie die je hebt gelezen."
        )
    raw = if_match.strip().removeprefix("W/").strip('"')
    if raw.isdecimal() and len(raw) < 19 and int(raw) == current:
        return current
    raise problems.VersionMismatch(
        f"If-Match {if_match[:40]!r} is niet de huidige versie ({current}). Lees opnieuw en "
        "probeer het dan nog eens.",
        headers={"ETag": f'"{current}"'},
    )


class Body(bytes):
    """A request body as read: its bytes, the media type it was sent as, and whether it was cut
    off at the size limit (then it holds nothing). Plain `bytes` everywhere else: the use cases
    keep it as they get it and hand it to `parse_with`, which refuses it if it must."""

    media_type: str | None = None
    too_large: bool = False

    @classmethod
    def of(cls, raw: bytes, media_type: str | None, *, too_large: bool = False) -> "Body":
        body = cls(raw)
        body.media_type = media_type
        body.too_large = too_large
        return body


async def read_body(request: Request) -> Body:
    """The request's body, never more than `Settings.max_body_bytes` of it (`BodyLimit`). A
    body over the limit is not an error yet: the route decides when the content is checked, and
    401, 404, 403 and the preconditions come first (`parse_with` answers the 413)."""
    media_type = request.headers.get("content-type")
    try:
        return Body.of(await request.body(), media_type)
    except BodyTooLarge:
        return Body.of(b"", media_type, too_large=True)


def is_json(media_type: str | None) -> bool:
    """`application/json` or any `application/...+json`, parameters (charset) aside."""
    if not media_type:
        return False
    essence = media_type.split(";", 1)[0].strip().lower()
    return essence == "application/json" or (
        essence.startswith("application/") and essence.endswith("+json")
    )


def parse_with(raw: bytes, parse: Callable[[bytes], T]) -> T:
    """The one way a JSON body becomes data: 413 if it was over the size limit, 415 unless it
    was sent as JSON, then `parse` (its own 422), then the bounds of `app.limits` on every
    string, list, object and level of what it parsed (422 naming the field)."""
    if isinstance(raw, Body):
        if raw.too_large:
            raise problems.ContentTooLarge(
                "De body is groter dan deze service aanneemt; er is niets opgeslagen."
            )
        if raw and not is_json(raw.media_type):
            sent = (raw.media_type or "zonder Content-Type")[:60]
            raise problems.UnsupportedMediaType(
                f"Stuur de body als application/json, niet als {sent!r}.",
                errors=[
                    problems.FieldError(
                        field="header.Content-Type",
                        code="media_type.unsupported",
                        message="application/json",
                    )
                ],
            )
    parsed = parse(raw or b"null")
    if limits.may_violate(raw) and (found := limits.violations(parsed)):
        raise problems.InvalidInput(
            "Een waarde in de body is te groot, te diep genest of bevat NUL; er is niets "
            "opgeslagen.",
            errors=[problems.FieldError(field=f, code=c, message=m) for f, c, m in found],
        )
    return parsed


def parse_body(model: type[M], raw: bytes) -> M:
    """The body as `model`, parsed straight from its bytes (see `parse_with`); 422 naming each
    field otherwise."""

    def validate(data: bytes) -> M:
        try:
            return model.model_validate_json(data)
        except ValidationError as exc:
            raise invalid_body(exc.errors(include_url=False)) from None

    return parse_with(raw, validate)


def invalid_body(errors: Iterable[Mapping[str, Any]]) -> RequestValidationError:
    """The 422 naming each field of a body: pydantic-shaped errors (`loc` inside the body,
    `type` the code, `msg` the message), from a model or from a parser's own checks."""
    return RequestValidationError([dict(err) | {"loc": ("body", *err["loc"])} for err in errors])


def request_body(
    model: type[BaseModel],
    *,
    examples: dict[str, Any] | None = None,
    also: dict[str, Any] | None = None,
) -> Any:
    """`openapi_extra` for a route that reads its body itself: the schema and examples, so the
    OpenAPI still documents what to send. The model's schema is added to the components by
    `app.main._openapi`. `also`: more media types the route reads, as OpenAPI content entries
    by media type."""
    content: dict[str, Any] = {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}
    if examples:
        content["examples"] = {name: {"value": value} for name, value in examples.items()}
    _BODY_MODELS[model.__name__] = model
    return {
        "requestBody": {"required": True, "content": {"application/json": content, **(also or {})}}
    }


_BODY_MODELS: dict[str, type[BaseModel]] = {}


def form_body(examples: dict[str, Any]) -> Any:
    """`openapi_extra` for a body that is a form of the episode's own profile (a step record, a
    sessie): which form depends on the episode, so its JSON Schema is served in
    GET /v1/workflows/{profile}; here, an object and an example."""
    content = {
        "schema": {"type": "object"},
        "examples": {n: {"value": v} for n, v in examples.items()},
    }
    return {"requestBody": {"required": True, "content": {"application/json": content}}}


def body_models() -> dict[str, type[BaseModel]]:
    return dict(_BODY_MODELS)


RawBody = Annotated[bytes, Depends(read_body)]
"""The body as a dependency, for routes that parse it with `parse_body`. Reading it never fails
(see `read_body`), so it may come before the authentication in a route's signature."""


Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyTooLarge(StarletteHTTPException):
    """Raised by `BodyLimit` when the app reads past the limit. An HTTPException, so a body
    that FastAPI parses itself (a route that takes a model) answers 413 through the problem
    handlers too; `read_body` catches it for every other route."""

    def __init__(self) -> None:
        super().__init__(413, "De body is groter dan deze service aanneemt.")


class BodyLimit:
    """Reads no more than `max_bytes` of a request body (pure ASGI, in front of the app).

    A body that declares a larger Content-Length is refused before a byte of it is read; a
    streamed one as soon as it passes the limit. Nothing is refused here: the limit is raised
    (`BodyTooLarge`) only when, and if, a route reads the body, so a route's own order of checks
    holds (no token is 401 whatever the body). FastAPI's `max_body_size` would answer first,
    in plain text, and replace even a 401 with its 413.

    Only POST, PUT and PATCH bodies are read by routes; on other methods `receive` is left
    alone (a file or streamed answer listens on it for the client going away). After the one
    refusal, `receive` passes on nothing but the end of the connection, for the same reason."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _READS_BODY:
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared <= self.max_bytes:
            # The server delivers no more than it declares (h11 and httptools both enforce it).
            await self.app(scope, receive, send)
            return
        limit, seen, refused = self.max_bytes, 0, False

        async def limited() -> Message:
            nonlocal seen, refused
            if refused:  # the reader was told; a listener for a disconnect gets no body
                while (message := await receive())["type"] == "http.request":
                    pass
                return message
            if declared is not None:
                refused = True
                raise BodyTooLarge
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    refused = True
                    raise BodyTooLarge
            return message

        await self.app(scope, limited, send)


_READS_BODY = frozenset({"POST", "PUT", "PATCH"})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def idempotent(
    key: str | None, *, scope: str, request: Request, raw: bytes
) -> IdempotentRequest | None:
    return IdempotentRequest.of(
        key,
        scope=scope,
        method=request.method,
        path=request.url.path,
        raw=raw,
        ttl_hours=request.app.state.settings.idempotency_ttl_hours,
    )


def answer(
    status: int, body: str, *, version: int | None = None, location: str | None = None
) -> Response:
    headers = {}
    if version is not None:
        headers["ETag"] = etag(version)
    if location is not None:
        headers["Location"] = location
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def json_response(
    body: BaseModel,
    *,
    status_code: int = 200,
    version: int | None = None,
    location: str | None = None,
) -> Response:
    """Serialise once with pydantic-core. (Returning the model makes FastAPI validate it again
    against the response_model before serialising: work a hot route need not repeat.)"""
    return answer(status_code, body.model_dump_json(), version=version, location=location)


Offer = TypeVar("Offer", bound=str)


def negotiate(accept: str | None, offered: tuple[Offer, ...]) -> Offer | None:
    """The media type to answer (RFC 9110 §12.5.1): the offer with the highest `q` that the
    most specific matching range gives it, the order of `offered` breaking ties; no Accept (or
    `*/*`) is the first offer; None when nothing offered is acceptable (406)."""
    if accept is None or not accept.strip():
        return offered[0]
    ranges: list[tuple[str, float]] = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = -1.0  # a range with a malformed weight counts for nothing
        if media:
            ranges.append((media.lower(), q))

    def quality(offer: str) -> float:
        kind = offer.split("/")[0]
        for pattern in (offer, f"{kind}/*", "*/*"):  # most specific first
            weights = [q for media, q in ranges if media == pattern]
            if weights:
                return max(weights)
        return 0.0

    best = max(offered, key=lambda offer: (quality(offer), -offered.index(offer)))
    return best if quality(best) > 0 else None
