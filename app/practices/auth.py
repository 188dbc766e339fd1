"""Who is calling: a bearer token resolved to a therapist or an EPD integration of a practice.

Every route except health, docs, problem types and login depends on `CurrentPrincipal`. A
missing, unknown, expired or revoked token answers 401 with one and the same message, so the
answer tells an attacker nothing about which of those it was.
"""

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Literal

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select

from app import problems
from app.audit.context import current_note
from app.db import Database
from app.practices.credentials import token_hash
from app.practices.models import ApiClient, Therapist, Token
from app.types import utcnow
from workflows.definition import Behandelaar

TOKEN = Token.__table__  # type: ignore[attr-defined]
THERAPIST = Therapist.__table__  # type: ignore[attr-defined]
API_CLIENT = ApiClient.__table__  # type: ignore[attr-defined]

Rol = Literal["therapeut", "praktijkbeheerder"]


@dataclass(frozen=True)
class Principal:
    practice_id: int
    kind: Literal["therapist", "api_client"]
    id: int
    naam: str
    token_id: int
    rol: Rol | None = None
    registraties: frozenset[str] = frozenset()
    inwendig_onderzoek_bevoegd: bool = False

    @property
    def actor(self) -> str:
        """How events name who acted: stable ids, not names that may change."""
        return f"{self.kind}:{self.id}"

    @property
    def is_therapist(self) -> bool:
        return self.kind == "therapist"

    def behandelaar(self) -> Behandelaar:
        return Behandelaar(self.registraties, self.inwendig_onderzoek_bevoegd)


_bearer = HTTPBearer(auto_error=False, description="`Authorization: Bearer <token>`")


def _unauthorized() -> problems.Unauthorized:
    return problems.Unauthorized(
        "Token ontbreekt, is onbekend, verlopen of ingetrokken.",
        headers={"WWW-Authenticate": 'Bearer realm="methodisch"'},
    )


def resolve(db: Database, hashed: str) -> tuple[Principal, datetime] | None:
    """The principal a token (by its hash) stands for, and until when, if it is valid now."""
    query = (
        select(
            TOKEN.c.id,
            TOKEN.c.practice_id,
            TOKEN.c.therapist_id,
            TOKEN.c.api_client_id,
            TOKEN.c.expires_at,
            TOKEN.c.revoked_at,
            THERAPIST.c.naam.label("t_naam"),
            THERAPIST.c.rol,
            THERAPIST.c.registraties,
            THERAPIST.c.inwendig_onderzoek_bevoegd,
            THERAPIST.c.active.label("t_active"),
            API_CLIENT.c.naam.label("c_naam"),
            API_CLIENT.c.active.label("c_active"),
        )
        .select_from(
            TOKEN.outerjoin(THERAPIST, THERAPIST.c.id == TOKEN.c.therapist_id).outerjoin(
                API_CLIENT, API_CLIENT.c.id == TOKEN.c.api_client_id
            )
        )
        .where(TOKEN.c.token_hash == hashed)
    )
    with db.read() as s:
        row = s.connection().execute(query).one_or_none()
    if row is None or row.revoked_at is not None or row.expires_at <= utcnow():
        return None
    if row.therapist_id is not None and row.t_active:
        return Principal(
            practice_id=row.practice_id,
            kind="therapist",
            id=row.therapist_id,
            naam=row.t_naam,
            token_id=row.id,
            rol=row.rol,
            registraties=frozenset(row.registraties),
            inwendig_onderzoek_bevoegd=row.inwendig_onderzoek_bevoegd,
        ), row.expires_at
    if row.api_client_id is not None and row.c_active:
        return Principal(
            practice_id=row.practice_id,
            kind="api_client",
            id=row.api_client_id,
            naam=row.c_naam,
            token_id=row.id,
        ), row.expires_at
    return None


class _PrincipalCache:
    """Recently resolved tokens, for a few seconds, so a request need not hit the database
    twice. Any change to credentials in this process (revoke, deactivate, new registrations)
    clears it at once; a change made elsewhere (the CLI, another worker) is seen within `ttl`
    seconds."""

    def __init__(self, ttl: float = 5.0, size: int = 10_000) -> None:
        self.ttl = ttl
        self.size = size
        self._entries: dict[str, tuple[Principal, float, datetime]] = {}

    def get(self, key: str) -> Principal | None:
        hit = self._entries.get(key)
        if hit is None:
            return None
        principal, until, expires_at = hit
        if time.monotonic() > until or expires_at <= utcnow():
            self._entries.pop(key, None)
            return None
        return principal

    def put(self, key: str, principal: Principal, expires_at: datetime) -> None:
        if len(self._entries) >= self.size:
            self._entries.clear()
        self._entries[key] = (principal, time.monotonic() + self.ttl, expires_at)

    def clear(self) -> None:
        self._entries.clear()


principal_cache = _PrincipalCache()


async def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    # The database comes from the app, not from a dependency of its own: each dependency is
    # solved on every request, and this one runs on every route.
    db: Database = request.app.state.db
    if credentials is None or not credentials.credentials:
        raise _unauthorized()
    key = token_hash(credentials.credentials)
    principal = principal_cache.get(key)
    if principal is None:
        found = await db.run(resolve, db, key)
        if found is None:
            raise _unauthorized()
        principal, expires_at = found
        principal_cache.put(key, principal, expires_at)
    note = current_note()
    if note is not None:
        note.identify(principal)
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def _beheerder(principal: CurrentPrincipal) -> Principal:
    if principal.rol != "praktijkbeheerder":
        raise problems.Forbidden("Alleen een praktijkbeheerder mag dit.")
    return principal


PracticeAdmin = Annotated[Principal, Depends(_beheerder)]
