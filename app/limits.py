"""Bounds on what a request may carry, and the one walk that holds a parsed body to them.

The forms set their own limits where a limit means something clinically (4000 characters for a
free-text field, `max_length` per field). These bounds are the floor under everything else: the
strings, lists and objects that have no limit of their own (list items such as `interventies`,
trigger payloads, the responses of a measurement, object keys), and how deep a body may nest. A
body that breaks one answers 422 naming the field, like any other invalid input; nothing is
stored. The total size of a body is bounded separately, before it is read (`Settings.
max_body_bytes`, 413).
"""

from typing import Any

from pydantic import BaseModel

DB_INT_MAX = 2**31 - 1
"""The largest id, cursor or count a path or query parameter may carry: ids are PostgreSQL
INTEGER columns (SQLite would hold 2^63 - 1), so anything above cannot name a row and is refused
(422) before it reaches a statement."""

MAX_TEXT = 10_000
"""Characters in one string. The longest free-text field of any form allows 4000; 10 000 leaves
room and still keeps one value small."""

MAX_ITEMS = 200
"""Items in one list, or members of one object. The largest instrument has 50 items; the forms'
lists (subdoelen, interventies, tussentijdse evaluaties) hold tens at most."""

MAX_DEPTH = 8
"""Nesting of lists and objects, the body itself being 1. The deepest form (evaluatie: form,
list, section, list) is 4."""

MAX_ERRORS = 20
"""Errors listed in one answer: a body of a thousand bad strings needs no thousand-line reply."""


def may_violate(raw: bytes) -> bool:
    """Whether the JSON text `raw` could parse into anything that breaks a bound; False for
    nearly every real body, which then needs no walk. Each test is conservative: a string has no
    more characters than its JSON has bytes, a list of n items needs n - 1 commas, each level
    opens a bracket, and U+0000 can only arrive escaped (a raw NUL is invalid JSON)."""
    return (
        len(raw) > MAX_TEXT
        or raw.count(b",") >= MAX_ITEMS
        or raw.count(b"[") + raw.count(b"{") > MAX_DEPTH
        or b"\\u0000" in raw
    )


def violations(value: Any) -> list[tuple[str, str, str]]:
    """What of `value` (a parsed body: a model, or plain JSON data) breaks a bound, as
    (field path, code, message), at most MAX_ERRORS of them."""
    out: list[tuple[str, str, str]] = []
    _walk(value, (), 1, out)
    return out[:MAX_ERRORS]


def _walk(value: Any, path: tuple[str, ...], depth: int, out: list[tuple[str, str, str]]) -> None:
    if len(out) >= MAX_ERRORS:
        return
    if isinstance(value, str):
        _text(value, path, out)
        return
    if isinstance(value, BaseModel):
        members: Any = value.__dict__  # a model's own field names need no check
        extra = value.__pydantic_extra__
    elif isinstance(value, dict):
        members, extra = None, value
    elif isinstance(value, list | tuple):
        members, extra = value, None
    else:
        return  # numbers, booleans, dates, None: bounded by their type
    if depth > MAX_DEPTH:
        out.append((_field(path), "too_deep", f"hoogstens {MAX_DEPTH} niveaus diep"))
        return
    if isinstance(members, list | tuple):
        if len(members) > MAX_ITEMS:
            out.append((_field(path), "too_many_items", f"hoogstens {MAX_ITEMS} items"))
            return
        for i, item in enumerate(members):
            _walk(item, (*path, str(i)), depth + 1, out)
        return
    if members is not None:
        for name, item in members.items():
            _walk(item, (*path, name), depth + 1, out)
    if extra:
        if len(extra) > MAX_ITEMS:
            out.append((_field(path), "too_many_items", f"hoogstens {MAX_ITEMS} velden"))
            return
        for key, item in extra.items():
            name = str(key)[:50]
            _text(str(key), (*path, name), out)
            _walk(item, (*path, name), depth + 1, out)


def _text(value: str, path: tuple[str, ...], out: list[tuple[str, str, str]]) -> None:
    if "\x00" in value:
        # PostgreSQL cannot store U+0000 in text or JSONB; no form has a use for it either.
        out.append((_field(path), "string_nul", "het teken U+0000 (NUL) is niet toegestaan"))
    if len(value) > MAX_TEXT:
        out.append((_field(path), "string_too_long", f"hoogstens {MAX_TEXT} tekens"))


def _field(path: tuple[str, ...]) -> str:
    return ".".join(path) or "(body)"
