"""registrations as objects: register, KP number and end date

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08

Each entry of `therapist.registraties` (JSON text on SQLite, JSONB on PostgreSQL) becomes
`{"register": ..., "nummer": null, "geldig_tot": null}`. The column itself does not change.
A specialist registration without a `geldig_tot` does not count (003 §3.3, the herregistratie):
after this upgrade the praktijkbeheerder records the end dates. The downgrade turns the objects
back into the register names, and so forgets numbers and dates.
"""

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Migrations are frozen: they spell out their types instead of importing the app's.
JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
THERAPIST = sa.table(
    "therapist", sa.column("id", sa.Integer()), sa.column("registraties", JSON_DOC)
)


def _as_object(entry: Any) -> Any:
    if isinstance(entry, str):
        return {"register": entry, "nummer": None, "geldig_tot": None}
    return entry


def _as_name(entry: Any) -> Any:
    return entry["register"] if isinstance(entry, dict) else entry


def _rewrite(change: Callable[[Any], Any]) -> None:
    """Rewrite each therapist's list, entry by entry (a practice has a handful of therapists:
    one statement per changed row, in this migration's transaction)."""
    conn = op.get_bind()
    rows = conn.execute(sa.select(THERAPIST.c.id, THERAPIST.c.registraties)).all()
    for therapist_id, registraties in rows:
        new = [change(entry) for entry in registraties or []]
        if new != registraties:
            conn.execute(
                THERAPIST.update().where(THERAPIST.c.id == therapist_id).values(registraties=new)
            )


def upgrade() -> None:
    _rewrite(_as_object)


def downgrade() -> None:
    _rewrite(_as_name)
