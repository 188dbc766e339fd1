"""Liveness and readiness, for load balancers and orchestrators (public: they carry no data).

`/health` says the process answers. `/health/ready` says it can serve: the database answers and
its schema is at the newest migration this code was built for (a worker started before
`alembic upgrade head` finished is not ready)."""

from functools import lru_cache
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from app import problems
from app.db import Database, database
from app.practices.auth import current_principal
from app.settings import Settings

router = APIRouter(tags=["meta"])
ROOT = Path(__file__).resolve().parent.parent


@lru_cache
def expected_head() -> str | None:
    """The newest migration, from alembic.ini in the working directory (the Docker image's) or
    beside the code (a checkout)."""
    for ini in (Path("alembic.ini"), ROOT / "alembic.ini"):
        if ini.exists():
            config = Config(str(ini))
            config.set_main_option("script_location", str(ini.parent / "alembic"))
            return ScriptDirectory.from_config(config).get_current_head()
    return None


def _schema_version(db: Database) -> str | None:
    with db.transaction(write=False) as tx:
        return tx.scalar("SELECT version_num FROM alembic_version")  # type: ignore[no-any-return]


class About(BaseModel):
    name: str
    version: str
    demo_mode: bool = Field(
        description="A demonstration server: clients may offer fictional example text. Never on "
        "a server with real records."
    )


@router.get(
    "/v1/about",
    summary="This server: its version, and whether it is a demonstration server",
    responses=problems.responses(),
    dependencies=[Depends(current_principal)],
)
def about(request: Request) -> About:
    settings: Settings = request.app.state.settings
    return About(name="methodisch", version=request.app.version, demo_mode=settings.demo_mode)


@router.get("/health", summary="Liveness: the process answers")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/health/ready",
    summary="Readiness: the database answers and its schema is at the newest migration",
    responses=problems.responses(503),
)
async def ready(request: Request) -> dict[str, str]:
    db = database(request)
    try:
        current = await db.run(_schema_version, db)
    except Exception:
        raise problems.NotReady("De database is niet bereikbaar.") from None
    head = expected_head()
    if head is not None and current != head:
        raise problems.NotReady(f"Het databaseschema staat op {current}, niet op {head}.")
    return {"status": "ready", "schema": current or "unknown"}
