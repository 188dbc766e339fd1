"""HTTP conventions shared by every router: ETag / If-Match versions and Idempotency-Key."""

from typing import Annotated

from fastapi import Depends, Header

from app import problems


def etag(version: int) -> str:
    return f'"{version}"'


def _if_match(
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


def _idempotency_key(
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
