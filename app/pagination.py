"""Opaque keyset cursors: the client passes back what it got and never builds one itself."""

import base64
import binascii

from app import problems


def encode(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def decode(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, value = raw.partition(":")
        if kind != "id":
            raise ValueError(kind)
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise problems.InvalidInput(
            "De cursor is ongeldig; gebruik next_cursor van de vorige pagina.",
            errors=[
                problems.FieldError(
                    field="cursor", code="cursor.invalid", message="ongeldige cursor"
                )
            ],
        ) from None
