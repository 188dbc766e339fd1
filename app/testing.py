"""Test support that ships with the app: a migrated database per test, fast.

Each test gets its own database, so order never matters. The schema is migrated once per test
process into a template, then copied per test: a file copy on SQLite, `CREATE DATABASE ...
TEMPLATE` on PostgreSQL (set TEST_DATABASE_URL to a server's maintenance database).
"""

import os
import shutil
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from alembic.config import Config
from sqlalchemy import create_engine, text, update
from sqlalchemy.engine import make_url

from alembic import command

ROOT = Path(__file__).resolve().parent.parent


def migrate(database_url: str) -> None:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.attributes["database_url"] = database_url
    cfg.attributes["skip_logging"] = True
    command.upgrade(cfg, "head")


class ScratchDatabases:
    """Hands out a fresh, migrated database URL per test, on SQLite or PostgreSQL."""

    def __init__(self, workdir: Path, server_url: str | None = None) -> None:
        self.workdir = workdir
        self.server_url = server_url
        self.template: str | None = None

    @classmethod
    def from_env(cls, workdir: Path) -> "ScratchDatabases":
        return cls(workdir, os.environ.get("TEST_DATABASE_URL"))

    @property
    def is_postgres(self) -> bool:
        return self.server_url is not None

    def fresh(self) -> str:
        if self.server_url is None:
            return self._fresh_sqlite()
        return self._fresh_postgres(self.server_url)

    def _fresh_sqlite(self) -> str:
        template = self.workdir / "template.db"
        if self.template is None:
            migrate(f"sqlite:///{template}")
            self.template = str(template)
        target = self.workdir / f"t-{uuid.uuid4().hex}.db"
        shutil.copyfile(template, target)
        return f"sqlite:///{target}"

    def _fresh_postgres(self, server_url: str) -> str:
        server = make_url(server_url)
        admin = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=None)
        try:
            with admin.connect() as conn:
                if self.template is None:
                    name = f"tmpl_{uuid.uuid4().hex[:12]}"
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
                    migrate(server.set(database=name).render_as_string(hide_password=False))
                    self.template = name
                fresh = f"t_{uuid.uuid4().hex[:16]}"
                conn.execute(text(f'CREATE DATABASE "{fresh}" TEMPLATE "{self.template}"'))
        finally:
            admin.dispose()
        return server.set(database=fresh).render_as_string(hide_password=False)


ACTING_USER = {"X-Acting-User-Id": "epd-gebruiker-7", "X-Acting-User-Name": "A. Assistent"}
"""What an EPD sends on client data: which of its own users acts (synthetic)."""


@dataclass(frozen=True)
class Member:
    """A seeded therapist or EPD integration and its bearer token."""

    id: int
    token: str
    totp_secret: str | None = None
    """Set for a praktijkbeheerder (two-factor login is always required of one): their token
    was issued as after a code, and `pyotp.TOTP(totp_secret).now()` logs them in."""

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass(frozen=True)
class World:
    """Two practices, so every test can also check that one never sees the other's data."""

    practice_id: int
    therapist: Member
    """oefentherapeut, role therapeut: the default caller."""
    admin: Member
    """praktijkbeheerder of the same practice, with two-factor login set up."""
    epd: Member
    """an EPD integration of the same practice."""
    other_practice_id: int
    outsider: Member
    """a praktijkbeheerder of the other practice."""
    expired_token: str
    """the therapist's token that expired an hour ago."""
    revoked_token: str
    """the therapist's token that was revoked."""


def seed_world(database_url: str) -> World:
    from app.db import Database, make_engine
    from app.practices import service, totp
    from app.practices.auth import THERAPIST, TOKEN
    from app.practices.schemas import ApiClientIn, PracticeIn, TherapistIn
    from app.settings import Settings
    from app.types import utcnow

    settings = Settings(database_url=database_url)
    db = Database(make_engine(settings))
    try:

        def member(practice_id: int, login: str, rol: str, regs: list[str]) -> Member:
            body = TherapistIn.model_validate(
                {
                    "naam": f"Test {login}",
                    "login": login,
                    "registraties": [{"register": r} for r in regs],
                    "rol": rol,
                }
            )
            t = service.create_therapist(db, practice_id, body)
            if rol != "praktijkbeheerder":
                return Member(t.id, service.token_for(db, therapist_id=t.id, days=1).token)
            # Two-factor login is always required of a praktijkbeheerder: set it up as if they
            # had confirmed it, and issue their token as a login with a code would.
            secret = totp.new_secret()
            sealed = totp.box_for(settings.totp_key_bytes()).seal(secret, t.id)
            with db.write() as session:
                session.connection().execute(
                    update(THERAPIST)
                    .where(THERAPIST.c.id == t.id)
                    .values(totp_secret=sealed, totp_enrolled_at=utcnow())
                )
                token = service.issue_token(
                    session,
                    practice_id=practice_id,
                    therapist_id=t.id,
                    lifetime=timedelta(days=1),
                    second_factor=True,
                )
            return Member(t.id, token.token, totp_secret=secret)

        suffix = uuid.uuid4().hex[:8]
        agb = f"{uuid.uuid4().int % 10**7:07d}"
        a = service.create_practice(db, PracticeIn(naam="Praktijk A", agb_code=f"1{agb}"))
        b = service.create_practice(db, PracticeIn(naam="Praktijk B", agb_code=f"2{agb}"))
        epd = service.create_api_client(db, a.id, ApiClientIn(naam="Test-EPD"))
        therapist = member(a.id, f"ther-{suffix}", "therapeut", ["oefentherapeut"])
        with db.write() as session:
            expired = service.issue_token(
                session, practice_id=a.id, therapist_id=therapist.id, lifetime=timedelta(hours=-1)
            )
            revoked = service.issue_token(
                session, practice_id=a.id, therapist_id=therapist.id, lifetime=timedelta(days=1)
            )
            session.connection().execute(
                update(TOKEN).where(TOKEN.c.id == revoked.id).values(revoked_at=utcnow())
            )
        return World(
            practice_id=a.id,
            therapist=therapist,
            admin=member(a.id, f"admin-{suffix}", "praktijkbeheerder", ["oefentherapeut"]),
            epd=Member(epd.id, service.token_for(db, api_client_id=epd.id, days=1).token),
            other_practice_id=b.id,
            outsider=member(b.id, f"vreemd-{suffix}", "praktijkbeheerder", ["oefentherapeut"]),
            expired_token=expired.token,
            revoked_token=revoked.token,
        )
    finally:
        db.dispose()
