"""Writing and querying the access log."""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.audit.context import AuditNote, current_note
from app.audit.models import AuditEvent
from app.db import Database
from app.sql import Tx
from app.types import utcnow

AUDIT = AuditEvent.__table__  # type: ignore[attr-defined]

_ACTIONS = {
    "GET": "read",
    "HEAD": "read",
    "POST": "create",
    "PUT": "update",
    "PATCH": "update",
    "DELETE": "delete",
}


def action_of(method: str, route: str) -> str:
    if route.endswith("/transitions"):
        return "transition"
    if route.endswith(("/correcties", "/verzonden")):
        return "update"  # a correction, a bericht marked sent: a stored thing changes (POSTed)
    if route.endswith("/inzage"):
        return "export"  # the client's own copy of the whole record (WGBO art. 7:456)
    if route.endswith("/fhir"):
        return "export"  # the whole episode as a FHIR Bundle, for another system
    if route.startswith("/v1/exports"):
        return "export"  # outcome data leaving the practice (the LDO)
    if route.startswith("/v1/audit"):
        return "export" if route.endswith("/export") else "read"
    return _ACTIONS.get(method, method.lower())


def rows_of(note: AuditNote, status: int) -> list[dict[str, Any]]:
    """One row per client whose data the request touched (a list page: every client on it),
    or one row without a client; the rows of one request share its request_id."""
    route = note.route_template()
    common = {
        "at": utcnow(),
        "request_id": note.request_id,
        "practice_id": note.practice_id,
        "actor_type": note.actor_type,
        "actor_id": note.actor_id,
        "actor_name": note.actor_name,
        "acting_user_id": note.acting_user_id,
        "acting_user_name": note.acting_user_name,
        "action": action_of(note.method, route),
        "resource": f"{note.method} {route}"[:200],
        "outcome": status,
    }
    subjects = note.subjects or [(None, None)]
    return [common | {"episode_id": e, "client_ref": c} for e, c in subjects]


_INSERT = (
    "INSERT INTO audit_event (at, request_id, practice_id, actor_type, actor_id, actor_name, "
    "acting_user_id, acting_user_name, action, resource, outcome, episode_id, client_ref) "
    "VALUES (:at, :request_id, :practice_id, :actor_type, :actor_id, :actor_name, "
    ":acting_user_id, :acting_user_name, :action, :resource, :outcome, :episode_id, :client_ref)"
)


def insert(tx: Tx, rows: list[dict[str, Any]]) -> None:
    tx.many(_INSERT, [r | {"at": tx.at(r["at"])} for r in rows])


def log_in(tx: Tx, status: int) -> None:
    """Write this request's access-log rows inside the write's own transaction: the access and
    the change it made commit together, so neither survives a crash without the other."""
    note = current_note()
    if note is not None:
        insert(tx, rows_of(note, status))
        note.logged_status = status


def query(
    db: Database,
    *,
    practice_id: int,
    client_ref: str | None,
    since: datetime | None,
    until: datetime | None,
    after_id: int | None,
    limit: int,
) -> Iterator[AuditEvent]:
    q = select(AUDIT).where(AUDIT.c.practice_id == practice_id).order_by(AUDIT.c.id).limit(limit)
    if client_ref is not None:
        q = q.where(AUDIT.c.client_ref == client_ref)
    if since is not None:
        q = q.where(AUDIT.c.at >= since)
    if until is not None:
        q = q.where(AUDIT.c.at < until)
    if after_id is not None:
        q = q.where(AUDIT.c.id > after_id)
    with db.read() as s:
        for row in s.connection().execute(q):
            yield AuditEvent.model_validate(row._mapping)
