"""The access-log note of the request in flight.

The audit middleware puts a mutable note in a context variable; authentication fills in who,
the episode store fills in which episode and client. A mutable object (not a new value per
change) because the thread pool runs route code in a copy of the context.
"""

import uuid
from collections.abc import MutableMapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.practices.auth import Principal

CLIENT_DATA = ("/v1/episodes", "/v1/changes", "/v1/exports")
"""Routes under these prefixes show client data: an EPD names which of its users acts, and every
request is in the access log (NEN 7513)."""
LOGGED = (*CLIENT_DATA, "/v1/audit")
"""Every request under these prefixes is in the access log: client data, and the log itself."""
AUTHORISATION = ("/v1/practice", "/v1/therapists", "/v1/api-clients", "/v1/tokens", "/v1/me/")
"""Who may do what: the practice's settings, its therapists and their registrations and roles,
EPD integrations, tokens, and one's own password and two-factor login. Every change here is in
the access log too (who switched two-factor login off, who revoked a token); a read is not."""
_READS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_logged(method: str, path: str) -> bool:
    """Whether the access log keeps this request."""
    return path.startswith(LOGGED) or (method not in _READS and path.startswith(AUTHORISATION))


@dataclass
class AuditNote:
    method: str
    path: str
    practice_id: int | None = None
    actor_type: str = "anonymous"
    actor_id: int | None = None
    actor_name: str | None = None
    acting_user_id: str | None = None
    """For an EPD: which of its own users acts (`X-Acting-User-Id`, `X-Acting-User-Name`)."""
    acting_user_name: str | None = None
    route: str | None = None
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    subjects: list[tuple[int | None, str | None]] = field(default_factory=list)
    """Whose data the request touched: (episode, client reference), one per client shown."""
    scope: MutableMapping[str, Any] | None = field(default=None, repr=False)
    """The ASGI scope: routing puts the matched route (its path template) in it."""
    logged_status: int | None = None
    """Set once a write logged this request inside its own transaction, with that status."""

    def route_template(self) -> str:
        route = self.scope.get("route") if self.scope is not None else None
        return getattr(route, "path", None) or self.route or self.path

    def identify(self, principal: "Principal") -> None:
        self.practice_id = principal.practice_id
        self.actor_type = principal.kind
        self.actor_id = principal.id
        self.actor_name = principal.naam

    def acting(self, user_id: str, name: str) -> None:
        self.acting_user_id = user_id
        self.acting_user_name = name

    def concerns(self, episode_id: int | None, client_ref: str | None) -> None:
        if (episode_id, client_ref) not in self.subjects:
            self.subjects.append((episode_id, client_ref))


_note: ContextVar[AuditNote | None] = ContextVar("audit_note", default=None)


def current_note() -> AuditNote | None:
    return _note.get()


def start(note: AuditNote) -> object:
    return _note.set(note)


def finish(token: object) -> None:
    _note.reset(token)  # type: ignore[arg-type]
