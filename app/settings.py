"""Settings from the environment; the defaults let `make run` work on SQLite with nothing set."""

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore")

    database_url: str = "sqlite:///./data/methodisch.db"
    """SQLite by default; `postgresql+psycopg://user:pass@host/db` in production."""
    sqlite_busy_timeout_ms: int = 5000
    sqlite_checkpoint_interval_s: float = 1.0
    """How often the write-ahead log is copied into the database file (off the request path)."""
    db_pool_size: int = 16
    idempotency_ttl_hours: int = 24
    """How long a stored Idempotency-Key answer is replayed."""
    page_limit_max: int = 200


@lru_cache
def get_settings() -> Settings:
    return Settings()
