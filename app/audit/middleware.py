"""Writes the access-log rows of every request that touches client data (NEN 7513), and of every
change to who may do what.

Pure ASGI, so it sees the final status of every answer, errors included. The rows are committed
before the first byte of the answer is sent (see `writer.py`); a write has already committed
them in its own transaction, with the status it answers.
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


class AuditMiddleware:
    def __init__(self, app: ASGIApp, writer: AuditWriter) -> None:
        self.app = app
        self.writer = writer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not context.is_logged(scope["method"], scope["path"]):
            await self.app(scope, receive, send)
            return
        note = AuditNote(method=scope["method"], path=scope["path"], scope=scope)
        answered = False

        async def log_then_send(message: Message) -> None:
            nonlocal answered
            if message["type"] == "http.response.start":
                answered = True
                if note.logged_status != message["status"]:
                    await self.writer.log(rows_of(note, message["status"]))
            await send(message)

        token = context.start(note)
        try:
            await self.app(scope, receive, log_then_send)
        except BaseException:
            if not answered:  # the server answers 500; that access is logged too
                await self.writer.log(rows_of(note, 500))
            raise
        finally:
            context.finish(token)
