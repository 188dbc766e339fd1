"""Prometheus metrics: requests by route and status, latency, transitions, gate blocks, and the
access-log writer's queue. Served at `/metrics` to a scraper holding `METRICS_TOKEN` (never to
API tokens: the figures span every practice of the server). Labels are route templates, steps,
profiles and gate codes: never an id, a client reference or anything typed in a form.

With several workers, set PROMETHEUS_MULTIPROC_DIR to an empty directory shared by the workers
(prometheus_client's multiprocess mode) so one scrape sees all of them."""

import hmac
import os
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import APIRouter, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from app import problems

REQUESTS = Counter("methodisch_requests_total", "Requests answered.", ["method", "route", "status"])
LATENCY = Histogram(
    "methodisch_request_seconds",
    "Time to answer, by route.",
    ["method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)
TRANSITIONS = Counter(
    "methodisch_transitions_total", "Transitions fired.", ["profile", "source", "dest"]
)
GATE_BLOCKS = Counter(
    "methodisch_gate_blocks_total", "Unmet requirements answered in a 409.", ["code"]
)
AUDIT_QUEUE = Gauge(
    "methodisch_audit_queue_depth",
    "Access-log rows waiting for their group commit.",
    multiprocess_mode="livesum",
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class RequestMetrics:
    """Pure ASGI: counts every answer by route template and status, and times it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def observe(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, observe)
        finally:
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            REQUESTS.labels(scope["method"], route, str(status)).inc()
            LATENCY.labels(scope["method"], route).observe(time.perf_counter() - started)


router = APIRouter()


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    expected: str | None = request.app.state.settings.metrics_token
    given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        raise problems.Unauthorized(
            "Metrics vragen het METRICS_TOKEN.", headers={"WWW-Authenticate": "Bearer"}
        )
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
