"""HTTP conventions shared by every router: ETag / If-Match versions and Idempotency-Key.

Dependencies that only read headers are `async def`: FastAPI runs sync dependencies in the
thread pool, a hop per dependency per request that buys nothing here."""

from typing import Annotated

from fastapi import Depends, Header, Response
from pydantic import BaseModel

from app import problems


def etag(version: int) -> str:
    return f'"{version}"'


async def _if_match(
    if_match: Annotated[
        str | None,
        Header(description="The ETag you last read; required on every write (428 without)."),
    ] = None,
) -> int:
    if if_match is None:
        raise problems.PreconditionRequired(
            "Stuur If-Match met de ETag van de versie die je hebt gelezen."
        )
    raw = if_match.strip().removeprefix("W/").strip('"')
    try:
        return int(raw)
    except ValueError:
        raise problems.VersionMismatch(
            f"If-Match {if_match!r} noemt geen versie van deze episode."
        ) from None


async def _idempotency_key(
    idempotency_key: Annotated[
        str | None,
        Header(
            max_length=200,
            description="Optional; a retry with the same key returns the first answer.",
        ),
    ] = None,
) -> str | None:
    return idempotency_key


IfMatch = Annotated[int, Depends(_if_match)]
IdempotencyKey = Annotated[str | None, Depends(_idempotency_key)]


def json_response(
    body: BaseModel,
    *,
    status_code: int = 200,
    version: int | None = None,
    location: str | None = None,
) -> Response:
    """Serialise once with pydantic-core. (Returning the model makes FastAPI validate it again
    against the response_model before serialising: work a hot route need not repeat.)"""
    headers = {}
    if version is not None:
        headers["ETag"] = etag(version)
    if location is not None:
        headers["Location"] = location
    return Response(
        body.model_dump_json(),
        status_code=status_code,
        media_type="application/json",
        headers=headers,
    )
