"""the day an episode was closed, for outcome data per period

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("episode", schema=None) as batch_op:
        batch_op.add_column(sa.Column("afgesloten_op", sa.Date(), nullable=True))
        batch_op.create_index(
            "ix_episode_practice_afgesloten_op", ["practice_id", "afgesloten_op"], unique=False
        )
    # A closed episode's last transition is the one that closed it (none follows afgesloten).
    # The engine stores the Dutch day; from a stored UTC time the closest is that time in
    # Amsterdam on PostgreSQL, and its UTC day on SQLite (which has no time zones).
    day = (
        "date(MAX(at))"
        if op.get_bind().dialect.name == "sqlite"
        else "(MAX(at) AT TIME ZONE 'Europe/Amsterdam')::date"
    )
    op.execute(
        f"UPDATE episode SET afgesloten_op = (SELECT {day} FROM episode_event "
        "WHERE episode_event.episode_id = episode.id AND kind = 'transition') "
        "WHERE status = 'afgesloten'"
    )


def downgrade() -> None:
    with op.batch_alter_table("episode", schema=None) as batch_op:
        batch_op.drop_index("ix_episode_practice_afgesloten_op")
        batch_op.drop_column("afgesloten_op")
