"""Opaque keyset cursors: the client passes back what it got and never builds one itself."""

import base64
import binascii

from app import problems
from app.limits import DB_INT_MAX


def encode(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def decode(cursor: str | None, *, field: str = "cursor") -> int | None:
    """The id a cursor continues after; 422 on `field` (the query parameter) for anything
    `encode` did not make, an id outside the range of the id columns (1 to 2^31 - 1) included."""
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, value = raw.partition(":")
        if kind != "id" or not (value.isascii() and value.isdigit()) or len(value) > 10:
            raise ValueError(kind)
        last_id = int(value)
        if not 1 <= last_id <= DB_INT_MAX:
            raise ValueError(value)
        return last_id
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise problems.InvalidInput(
            "De cursor is ongeldig; gebruik next_cursor van de vorige pagina.",
            errors=[
                problems.FieldError(field=field, code="cursor.invalid", message="ongeldige cursor")
            ],
        ) from None
