"""create_app: the FastAPI service with its database, routers and problem handlers."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from pydantic.json_schema import models_json_schema

from app import logs, problems
from app.audit.middleware import AuditMiddleware
from app.audit.router import router as audit_router
from app.audit.writer import AuditWriter
from app.berichten.router import router as berichten_router
from app.changes.router import router as changes_router
from app.db import Database, make_engine
from app.definitions.router import router as workflows_router
from app.direct import DirectRoutes
from app.episodes.router import router as episodes_router
from app.exports.router import router as exports_router
from app.fhir.router import router as fhir_router
from app.health import router as health_router
from app.http import BodyLimit, body_models
from app.instruments.router import router as instruments_router
from app.inzage.router import router as inzage_router
from app.measurements.router import router as measurements_router
from app.metrics import RequestMetrics
from app.metrics import router as metrics_router
from app.outcomes.router import router as outcomes_router
from app.practices.auth import current_principal
from app.practices.router import router as practices_router
from app.security_headers import SecurityHeaders
from app.settings import Settings, get_settings
from app.upkeep import for_app

DESCRIPTION = """
Workflow engine for the eight-step **methodisch handelen** of the oefentherapeut.

Every write needs `If-Match` with the ETag you last read (428 without, 412 when stale).
POSTs accept `Idempotency-Key`: a retry returns the first answer. Errors are RFC 9457
`application/problem+json`; a blocked transition is 409 with the unmet gates in `unmet`.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app, built on demand (`uvicorn --factory app.main:create_app`): importing this module
    starts nothing."""
    settings = settings or get_settings()
    if settings.log_format == "json":
        logs.configure()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db: Database = app.state.db
        upkeep = for_app(db, settings)  # WAL checkpoints, expired idempotency keys
        upkeep.start()
        # Everything built so far (routes, schemas, definitions, the catalogue) lives as long as
        # the process: keep it out of the collector's full passes, which otherwise stall every
        # request in flight for tens of milliseconds (measured: 55 ms, README "Benchmark").
        gc.collect()
        gc.freeze()
        yield
        upkeep.stop()
        db.dispose()

    app = FastAPI(title="methodisch", version="0.1.0", description=DESCRIPTION, lifespan=lifespan)
    app.state.db = Database(make_engine(settings))
    app.state.settings = settings
    problems.install(app)
    app.state.audit = AuditWriter(app.state.db)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    app.add_middleware(AuditMiddleware, writer=app.state.audit)
    # Our own limit rather than FastAPI's `max_body_size`: see `BodyLimit`.
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestMetrics)
    app.add_middleware(SecurityHeaders, settings=settings)  # outermost: on every answer
    app.include_router(health_router)
    app.include_router(metrics_router)
    # Routes are matched in order: the episode routes, which carry nearly all traffic, first.
    app.include_router(episodes_router)
    app.include_router(berichten_router)
    app.include_router(measurements_router)
    app.include_router(inzage_router)
    app.include_router(fhir_router)
    app.include_router(changes_router)
    app.include_router(outcomes_router)
    app.include_router(exports_router)
    app.include_router(practices_router)
    app.include_router(audit_router)
    # The definitions and the catalogue hold no client data, but they are not public either.
    signed_in = [Depends(current_principal)]
    app.include_router(workflows_router, dependencies=signed_in)
    app.include_router(instruments_router, dependencies=signed_in)
    # The routes on an episode and the change feed, which carry nearly all traffic, skip
    # FastAPI's matching and dependency solving when every parameter is plainly valid
    # (app/direct.py).
    busiest = [
        *episodes_router.routes,
        *berichten_router.routes,
        *measurements_router.routes,
        *changes_router.routes,
    ]
    app.router.middleware_stack = DirectRoutes(app.router.middleware_stack, busiest)

    @app.get(
        "/problems/{slug}",
        tags=["meta"],
        summary="What a problem type means",
        responses=problems.responses(404, signed_in=False),
    )
    def problem_type(slug: str) -> dict[str, str | int]:
        for p in problems.ALL:
            if p.slug == slug:
                return {"type": p.type_uri(), "status": p.status, "title": p.title}
        raise problems.NotFound(f"Onbekend probleemtype {slug!r}.")

    web = Path(__file__).parent / "web"
    if (web / "index.html").exists():
        # The thin web client: static files that use only the public /v1 API.
        app.mount("/", StaticFiles(directory=web, html=True), name="web")
    else:

        @app.get("/", include_in_schema=False)
        def root() -> RedirectResponse:
            return RedirectResponse("/docs")

    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, plus the schemas of the bodies that write routes parse themselves
    (they are referenced from those routes' `requestBody`). Every problem response is declared
    as the `application/problem+json` it is, with its schema; every operation that takes a body
    also declares 413 and 415 (too large, not JSON), which any body can earn."""
    if app.openapi_schema is None:
        doc = get_openapi(
            title=app.title,
            version=app.version,
            openapi_version=app.openapi_version,
            description=app.description,
            routes=app.routes,
        )
        _, defs = models_json_schema(
            [(m, "validation") for m in body_models().values()],
            ref_template="#/components/schemas/{model}",
        )
        schemas = doc.setdefault("components", {}).setdefault("schemas", {})
        for name, schema in defs.get("$defs", {}).items():
            schemas.setdefault(name, schema)
        for operations in doc["paths"].values():
            for operation in operations.values():
                _declare_problems(operation)
        app.openapi_schema = doc
    return app.openapi_schema


def _declare_problems(operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    if "requestBody" in operation:
        for status in problems.BODY_STATUSES:
            responses.setdefault(str(status), problems.openapi_response(status))
    for status, response in responses.items():
        content = response.get("content", {})
        if status.startswith(("4", "5")) and problems.MEDIA_TYPE in content:
            # FastAPI files a `responses=` model under the route's own media type as well.
            schema = content.pop("application/json", {}).get("schema")
            if schema is not None:
                content[problems.MEDIA_TYPE].setdefault("schema", schema)
