"""Security headers on every answer (web client and API), and CORS only where configured.

Pure ASGI, not `BaseHTTPMiddleware`: it adds a precomputed list of headers to the start message
of each response, and does nothing else on the request path.

- `Content-Security-Policy`: scripts, styles, images and fetches only from this origin; no inline
  script or style, no plugins, no `<base>`, and no framing (`frame-ancestors 'none'`, with
  `X-Frame-Options: DENY` for older browsers). The web client (`app/web/`) is static ES modules
  and a stylesheet, so it runs under it unchanged.
- `Referrer-Policy: no-referrer`: no URL of this app (with an episode id in it) leaves in a
  Referer header.
- `X-Content-Type-Options: nosniff`: an answer is only ever what its Content-Type says.
- `Cache-Control: no-store` on every answer of the API (`/v1/...`): client data stays out of the
  browser's cache and any proxy's, on a practice computer others use too. The web client's own
  files (no client data in them) keep their normal caching.

FastAPI's own documentation pages (`/docs`, `/redoc`) load Swagger UI / ReDoc from a CDN and
boot them with an inline script. They get a policy of their own: those CDN hosts, and the
inline scripts of that very page by their SHA-256 hash (still no `'unsafe-inline'` script).

CORS is closed unless `Settings.cors_allow_origins` lists origins: then, and only then,
Starlette's `CORSMiddleware` answers for exactly those (no credentials: the API uses bearer
tokens, never cookies).
"""

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.middleware.cors import CORSMiddleware

from app.settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; "
    "frame-ancestors 'none'"
)
_DOCS_CDN = "https://cdn.jsdelivr.net"
DOCS_POLICY = (
    f"default-src 'none'; script-src {_DOCS_CDN}{{hashes}}; "
    # ReDoc and Swagger UI style their components with inline styles; no script comes of it.
    f"style-src 'self' {_DOCS_CDN} https://fonts.googleapis.com 'unsafe-inline'; "
    "img-src 'self' data: https://fastapi.tiangolo.com; font-src https://fonts.gstatic.com; "
    "connect-src 'self'; worker-src blob:; form-action 'self'; base-uri 'none'; "
    "object-src 'none'; frame-ancestors 'none'"
)
COMMON = {
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
}
API = "/v1/"
"""The API's answers: never stored by a cache."""
CORS_HEADERS = (
    "Authorization",
    "Content-Type",
    "If-Match",
    "Idempotency-Key",
    "X-Acting-User-Id",
    "X-Acting-User-Name",
)
CORS_EXPOSED = ("ETag", "Location", "Retry-After", "WWW-Authenticate")
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)


def _raw(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]


class SecurityHeaders:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        if settings.cors_allow_origins:
            app = CORSMiddleware(
                app,
                allow_origins=settings.cors_allow_origins,
                allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                allow_headers=CORS_HEADERS,
                expose_headers=CORS_EXPOSED,
                allow_credentials=False,
                max_age=600,
            )
        self.app = app
        self.headers = _raw(COMMON | {"content-security-policy": POLICY})
        self.api_headers = [*self.headers, (b"cache-control", b"no-store")]
        self.docs: frozenset[str] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.docs is None:
            self.docs = _docs_paths(scope["app"])
        if scope["path"] in self.docs:
            await self.app(scope, receive, _DocsPage(send))
            return
        extra = self.api_headers if scope["path"].startswith(API) else self.headers

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _docs_paths(app: Any) -> frozenset[str]:
    """Where FastAPI serves its documentation pages (None where switched off)."""
    names = ("docs_url", "redoc_url", "swagger_ui_oauth2_redirect_url")
    return frozenset(p for p in (getattr(app, n, None) for n in names) if p)


class _DocsPage:
    """Holds the start of a documentation page until its body is known, to allow exactly its
    inline scripts by hash. Only on the few documentation paths, which hold no client data."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.start: Message | None = None
        self.body: list[bytes] = []

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.start = message
            return
        if message["type"] != "http.response.body" or self.start is None:
            await self.send(message)
            return
        self.body.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        body = b"".join(self.body)
        hashes = "".join(
            f" 'sha256-{base64.b64encode(hashlib.sha256(script).digest()).decode()}'"
            for script in _INLINE_SCRIPT.findall(body)
        )
        policy = {"content-security-policy": DOCS_POLICY.format(hashes=hashes)}
        self.start["headers"] = [*self.start.get("headers", ()), *_raw(COMMON | policy)]
        await self.send(self.start)
        await self.send({"type": "http.response.body", "body": body})
