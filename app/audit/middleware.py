"""Writes one access-log row for every request that touches client data (NEN 7513).

Pure ASGI, so it sees the final status of every answer, errors included. The row is handed to
the batching writer once the answer is complete (see `writer.py`).
"""

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from app.audit import context
from app.audit.context import AuditNote
from app.audit.store import rows_of
from app.audit.writer import AuditWriter

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Client data lives under these prefixes; everything else (definitions, catalogue, health,
# login) holds none.
CLIENT_DATA_PREFIXES = ("/v1/episodes", "/v1/audit")


class AuditMiddleware:
    def __init__(self, app: ASGIApp, writer: AuditWriter) -> None:
        self.app = app
        self.writer = writer

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
            self.writer.add(rows_of(note, status))
