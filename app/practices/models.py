"""Practices, their therapists and EPD integrations, and the credentials they act with."""

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, false
from sqlmodel import Field, SQLModel

from app.types import JsonDoc, UtcDateTime


class Practice(SQLModel, table=True):
    __tablename__ = "practice"

    id: int | None = Field(default=None, primary_key=True)
    naam: str = Field(max_length=200)
    agb_code: str = Field(max_length=8, unique=True)
    totp_required: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )
    """Every therapist of the practice logs in with a TOTP code (a praktijkbeheerder always)."""
    version: int = 1
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class Therapist(SQLModel, table=True):
    __tablename__ = "therapist"
    __table_args__ = (Index("ix_therapist_practice_id", "practice_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    practice_id: int = Field(
        sa_column=Column(Integer, ForeignKey("practice.id", ondelete="CASCADE"), nullable=False)
    )
    naam: str = Field(max_length=200)
    login: str = Field(sa_column=Column(String(100), unique=True, nullable=False))
    big_nummer: str | None = Field(default=None, max_length=11)
    kp_nummer: str | None = Field(default=None, max_length=20)
    registraties: list[dict[str, Any]] = Field(sa_column=Column(JsonDoc, nullable=False))
    """Registrations in the Kwaliteitsregister Paramedici, each
    `{"register": ..., "nummer": ... | null, "geldig_tot": "YYYY-MM-DD" | null}`
    (see `app/practices/registraties.py`)."""
    inwendig_onderzoek_bevoegd: bool = False
    rol: str = Field(max_length=32)
    password_hash: str | None = Field(default=None, max_length=200)
    totp_secret: str | None = Field(default=None, max_length=200)
    """The TOTP secret, sealed (AES-GCM under TOTP_KEY, see `totp.py`); pending until
    `totp_enrolled_at` is set."""
    totp_enrolled_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime))
    """When enrolment was confirmed with a code; from then on login needs a code."""
    totp_last_step: int | None = None
    """The 30-second step of the last code accepted: that code, and older ones, never again."""
    active: bool = True
    version: int = 1
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class ApiClient(SQLModel, table=True):
    """A named EPD integration of one practice."""

    __tablename__ = "api_client"

    id: int | None = Field(default=None, primary_key=True)
    practice_id: int = Field(
        sa_column=Column(Integer, ForeignKey("practice.id", ondelete="CASCADE"), nullable=False)
    )
    naam: str = Field(max_length=200)
    active: bool = True
    version: int = 1
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class Token(SQLModel, table=True):
    """A bearer token, stored only as its SHA-256: the token itself is shown once."""

    __tablename__ = "token"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_column=Column(String(64), unique=True, nullable=False))
    practice_id: int = Field(
        sa_column=Column(Integer, ForeignKey("practice.id", ondelete="CASCADE"), nullable=False)
    )
    therapist_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("therapist.id", ondelete="CASCADE"))
    )
    api_client_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("api_client.id", ondelete="CASCADE"))
    )
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    expires_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime))
    second_factor: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )
    """Issued after a TOTP code was checked. A therapist for whom TOTP is required acts with no
    other token than such one (any other serves only to enrol)."""


class LoginFailure(SQLModel, table=True):
    """Failed password logins, for rate limiting (never the password tried)."""

    __tablename__ = "login_failure"
    __table_args__ = (Index("ix_login_failure_login_at", "login", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=100)
    at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
