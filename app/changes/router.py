"""`GET /v1/changes`: the practice's change feed, for an EPD that keeps itself in sync."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app import problems
from app.changes.schemas import ChangePage
from app.changes.service import ChangeFeed
from app.db import database
from app.http import json_response
from app.practices.auth import CurrentPrincipal

router = APIRouter(prefix="/v1/changes", tags=["changes"])


@router.get(
    "",
    response_model=ChangePage,
    responses=problems.responses(),
    summary="Every change to the practice's episodes, in commit order (keyset pages)",
    description="Start without `after`; then pass the `next_cursor` you got as `after`. Every "
    "change is listed exactly once, in the order it committed, also while writes go on. "
    "Each change names its episode and its new version: read the episode for its content.",
)
async def list_changes(
    request: Request,
    principal: CurrentPrincipal,
    after: Annotated[
        str | None, Query(max_length=100, description="A cursor from an earlier page.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Response:
    db = database(request)
    page = await db.run(ChangeFeed(db, principal).changes, after=after, limit=limit)
    return json_response(page)
