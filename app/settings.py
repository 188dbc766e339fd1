"""Settings from the environment; the defaults let `make run` work on SQLite with nothing set."""

import base64
import binascii
import hashlib
from functools import lru_cache
from typing import Literal

from pydantic import SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# The key that seals TOTP secrets when none is configured: public (it is in this file), so only
# for development and tests. ENVIRONMENT=production refuses to start with it, or without a key.
DEVELOPMENT_TOTP_KEY = hashlib.sha256(b"methodisch: development TOTP key, not secret").digest()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore")

    environment: Literal["development", "production"] = "development"
    """`production` (the Docker image sets it) refuses to start without the secrets below."""
    database_url: str = "sqlite:///./data/methodisch.db"
    """SQLite by default; `postgresql+psycopg://user:pass@host/db` in production."""
    sqlite_busy_timeout_ms: int = 5000
    sqlite_checkpoint_interval_s: float = 1.0
    """How often the write-ahead log is copied into the database file (off the request path)."""
    db_pool_size: int = 16
    idempotency_ttl_hours: int = 24
    """How long a stored Idempotency-Key answer is replayed; older keys are purged."""
    metrics_token: str | None = None
    """Bearer token a Prometheus scraper sends to GET /metrics; unset, /metrics answers 401."""
    log_format: Literal["json", "text"] = "json"
    """`json`: one object per line, for a log collector (app/logs.py); `text`: uvicorn's own."""
    max_body_bytes: int = 1_048_576
    """The largest request body read (1 MiB; larger answers 413). The largest form (the
    psychosomatisch anamnese) holds at most 84 000 characters of free text: 0.5 MiB even with
    every character escaped as `\\uXXXX`."""
    totp_key: SecretStr | None = None
    """32 random bytes, base64: seals the therapists' TOTP secrets in the database (AES-GCM), so
    a dump of the database alone does not give them away. Required in production."""
    cors_allow_origins: list[str] = []
    """Origins (`https://epd.example.nl`) whose browser pages may call the API. Empty: no CORS
    at all, so only the web client served by this app (same origin) can."""
    demo_mode: bool = False
    """A demonstration server: the web client offers to fill a form with fictional example text.
    Off by default, so example text never lands in a real record."""

    @field_validator("totp_key")
    @classmethod
    def _thirty_two_bytes(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            _decode_key(value.get_secret_value())
        return value

    @field_validator("cors_allow_origins")
    @classmethod
    def _exact_origins(cls, origins: list[str]) -> list[str]:
        for origin in origins:
            scheme, _, rest = origin.partition("://")
            if scheme not in ("http", "https") or not rest or "/" in rest or "*" in rest:
                raise ValueError(f"{origin!r} is no origin (scheme://host[:port]; no wildcard)")
        return origins

    @model_validator(mode="after")
    def _production_has_its_own_secrets(self) -> "Settings":
        if self.environment == "production" and self.totp_key_bytes() == DEVELOPMENT_TOTP_KEY:
            raise ValueError(
                "TOTP_KEY must be set (and not to the development key) when "
                'ENVIRONMENT=production; make one with: python -c "import base64, secrets; '
                'print(base64.b64encode(secrets.token_bytes(32)).decode())"'
            )
        return self

    def totp_key_bytes(self) -> bytes:
        if self.totp_key is None:
            return DEVELOPMENT_TOTP_KEY
        return _decode_key(self.totp_key.get_secret_value())


def _decode_key(text: str) -> bytes:
    try:
        key = base64.b64decode(text.strip().replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("TOTP_KEY is not base64") from None
    if len(key) != 32:
        raise ValueError(f"TOTP_KEY must be 32 bytes, not {len(key)}")
    return key


@lru_cache
def get_settings() -> Settings:
    return Settings()
