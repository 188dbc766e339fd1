"""Who is calling: a bearer token resolved to a therapist or an EPD integration of a practice.

Every route except health, docs, problem types and login depends on `CurrentPrincipal`. A
missing, unknown, expired or revoked token answers 401 with one and the same message, so the
answer tells an attacker nothing about which of those it was.

Two more checks live here, so that no route can forget them:
- A therapist for whom TOTP is required (every praktijkbeheerder; everyone in a practice that
  requires it) acts only with a token issued after a TOTP code was checked. Any other token of
  theirs (a password-only login before enrolment, an older token, one from the CLI) resolves to
  a principal that `CurrentPrincipal` refuses (401 `/problems/totp-enrolment-required`); only
  the few routes that depend on `EnrollingPrincipal` instead (who am I, log out, enrol) take it.
- An EPD acting on client data (`/v1/episodes...`) names which of its own users acts, in
  `X-Acting-User-Id` and `X-Acting-User-Name` (422 `/problems/acting-user-required` without);
  the access log keeps that person.
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app import problems
from app.audit.context import CLIENT_DATA, current_note
from app.db import Database
from app.practices.credentials import token_hash
from app.practices.models import ApiClient, Practice, Therapist, Token
from app.practices.registraties import geldig_vandaag, uit_opslag
from app.types import utcnow
from workflows.definition import Behandelaar
from workflows.registraties import Registratie

TOKEN = Token.__table__  # type: ignore[attr-defined]
THERAPIST = Therapist.__table__  # type: ignore[attr-defined]
API_CLIENT = ApiClient.__table__  # type: ignore[attr-defined]
PRACTICE = Practice.__table__  # type: ignore[attr-defined]

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
    """The registers that count today, for the rules (`workflows.registraties`): an expired
    specialist registration is not among them."""
    inwendig_onderzoek_bevoegd: bool = False
    totp_enrolled: bool = False
    totp_required: bool = False
    """A praktijkbeheerder, or a therapist of a practice that requires TOTP."""
    second_factor: bool = False
    """The token was issued after a TOTP code was checked."""
    inschrijvingen: tuple[Registratie, ...] = ()
    """Every registration as recorded, with its number and end date, valid or not."""

    @property
    def actor(self) -> str:
        """How events name who acted: stable ids, not names that may change."""
        return f"{self.kind}:{self.id}"

    @property
    def is_therapist(self) -> bool:
        return self.kind == "therapist"

    @property
    def enrolment_only(self) -> bool:
        """TOTP is required of this therapist and the token was not issued after a code: it
        serves to enrol (and to see who you are, and to log out), nothing else."""
        return self.totp_required and not (self.totp_enrolled and self.second_factor)

    def behandelaar(self) -> Behandelaar:
        return Behandelaar(self.registraties, self.inwendig_onderzoek_bevoegd)


_bearer = HTTPBearer(
    auto_error=False,
    description="`Authorization: Bearer <token>`. An EPD token on `/v1/episodes...` also sends "
    "`X-Acting-User-Id` (1-64 of `A-Z a-z 0-9 . _ : @ -`) and `X-Acting-User-Name` (1-200 "
    "characters, UTF-8): which of the EPD's own users acts, for the access log (422 without).",
)


def _unauthorized() -> problems.Unauthorized:
    return problems.Unauthorized(
        "Token ontbreekt, is onbekend, verlopen of ingetrokken.",
        headers={"WWW-Authenticate": 'Bearer realm="methodisch"'},
    )


_RESOLVE = (
    "SELECT t.id, t.practice_id, t.therapist_id, t.api_client_id, t.expires_at, t.revoked_at, "
    "t.second_factor, th.naam, th.rol, th.registraties, th.inwendig_onderzoek_bevoegd, "
    "th.active, th.totp_enrolled_at, p.totp_required, c.naam, c.active "
    "FROM token t JOIN practice p ON p.id = t.practice_id "
    "LEFT JOIN therapist th ON th.id = t.therapist_id "
    "LEFT JOIN api_client c ON c.id = t.api_client_id "
    "WHERE t.token_hash = :hash"
)


def resolve(db: Database, hashed: str) -> Principal | None:
    """The principal a token (by its hash) stands for, if it is valid now.

    Looked up on every request, never cached: a revoked token, a deactivated therapist or a
    changed registration takes effect at once on every worker, however many there are. The
    lookup is one indexed query on the driver connection (tens of microseconds on SQLite)."""
    with db.transaction(write=False) as tx:
        row = tx.one(_RESOLVE, {"hash": hashed})
        if row is None:
            return None
        (token_id, practice_id, therapist_id, api_client_id, expires_at, revoked_at,
         second_factor, t_naam, rol, registraties, inwendig, t_active, totp_enrolled_at,
         totp_required, c_naam, c_active) = row  # fmt: skip
        if revoked_at is not None or tx.from_at(expires_at) <= utcnow():
            return None
        if therapist_id is not None and t_active:
            inschrijvingen = uit_opslag(tx.from_json(registraties))
            return Principal(
                practice_id=practice_id,
                kind="therapist",
                id=therapist_id,
                naam=t_naam,
                token_id=token_id,
                rol=rol,
                registraties=geldig_vandaag(inschrijvingen),
                inwendig_onderzoek_bevoegd=bool(inwendig),
                totp_enrolled=totp_enrolled_at is not None,
                totp_required=rol == "praktijkbeheerder" or bool(totp_required),
                second_factor=bool(second_factor),
                inschrijvingen=inschrijvingen,
            )
        if api_client_id is not None and c_active:
            return Principal(
                practice_id=practice_id,
                kind="api_client",
                id=api_client_id,
                naam=c_naam,
                token_id=token_id,
            )
    return None


async def _authenticated(
    request: Request, credentials: HTTPAuthorizationCredentials | None
) -> Principal:
    # The database comes from the app, not from a dependency of its own: each dependency is
    # solved on every request, and this one runs on every route.
    db: Database = request.app.state.db
    if credentials is None or not credentials.credentials:
        raise _unauthorized()
    principal = await db.run(resolve, db, token_hash(credentials.credentials))
    if principal is None:
        raise _unauthorized()
    note = current_note()
    if note is not None:
        note.identify(principal)
    return principal


async def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller, with full access: every route but the enrolment ones depends on this."""
    principal = await _authenticated(request, credentials)
    if principal.enrolment_only:
        raise _enrolment_required(principal)
    if principal.kind == "api_client" and request.scope["path"].startswith(CLIENT_DATA):
        acting_user(request)
    return principal


async def signed_in(request: Request) -> Principal:
    """`current_principal` for a caller outside FastAPI's dependency solving (`app.direct`):
    the same bearer token, read the same way."""
    return await current_principal(request, await _bearer(request))


async def enrolling_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller, even with a token that serves only to enrol in two-factor login."""
    return await _authenticated(request, credentials)


def _enrolment_required(principal: Principal) -> problems.TotpEnrolmentRequired:
    detail = (
        "Log opnieuw in met de code uit je authenticator-app."
        if principal.totp_enrolled
        else "Stel eerst inloggen met een code in (POST /v1/me/totp), dan kun je verder."
    )
    return problems.TotpEnrolmentRequired(
        detail,
        # RFC 9470: the token is valid, the authentication behind it is not strong enough.
        headers={
            "WWW-Authenticate": 'Bearer realm="methodisch", '
            'error="insufficient_user_authentication", '
            'error_description="two-factor login required"'
        },
    )


ACTING_ID, ACTING_NAME = "X-Acting-User-Id", "X-Acting-User-Name"
_ACTING_ID = re.compile(r"[A-Za-z0-9._:@-]{1,64}")
ACTING_NAME_MAX = 200


def acting_user(request: Request) -> tuple[str, str]:
    """Which of the EPD's own users acts, from the two headers; 422 naming each header that is
    missing or malformed. The name is read as UTF-8 (HTTP carries bytes; Dutch names have
    diacritics), and must hold no control characters."""
    errors: list[problems.FieldError] = []
    user_id = request.headers.get(ACTING_ID, "").strip()
    if not _ACTING_ID.fullmatch(user_id):
        errors.append(
            problems.FieldError(
                field=f"header.{ACTING_ID}",
                code="acting_user.id" + (".invalid" if user_id else ".missing"),
                message="1-64 tekens: letters, cijfers en . _ : @ -",
            )
        )
    name = _utf8(request.headers.get(ACTING_NAME, "")).strip()
    if not name or len(name) > ACTING_NAME_MAX or _has_control(name):
        errors.append(
            problems.FieldError(
                field=f"header.{ACTING_NAME}",
                code="acting_user.name" + (".invalid" if name else ".missing"),
                message=f"1-{ACTING_NAME_MAX} tekens (UTF-8), zonder stuurtekens",
            )
        )
    if errors:
        raise problems.ActingUserRequired(
            f"Een koppeling noemt bij cliëntgegevens wie er handelt: {ACTING_ID} en {ACTING_NAME}.",
            errors=errors,
        )
    note = current_note()
    if note is not None:
        note.acting(user_id, name)
    return user_id, name


def _utf8(latin1: str) -> str:
    """Starlette decodes header bytes as Latin-1; a client sends a name with ë as UTF-8."""
    try:
        return latin1.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return "\x00"  # invalid UTF-8: refused as a control character


def _has_control(text: str) -> bool:
    return any(unicodedata.category(c)[0] == "C" for c in text)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
EnrollingPrincipal = Annotated[Principal, Depends(enrolling_principal)]


def _beheerder(principal: CurrentPrincipal) -> Principal:
    if principal.rol != "praktijkbeheerder":
        raise problems.Forbidden("Alleen een praktijkbeheerder mag dit.")
    return principal


PracticeAdmin = Annotated[Principal, Depends(_beheerder)]
