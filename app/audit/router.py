"""The access log for the practice administrator: query, and export as CSV or JSON."""

import csv
import io
import json
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from app import pagination, problems
from app.audit.models import AuditEvent
from app.audit.store import query
from app.db import DatabaseDep
from app.http import Moment
from app.practices.auth import PracticeAdmin
from app.practices.router import ADMIN_ONLY

router = APIRouter(prefix="/v1/audit", tags=["audit"])
_MOMENT = "A date (`2026-11-01`: 00:00 UTC) or date-time, ISO 8601; without a zone it is UTC."
Since = Annotated[Moment | None, Query(alias="from", description=f"Inclusive. {_MOMENT}")]
Until = Annotated[Moment | None, Query(alias="to", description=f"Exclusive. {_MOMENT}")]

FIELDS = (
    "id", "at", "request_id", "actor_type", "actor_id", "actor_name", "acting_user_id",
    "acting_user_name", "client_ref", "episode_id", "action", "resource", "outcome",
)  # fmt: skip


class AuditOut(BaseModel):
    id: int
    at: datetime
    request_id: str | None
    actor_type: str
    actor_id: int | None
    actor_name: str | None
    acting_user_id: str | None = Field(
        description="For an EPD: which of its own users acted (X-Acting-User-Id)."
    )
    acting_user_name: str | None = Field(description="That user's name (X-Acting-User-Name).")
    client_ref: str | None
    episode_id: int | None
    action: str
    resource: str
    outcome: int


class AuditPage(BaseModel):
    items: list[AuditOut]
    next_cursor: str | None


def _rows(
    db: DatabaseDep,
    admin: PracticeAdmin,
    client_ref: str | None,
    since: datetime | None,
    until: datetime | None,
    cursor: str | None,
    limit: int,
) -> list[AuditEvent]:
    return list(
        query(
            db,
            practice_id=admin.practice_id,
            client_ref=client_ref,
            since=since,
            until=until,
            after_id=pagination.decode(cursor),
            limit=limit,
        )
    )


@router.get(
    "",
    responses=problems.responses(403),
    summary="Who accessed which client's data",
    openapi_extra=ADMIN_ONLY,
)
def audit_log(
    db: DatabaseDep,
    admin: PracticeAdmin,
    client_ref: str | None = Query(None, max_length=64),
    since: Since = None,
    until: Until = None,
    cursor: str | None = Query(None, max_length=100),
    limit: int = Query(100, ge=1, le=1000),
) -> AuditPage:
    rows = _rows(db, admin, client_ref, since, until, cursor, limit + 1)
    items = [AuditOut.model_validate(r, from_attributes=True) for r in rows[:limit]]
    more = len(rows) > limit
    return AuditPage(
        items=items, next_cursor=pagination.encode(items[-1].id) if more and items else None
    )


@router.get(
    "/export",
    responses=problems.responses(403)
    | {
        200: {
            "description": "The rows: CSV (`format=csv`), or a JSON array (`format=json`).",
            "model": list[AuditOut],
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    },
    summary="The access log as CSV or JSON (up to 100 000 rows per export)",
    openapi_extra=ADMIN_ONLY,
)
def audit_export(
    db: DatabaseDep,
    admin: PracticeAdmin,
    format: Literal["csv", "json"] = "csv",
    client_ref: str | None = Query(None, max_length=64),
    since: Since = None,
    until: Until = None,
) -> Response:
    rows = _rows(db, admin, client_ref, since, until, None, 100_000)
    if format == "json":
        body = json.dumps(
            [AuditOut.model_validate(r, from_attributes=True).model_dump(mode="json") for r in rows]
        )
        return Response(body, media_type="application/json")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(FIELDS)
    for r in rows:
        writer.writerow([getattr(r, f) for f in FIELDS])
    return Response(
        out.getvalue(),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="toegangslog.csv"'},
    )
