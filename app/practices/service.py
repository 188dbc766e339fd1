"""Practices, therapists, EPD integrations and tokens: one transaction per use case.

The module-level functions are shared by the API and the `methodisch` CLI; `PracticeService`
scopes them to the calling practice and role.
"""

from datetime import timedelta
from typing import Any, NoReturn

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app import pagination, problems
from app.db import Database
from app.http import expected_version, parse_body
from app.practices import credentials, totp
from app.practices.auth import API_CLIENT, THERAPIST, TOKEN, Principal
from app.practices.models import LoginFailure, Practice
from app.practices.schemas import (
    ApiClientIn,
    ApiClientOut,
    LoginIn,
    NewToken,
    PasswordChange,
    PracticeIn,
    PracticeOut,
    PracticeUpdate,
    TherapistIn,
    TherapistOut,
    TherapistPage,
    TherapistUpdate,
    TokenOut,
    TotpConfirm,
    TotpEnrolment,
)
from app.practices.totp import SecretBox
from app.types import utcnow

PRACTICE = Practice.__table__  # type: ignore[attr-defined]
LOGIN_FAILURE = LoginFailure.__table__  # type: ignore[attr-defined]

LOGIN_TOKEN_HOURS = 12
ENROLMENT_TOKEN_MINUTES = 15
"""A login that still has to set up two-factor login gets a token for that, and briefly."""
MAX_FAILURES, FAILURE_WINDOW = 5, timedelta(minutes=15)


def _field_error(field: str, code: str, message: str) -> problems.InvalidInput:
    return problems.InvalidInput(
        message, errors=[problems.FieldError(field=field, code=code, message=message)]
    )


# --- shared operations (API and CLI) -----------------------------------------------------------


def create_practice(db: Database, body: PracticeIn) -> PracticeOut:
    try:
        with db.write() as s:
            new_id = (
                s.connection()
                .execute(
                    insert(PRACTICE)
                    .values(naam=body.naam, agb_code=body.agb_code, created_at=utcnow())
                    .returning(PRACTICE.c.id)
                )
                .scalar_one()
            )
            return _practice(s, new_id)
    except IntegrityError:
        raise _field_error(
            "agb_code", "agb_code.taken", "Deze AGB-code is al in gebruik."
        ) from None


def create_therapist(db: Database, practice_id: int, body: TherapistIn) -> TherapistOut:
    values: dict[str, Any] = body.model_dump(exclude={"password"})
    values["registraties"] = [r.model_dump(mode="json") for r in body.registraties]
    values["password_hash"] = credentials.hash_password(body.password) if body.password else None
    try:
        with db.write() as s:
            if _practice_row(s, practice_id) is None:
                raise problems.NotFound(f"Praktijk {practice_id} bestaat niet.")
            new_id = (
                s.connection()
                .execute(
                    insert(THERAPIST)
                    .values(practice_id=practice_id, created_at=utcnow(), **values)
                    .returning(THERAPIST.c.id)
                )
                .scalar_one()
            )
            return _therapist(s, practice_id, new_id)
    except IntegrityError:
        raise _field_error("login", "login.taken", "Deze login is al in gebruik.") from None


def create_api_client(db: Database, practice_id: int, body: ApiClientIn) -> ApiClientOut:
    with db.write() as s:
        if _practice_row(s, practice_id) is None:
            raise problems.NotFound(f"Praktijk {practice_id} bestaat niet.")
        new_id = (
            s.connection()
            .execute(
                insert(API_CLIENT)
                .values(practice_id=practice_id, naam=body.naam, created_at=utcnow())
                .returning(API_CLIENT.c.id)
            )
            .scalar_one()
        )
        return _api_client(s, practice_id, new_id)


def issue_token(
    s: Session,
    *,
    practice_id: int,
    therapist_id: int | None = None,
    api_client_id: int | None = None,
    lifetime: timedelta,
    second_factor: bool = False,
    enrolment_only: bool = False,
) -> NewToken:
    token = credentials.new_token()
    now = utcnow()
    token_id = (
        s.connection()
        .execute(
            insert(TOKEN)
            .values(
                token_hash=credentials.token_hash(token),
                practice_id=practice_id,
                therapist_id=therapist_id,
                api_client_id=api_client_id,
                created_at=now,
                expires_at=now + lifetime,
                second_factor=second_factor,
            )
            .returning(TOKEN.c.id)
        )
        .scalar_one()
    )
    return NewToken(
        id=token_id,
        therapist_id=therapist_id,
        api_client_id=api_client_id,
        created_at=now,
        expires_at=now + lifetime,
        revoked_at=None,
        second_factor=second_factor,
        token=token,
        access="totp-enrolment" if enrolment_only else "full",
    )


def token_for(
    db: Database,
    *,
    therapist_id: int | None = None,
    api_client_id: int | None = None,
    days: int,
) -> NewToken:
    """A token for an active therapist or EPD integration (CLI and API)."""
    with db.write() as s:
        table, owner = (THERAPIST, therapist_id) if therapist_id else (API_CLIENT, api_client_id)
        row = (
            s.connection()
            .execute(select(table.c.practice_id, table.c.active).where(table.c.id == owner))
            .one_or_none()
        )
        if row is None or not row.active:
            raise problems.NotFound("Geen actieve therapeut of koppeling met dat id.")
        return issue_token(
            s,
            practice_id=row.practice_id,
            therapist_id=therapist_id,
            api_client_id=api_client_id,
            lifetime=timedelta(days=days),
        )


def login(db: Database, body: LoginIn, box: SecretBox) -> NewToken:
    """A short-lived token for the web client, after a password check and, once the therapist
    has set up two-factor login, a TOTP code. Failures per login are counted (a wrong password,
    and after a right one a missing, wrong or replayed code); after five within fifteen minutes
    the login waits (429), whatever it sends.

    TOTP required (a praktijkbeheerder; a practice that requires it) but not set up: the token
    serves only to set it up (`NewToken.access`), for fifteen minutes."""
    with db.read() as s:
        conn = s.connection()
        failures = _recent_failures(conn, body.login)
        row = conn.execute(
            select(
                THERAPIST.c.id,
                THERAPIST.c.practice_id,
                THERAPIST.c.password_hash,
                THERAPIST.c.rol,
                THERAPIST.c.totp_secret,
                THERAPIST.c.totp_enrolled_at,
                THERAPIST.c.totp_last_step,
                PRACTICE.c.totp_required,
            )
            .join(PRACTICE, PRACTICE.c.id == THERAPIST.c.practice_id)
            .where(THERAPIST.c.login == body.login, THERAPIST.c.active.is_(True))
        ).one_or_none()
    if failures >= MAX_FAILURES:
        raise _too_many()
    if not credentials.password_matches(row.password_hash if row else None, body.password):
        _failed(db, body.login, problems.Unauthorized("Onbekende login of onjuist wachtwoord."))
    assert row is not None
    if row.totp_enrolled_at is None:
        required = row.rol == "praktijkbeheerder" or row.totp_required
        with db.write() as s:
            return issue_token(
                s,
                practice_id=row.practice_id,
                therapist_id=row.id,
                lifetime=(
                    timedelta(minutes=ENROLMENT_TOKEN_MINUTES)
                    if required
                    else timedelta(hours=LOGIN_TOKEN_HOURS)
                ),
                enrolment_only=required,
            )
    if body.totp_code is None:
        _failed(
            db,
            body.login,
            problems.TotpRequired("Geef ook de code uit je authenticator-app (totp_code)."),
        )
    step = totp.matching_step(box.open(row.totp_secret, row.id), body.totp_code)
    invalid = problems.TotpInvalid(
        "De code klopt niet of is al gebruikt; wacht op de volgende code van je app."
    )
    if not totp.is_fresh(step, row.totp_last_step):
        _failed(db, body.login, invalid)
    assert step is not None
    with db.write() as s:
        # Claim the code's step: of two logins racing with one code, one gets it.
        if _claim_step(s, row.id, step):
            return issue_token(
                s,
                practice_id=row.practice_id,
                therapist_id=row.id,
                lifetime=timedelta(hours=LOGIN_TOKEN_HOURS),
                second_factor=True,
            )
    _failed(db, body.login, invalid)


def _recent_failures(conn: Connection, login: str) -> int:
    since = utcnow() - FAILURE_WINDOW
    return int(
        conn.execute(
            select(func.count())
            .select_from(LOGIN_FAILURE)
            .where(LOGIN_FAILURE.c.login == login, LOGIN_FAILURE.c.at >= since)
        ).scalar_one()
    )


def _too_many() -> problems.TooManyRequests:
    return problems.TooManyRequests(
        "Te veel mislukte pogingen; probeer het over een kwartier opnieuw.",
        headers={"Retry-After": str(int(FAILURE_WINDOW.total_seconds()))},
    )


def _refuse_when_locked(conn: Connection, login: str) -> None:
    if _recent_failures(conn, login) >= MAX_FAILURES:
        raise _too_many()


def _failed(db: Database, login: str, problem: problems.Problem) -> NoReturn:
    """Count a failed login attempt (never what was tried) and refuse it."""
    with db.write() as s:
        s.connection().execute(insert(LOGIN_FAILURE).values(login=login, at=utcnow()))
    raise problem


def _claim_step(s: Session, therapist_id: int, step: int) -> bool:
    """Mark `step` as the last code used; False when it, or a later one, was used already."""
    result = s.connection().execute(
        update(THERAPIST)
        .where(
            THERAPIST.c.id == therapist_id,
            (THERAPIST.c.totp_last_step.is_(None)) | (THERAPIST.c.totp_last_step < step),
        )
        .values(totp_last_step=step)
    )
    return bool(result.rowcount == 1)


def start_totp(db: Database, box: SecretBox, principal: Principal) -> TotpEnrolment:
    """A new TOTP secret for the calling therapist, pending until confirmed with a code. Once
    confirmed it cannot be replaced from a token (a stolen token must not swap the second
    factor): another praktijkbeheerder, or the CLI, resets it first."""
    if not principal.is_therapist:
        raise problems.Forbidden("Alleen therapeuten loggen in; een koppeling heeft een token.")
    secret = totp.new_secret()
    with db.write() as s:
        conn = s.connection()
        login_name = conn.execute(
            select(THERAPIST.c.login).where(THERAPIST.c.id == principal.id)
        ).scalar_one()
        started = conn.execute(
            update(THERAPIST)
            .where(THERAPIST.c.id == principal.id, THERAPIST.c.totp_enrolled_at.is_(None))
            .values(totp_secret=box.seal(secret, principal.id), totp_last_step=None)
        )
        if started.rowcount != 1:
            raise problems.TotpEnrolmentConflict(
                "Inloggen met een code is al ingesteld. Een (andere) praktijkbeheerder kan het "
                "herstellen (DELETE /v1/therapists/{id}/totp); daarna stel je het opnieuw in."
            )
    return TotpEnrolment(secret=secret, otpauth_uri=totp.provisioning_uri(secret, login_name))


def change_password(db: Database, principal: Principal, raw: bytes) -> None:
    """A therapist's own new password. The current one must match (422 on `huidig`), and a
    wrong one counts as a failed login for the rate limit (429 after five). Every other token of
    the therapist is revoked, so a session elsewhere (a lost laptop) ends with the old password."""
    if not principal.is_therapist:
        raise problems.Forbidden("Een koppeling heeft geen wachtwoord, maar tokens.")
    body = parse_body(PasswordChange, raw)
    if body.nieuw == body.huidig:
        raise _field_error("nieuw", "password.unchanged", "Kies een ander wachtwoord.")
    with db.read() as s:
        conn = s.connection()
        row = conn.execute(
            select(THERAPIST.c.login, THERAPIST.c.password_hash).where(
                THERAPIST.c.id == principal.id
            )
        ).one()
        _refuse_when_locked(conn, row.login)
    if not credentials.password_matches(row.password_hash, body.huidig):
        _failed(db, row.login, _field_error("huidig", "password.wrong", "Klopt niet."))
    with db.write() as s:
        s.connection().execute(
            update(THERAPIST)
            .where(THERAPIST.c.id == principal.id)
            .values(
                password_hash=credentials.hash_password(body.nieuw),
                version=THERAPIST.c.version + 1,
            )
        )
        PracticeService._revoke_where(
            s, (TOKEN.c.therapist_id == principal.id) & (TOKEN.c.id != principal.token_id)
        )


def confirm_totp(db: Database, box: SecretBox, principal: Principal, raw: bytes) -> NewToken:
    """Confirm the pending secret with a current code: from now on login needs a code. The
    token of this request is revoked and a new one returned, issued after this code (so it
    counts as a login with both factors: the password that issued the request's token, and
    the code)."""
    if not principal.is_therapist:
        raise problems.Forbidden("Alleen therapeuten loggen in; een koppeling heeft een token.")
    body = parse_body(TotpConfirm, raw)
    with db.write() as s:
        conn = s.connection()
        row = conn.execute(
            select(
                THERAPIST.c.totp_secret, THERAPIST.c.totp_enrolled_at, THERAPIST.c.totp_last_step
            ).where(THERAPIST.c.id == principal.id)
        ).one()
        if row.totp_secret is None or row.totp_enrolled_at is not None:
            raise problems.TotpEnrolmentConflict(
                "Er is geen instelling gaande: begin met POST /v1/me/totp."
                if row.totp_secret is None
                else "Inloggen met een code is al ingesteld."
            )
        step = totp.matching_step(box.open(row.totp_secret, principal.id), body.code)
        if not totp.is_fresh(step, row.totp_last_step):
            raise _field_error(
                "code", "totp.invalid", "De code klopt niet of is al gebruikt; probeer de volgende."
            )
        assert step is not None
        confirmed = conn.execute(
            update(THERAPIST)
            .where(
                THERAPIST.c.id == principal.id,
                THERAPIST.c.totp_enrolled_at.is_(None),
                THERAPIST.c.totp_secret == row.totp_secret,
            )
            .values(totp_enrolled_at=utcnow(), totp_last_step=step, version=THERAPIST.c.version + 1)
        )
        if confirmed.rowcount != 1:
            raise problems.TotpEnrolmentConflict("Zojuist elders gewijzigd; begin opnieuw.")
        PracticeService._revoke_where(s, TOKEN.c.id == principal.token_id)
        token = issue_token(
            s,
            practice_id=principal.practice_id,
            therapist_id=principal.id,
            lifetime=timedelta(hours=LOGIN_TOKEN_HOURS),
            second_factor=True,
        )
    return token


def reset_totp(db: Database, therapist_id: int) -> None:
    """Forget a therapist's TOTP secret (a lost phone): they set it up again. Where TOTP is
    required of them, their tokens serve only for that until they have (see `auth.py`)."""
    with db.write() as s:
        done = s.connection().execute(
            update(THERAPIST)
            .where(THERAPIST.c.id == therapist_id)
            .values(
                totp_secret=None,
                totp_enrolled_at=None,
                totp_last_step=None,
                version=THERAPIST.c.version + 1,
            )
        )
        if done.rowcount != 1:
            raise problems.NotFound(f"Therapeut {therapist_id} bestaat niet.")


# --- reads ----------------------------------------------------------------------------------


def _practice_row(s: Session, practice_id: int) -> Any:
    return (
        s.connection().execute(select(PRACTICE).where(PRACTICE.c.id == practice_id)).one_or_none()
    )


def _practice(s: Session, practice_id: int) -> PracticeOut:
    row = _practice_row(s, practice_id)
    if row is None:
        raise problems.NotFound(f"Praktijk {practice_id} bestaat niet.")
    return PracticeOut.model_validate(row._mapping)


def _owned(s: Session, table: Any, practice_id: int, row_id: int) -> Any:
    """A row of `table` that belongs to this practice, or None (never another practice's)."""
    return (
        s.connection()
        .execute(select(table).where(table.c.id == row_id, table.c.practice_id == practice_id))
        .one_or_none()
    )


def _therapist(s: Session, practice_id: int, therapist_id: int) -> TherapistOut:
    row = _owned(s, THERAPIST, practice_id, therapist_id)
    if row is None:
        raise problems.NotFound(f"Therapeut {therapist_id} bestaat niet.")
    return TherapistOut.model_validate(row._mapping)


def _api_client(s: Session, practice_id: int, client_id: int) -> ApiClientOut:
    row = _owned(s, API_CLIENT, practice_id, client_id)
    if row is None:
        raise problems.NotFound(f"Koppeling {client_id} bestaat niet.")
    return ApiClientOut.model_validate(row._mapping)


def _changed_once(result: Any) -> None:
    """The conditional UPDATE hit its row: else another writer won the race (on PostgreSQL
    both may have read the same version), and this one must not be told it succeeded."""
    if result.rowcount != 1:
        raise problems.VersionMismatch("Zojuist door iemand anders gewijzigd; lees opnieuw.")


class PracticeService:
    """Practice administration, scoped to the caller's practice."""

    def __init__(self, db: Database, principal: Principal) -> None:
        self.db = db
        self.principal = principal
        self.practice_id = principal.practice_id

    def _require_admin(self) -> None:
        if self.principal.rol != "praktijkbeheerder":
            raise problems.Forbidden("Alleen een praktijkbeheerder mag dit.")

    def practice(self) -> PracticeOut:
        with self.db.read() as s:
            return _practice(s, self.practice_id)

    def update_practice(self, raw: bytes, *, if_match: str | None) -> PracticeOut:
        # The order of every write: 404, 403 (the route's role), 428/412, 422, then the change.
        with self.db.write() as s:
            expected = expected_version(if_match, _practice(s, self.practice_id).version)
            body = parse_body(PracticeUpdate, raw)
            _changed_once(
                s.connection().execute(
                    update(PRACTICE)
                    .where(PRACTICE.c.id == self.practice_id, PRACTICE.c.version == expected)
                    .values(version=expected + 1, **body.model_dump(exclude_none=True))
                )
            )
            out = _practice(s, self.practice_id)
        return out

    # therapists

    def therapists(self, *, cursor: str | None, limit: int) -> TherapistPage:
        after = pagination.decode(cursor)
        q = (
            select(THERAPIST)
            .where(THERAPIST.c.practice_id == self.practice_id)
            .order_by(THERAPIST.c.id)
            .limit(limit + 1)
        )
        if after is not None:
            q = q.where(THERAPIST.c.id > after)
        with self.db.read() as s:
            rows = [TherapistOut.model_validate(r._mapping) for r in s.connection().execute(q)]
        more = len(rows) > limit
        items = rows[:limit]
        return TherapistPage(
            items=items, next_cursor=pagination.encode(items[-1].id) if more and items else None
        )

    def therapist(self, therapist_id: int) -> TherapistOut:
        with self.db.read() as s:
            return _therapist(s, self.practice_id, therapist_id)

    def create_therapist(self, body: TherapistIn) -> TherapistOut:
        return create_therapist(self.db, self.practice_id, body)

    def update_therapist(
        self, therapist_id: int, raw: bytes, *, if_match: str | None
    ) -> TherapistOut:
        with self.db.write() as s:
            current = _therapist(s, self.practice_id, therapist_id)
            self._require_admin()
            expected = expected_version(if_match, current.version)
            body = parse_body(TherapistUpdate, raw)
            changes: dict[str, Any] = body.model_dump(exclude_unset=True, exclude={"password"})
            if body.registraties is not None:
                changes["registraties"] = [r.model_dump(mode="json") for r in body.registraties]
            if body.password is not None:
                changes["password_hash"] = credentials.hash_password(body.password)
            _changed_once(
                s.connection().execute(
                    update(THERAPIST)
                    .where(THERAPIST.c.id == therapist_id, THERAPIST.c.version == expected)
                    .values(version=expected + 1, **changes)
                )
            )
            if body.active is False:  # as deactivate_therapist: no session of hers outlives it
                self._revoke_where(s, TOKEN.c.therapist_id == therapist_id)
            out = _therapist(s, self.practice_id, therapist_id)
        return out

    def deactivate_therapist(self, therapist_id: int) -> None:
        """Episodes keep their history; the therapist can no longer log in or act."""
        with self.db.write() as s:
            current = _therapist(s, self.practice_id, therapist_id)
            self._require_admin()
            s.connection().execute(
                update(THERAPIST)
                .where(THERAPIST.c.id == therapist_id)
                .values(active=False, version=current.version + 1)
            )
            self._revoke_where(s, TOKEN.c.therapist_id == therapist_id)

    def reset_totp(self, therapist_id: int) -> None:
        """A praktijkbeheerder resets a colleague's two-factor login, never their own: a stolen
        token of theirs could otherwise replace their second factor."""
        with self.db.read() as s:
            _therapist(s, self.practice_id, therapist_id)  # 404 first, as on every write
        self._require_admin()
        if therapist_id == self.principal.id:
            raise problems.Forbidden(
                "Je eigen tweede factor herstelt een andere praktijkbeheerder, of de beheerder "
                "van de server (methodisch therapist reset-totp)."
            )
        reset_totp(self.db, therapist_id)

    # EPD integrations

    def api_clients(self) -> list[ApiClientOut]:
        with self.db.read() as s:
            rows = s.connection().execute(
                select(API_CLIENT)
                .where(API_CLIENT.c.practice_id == self.practice_id)
                .order_by(API_CLIENT.c.id)
            )
            return [ApiClientOut.model_validate(r._mapping) for r in rows]

    def api_client(self, client_id: int) -> ApiClientOut:
        with self.db.read() as s:
            return _api_client(s, self.practice_id, client_id)

    def create_api_client(self, body: ApiClientIn) -> ApiClientOut:
        return create_api_client(self.db, self.practice_id, body)

    def deactivate_api_client(self, client_id: int) -> None:
        with self.db.write() as s:
            current = _api_client(s, self.practice_id, client_id)
            s.connection().execute(
                update(API_CLIENT)
                .where(API_CLIENT.c.id == client_id)
                .values(active=False, version=current.version + 1)
            )
            self._revoke_where(s, TOKEN.c.api_client_id == client_id)

    def issue_api_client_token(self, client_id: int, days: int) -> NewToken:
        with self.db.write() as s:
            client = _api_client(s, self.practice_id, client_id)
            if not client.active:
                raise problems.NotFound(f"Koppeling {client_id} is niet actief.")
            return issue_token(
                s,
                practice_id=self.practice_id,
                api_client_id=client_id,
                lifetime=timedelta(days=days),
            )

    # tokens

    def tokens(self) -> list[TokenOut]:
        with self.db.read() as s:
            rows = s.connection().execute(
                select(TOKEN).where(TOKEN.c.practice_id == self.practice_id).order_by(TOKEN.c.id)
            )
            return [TokenOut.model_validate(r._mapping) for r in rows]

    def revoke(self, token_id: int) -> None:
        """A practice administrator revokes any of the practice's tokens; anyone their own."""
        own = token_id == self.principal.token_id
        if not own and self.principal.rol != "praktijkbeheerder":
            raise problems.Forbidden("Alleen een praktijkbeheerder trekt andermans token in.")
        with self.db.write() as s:
            done = self._revoke_where(
                s, (TOKEN.c.id == token_id) & (TOKEN.c.practice_id == self.practice_id)
            )
        if not done:
            raise problems.NotFound(f"Token {token_id} bestaat niet.")

    @staticmethod
    def _revoke_where(s: Session, condition: Any) -> int:
        result = s.connection().execute(
            update(TOKEN).where(condition, TOKEN.c.revoked_at.is_(None)).values(revoked_at=utcnow())
        )
        return int(result.rowcount)
