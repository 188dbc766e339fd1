"""Every table, imported in one place for Alembic and the tests."""

from app.audit.models import AuditEvent
from app.berichten.models import Bericht
from app.episodes.models import (
    ChangeSeq,
    Episode,
    EpisodeEvent,
    Sessie,
    StepRecord,
    StepRecordVersion,
)
from app.idempotency import IdempotencyKey
from app.measurements.models import Measurement
from app.practices.models import ApiClient, LoginFailure, Practice, Therapist, Token

all_tables = (
    Episode,
    EpisodeEvent,
    Sessie,
    StepRecord,
    StepRecordVersion,
    IdempotencyKey,
    Measurement,
    Practice,
    Therapist,
    ApiClient,
    Token,
    LoginFailure,
    AuditEvent,
    Bericht,
    ChangeSeq,
)
