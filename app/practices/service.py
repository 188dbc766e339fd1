"""Practices, therapists, EPD integrations and tokens: one transaction per use case.

The module-level functions are shared by the API and the `methodisch` CLI; `PracticeService`
scopes them to the calling practice and role.
"""

from datetime import timedelta
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app import pagination, problems
from app.db import Database
from app.http import expected_version, parse_body
from app.practices import credentials
from app.practices.auth import API_CLIENT, THERAPIST, TOKEN, Principal, principal_cache
from app.practices.models import LoginFailure, Practice
from app.practices.schemas import (
    ApiClientIn,
    ApiClientOut,
    LoginIn,
    NewToken,
    PracticeIn,
    PracticeOut,
    PracticeUpdate,
    TherapistIn,
    TherapistOut,
    TherapistPage,
    TherapistUpdate,
    TokenOut,
)
from app.types import utcnow

PRACTICE = Practice.__table__  # type: ignore[attr-defined]
LOGIN_FAILURE = LoginFailure.__table__  # type: ignore[attr-defined]

LOGIN_TOKEN_HOURS = 12
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
    values["registraties"] = sorted(set(body.registraties))
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
        token=token,
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


def login(db: Database, body: LoginIn) -> NewToken:
    """A short-lived token for the web client, after a password check. Failures per login are
    counted; after five within fifteen minutes the login waits (429), whatever the password."""
    since = utcnow() - FAILURE_WINDOW
    with db.read() as s:
        conn = s.connection()
        failures = conn.execute(
            select(func.count())
            .select_from(LOGIN_FAILURE)
            .where(LOGIN_FAILURE.c.login == body.login, LOGIN_FAILURE.c.at >= since)
        ).scalar_one()
        row = conn.execute(
            select(THERAPIST.c.id, THERAPIST.c.practice_id, THERAPIST.c.password_hash).where(
                THERAPIST.c.login == body.login, THERAPIST.c.active.is_(True)
            )
        ).one_or_none()
    if failures >= MAX_FAILURES:
        raise problems.TooManyRequests(
            "Te veel mislukte pogingen; probeer het over een kwartier opnieuw.",
            headers={"Retry-After": str(int(FAILURE_WINDOW.total_seconds()))},
        )
    if not credentials.password_matches(row.password_hash if row else None, body.password):
        with db.write() as s:
            s.connection().execute(insert(LOGIN_FAILURE).values(login=body.login, at=utcnow()))
        raise problems.Unauthorized("Onbekende login of onjuist wachtwoord.")
    assert row is not None
    with db.write() as s:
        return issue_token(
            s,
            practice_id=row.practice_id,
            therapist_id=row.id,
            lifetime=timedelta(hours=LOGIN_TOKEN_HOURS),
        )


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
                    .values(naam=body.naam, version=expected + 1)
                )
            )
            return _practice(s, self.practice_id)

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
            if "registraties" in changes:
                changes["registraties"] = sorted(set(changes["registraties"]))
            if body.password is not None:
                changes["password_hash"] = credentials.hash_password(body.password)
            _changed_once(
                s.connection().execute(
                    update(THERAPIST)
                    .where(THERAPIST.c.id == therapist_id, THERAPIST.c.version == expected)
                    .values(version=expected + 1, **changes)
                )
            )
            out = _therapist(s, self.practice_id, therapist_id)
        principal_cache.clear()  # registrations and role are part of a cached principal
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
        principal_cache.clear()

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
        principal_cache.clear()

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
        principal_cache.clear()
        if not done:
            raise problems.NotFound(f"Token {token_id} bestaat niet.")

    @staticmethod
    def _revoke_where(s: Session, condition: Any) -> int:
        result = s.connection().execute(
            update(TOKEN).where(condition, TOKEN.c.revoked_at.is_(None)).values(revoked_at=utcnow())
        )
        return int(result.rowcount)
