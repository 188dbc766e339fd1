"""Writes one access-log row for every request that touches client data (NEN 7513).

Pure ASGI, so it sees the final status of every answer, errors included. The row is written
after the answer has been sent, in the thread pool, in its own short transaction: a request
is never slowed by its own audit write, and a crash between the two can lose at most that
one row (the trade-off is documented in the README).
"""

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.concurrency import run_in_threadpool

from app.audit import context
from app.audit.context import AuditNote
from app.audit.store import write
from app.db import Database

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Client data lives under these prefixes; everything else (definitions, catalogue, health,
# login) holds none.
CLIENT_DATA_PREFIXES = ("/v1/episodes", "/v1/audit")


class AuditMiddleware:
    def __init__(self, app: ASGIApp, db: Database) -> None:
        self.app = app
        self.db = db

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(CLIENT_DATA_PREFIXES):
            await self.app(scope, receive, send)
            return
        note = AuditNote(method=scope["method"], path=scope["path"])
        status = 500

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        token = context.start(note)
        try:
            await self.app(scope, receive, capture)
        finally:
            context.finish(token)
            route = scope.get("route")
            note.route = getattr(route, "path", None) or scope["path"]
            await run_in_threadpool(write, self.db, note, status)
