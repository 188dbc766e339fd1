"""Every table, imported in one place for Alembic and the tests."""

from app.episodes.models import Episode, EpisodeEvent, Sessie, StepRecord, StepRecordVersion
from app.idempotency import IdempotencyKey
from app.measurements.models import Measurement

all_tables = (
    Episode,
    EpisodeEvent,
    Sessie,
    StepRecord,
    StepRecordVersion,
    IdempotencyKey,
    Measurement,
)
