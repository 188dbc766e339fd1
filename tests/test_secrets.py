"""TOTP secrets sealed at rest, the settings that hold the key, and the acting-user headers."""

import base64
import secrets

import pyotp
import pytest
from pydantic import ValidationError
from starlette.requests import Request

from app import problems
from app.practices import totp
from app.practices.auth import acting_user
from app.settings import DEVELOPMENT_TOTP_KEY, Settings

KEY = base64.b64encode(secrets.token_bytes(32)).decode()


def test_production_refuses_to_start_without_its_own_key() -> None:
    with pytest.raises(ValidationError, match="TOTP_KEY must be set"):
        Settings(environment="production")
    dev = base64.b64encode(DEVELOPMENT_TOTP_KEY).decode()
    with pytest.raises(ValidationError, match="TOTP_KEY must be set"):
        Settings(environment="production", totp_key=dev)
    assert Settings(environment="production", totp_key=KEY).totp_key_bytes() != DEVELOPMENT_TOTP_KEY
    assert Settings().totp_key_bytes() == DEVELOPMENT_TOTP_KEY  # development: works unset


def test_production_reads_its_key_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("TOTP_KEY", KEY)
    assert Settings().totp_key_bytes() == base64.b64decode(KEY)
    monkeypatch.delenv("TOTP_KEY")
    with pytest.raises(ValidationError):
        Settings()


@pytest.mark.parametrize(
    "key", ["kort", base64.b64encode(b"x" * 16).decode(), "geen base64!", "a" * 45]
)
def test_a_key_is_32_bytes_of_base64(key: str) -> None:
    with pytest.raises(ValidationError):
        Settings(totp_key=key)


def test_url_safe_base64_is_accepted_too() -> None:
    raw = secrets.token_bytes(32)
    assert Settings(totp_key=base64.urlsafe_b64encode(raw).decode()).totp_key_bytes() == raw


@pytest.mark.parametrize(
    "origin", ["*", "https://*.example.nl", "epd.example.nl", "https://epd.example.nl/", "ftp://x"]
)
def test_cors_takes_exact_origins_only(origin: str) -> None:
    with pytest.raises(ValidationError):
        Settings(cors_allow_origins=[origin])
    assert Settings(cors_allow_origins=["https://epd.example.nl:8443"]).cors_allow_origins


def test_a_sealed_secret_opens_only_for_its_therapist_and_key() -> None:
    box = totp.SecretBox(secrets.token_bytes(32))
    secret = totp.new_secret()
    sealed = box.seal(secret, 7)
    assert secret not in sealed and sealed.startswith(f"v1.{box.key_id}.")
    assert box.seal(secret, 7) != sealed  # a fresh nonce every time
    assert box.open(sealed, 7) == secret
    with pytest.raises(totp.SecretKeyMismatch, match="altered or moved"):
        box.open(sealed, 8)  # copied into another therapist's row
    with pytest.raises(totp.SecretKeyMismatch, match="sealed with key"):
        totp.SecretBox(secrets.token_bytes(32)).open(sealed, 7)


def test_a_code_matches_its_step_once() -> None:
    secret = totp.new_secret()
    now = pyotp.TOTP(secret)
    step = totp.matching_step(secret, now.now())
    assert step is not None
    assert totp.is_fresh(step, None) and totp.is_fresh(step, step - 1)
    assert not totp.is_fresh(step, step)  # replayed
    assert not totp.is_fresh(None, None)
    assert len(secret) == 32  # 160 bits


def _request(headers: list[tuple[bytes, bytes]]) -> Request:
    return Request({"type": "http", "method": "GET", "path": "/v1/episodes", "headers": headers})


def test_the_acting_user_name_is_read_as_utf8_and_refused_when_it_is_not() -> None:
    name = "Ë. van Dijk-Çelik"
    ok = _request([(b"x-acting-user-id", b"m:1"), (b"x-acting-user-name", name.encode())])
    assert acting_user(ok) == ("m:1", name)
    broken = _request([(b"x-acting-user-id", b"m:1"), (b"x-acting-user-name", b"\xff\xfe")])
    with pytest.raises(problems.ActingUserRequired) as refused:
        acting_user(broken)
    assert [e.field for e in refused.value.errors or []] == ["header.X-Acting-User-Name"]
