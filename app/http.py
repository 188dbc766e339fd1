"""HTTP conventions shared by every router: ETag / If-Match, Idempotency-Key, bodies parsed once.

Write routes take If-Match as a plain header string: whether it is missing (428) or stale (412)
is decided by the write preamble (`app/episodes/writes.py`) after authentication, existence and
authorisation, in the order RFC 9110 gives. Likewise their bodies arrive as bytes and are parsed
once, by the use case, against the episode's own forms.
"""

from typing import Annotated, Any, TypeVar

from fastapi import Depends, Header, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

from app import problems
from app.idempotency import IdempotentRequest

M = TypeVar("M", bound=BaseModel)

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


def parse_body(model: type[M], raw: bytes) -> M:
    """The body as `model`, parsed straight from its bytes; 422 naming each field otherwise."""
    try:
        return model.model_validate_json(raw or b"null")
    except ValidationError as exc:
        raise RequestValidationError(
            [err | {"loc": ("body", *err["loc"])} for err in exc.errors(include_url=False)]
        ) from None


def request_body(model: type[BaseModel], *, examples: dict[str, Any] | None = None) -> Any:
    """`openapi_extra` for a route that reads its body itself: the schema and examples, so the
    OpenAPI still documents what to send. The model is registered in the components by
    `app.openapi.document`."""
    content: dict[str, Any] = {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}
    if examples:
        content["examples"] = {name: {"value": value} for name, value in examples.items()}
    _BODY_MODELS[model.__name__] = model
    return {"requestBody": {"required": True, "content": {"application/json": content}}}


_BODY_MODELS: dict[str, type[BaseModel]] = {}


def body_models() -> dict[str, type[BaseModel]]:
    return dict(_BODY_MODELS)


async def raw_body(request: Request) -> bytes:
    return await request.body()


RawBody = Annotated[bytes, Depends(raw_body)]


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
