"""the practice's change feed: each episode event numbered per practice in commit order

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "change_seq",
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["practice_id"], ["practice.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("practice_id"),
    )
    with op.batch_alter_table("episode_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("practice_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
    # The events already stored keep their order: their id is their number (ids only grow, and
    # gaps are harmless to a cursor); each practice's counter starts after its last one.
    op.execute(
        "UPDATE episode_event SET seq = id, practice_id = "
        "(SELECT practice_id FROM episode WHERE episode.id = episode_event.episode_id)"
    )
    op.execute(
        "INSERT INTO change_seq (practice_id, seq) "
        "SELECT practice_id, MAX(seq) FROM episode_event GROUP BY practice_id"
    )
    with op.batch_alter_table("episode_event", schema=None) as batch_op:
        batch_op.alter_column("practice_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("seq", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            "fk_episode_event_practice_id", "practice", ["practice_id"], ["id"], ondelete="CASCADE"
        )
        batch_op.create_index("ix_episode_event_practice_seq", ["practice_id", "seq"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("episode_event", schema=None) as batch_op:
        batch_op.drop_index("ix_episode_event_practice_seq")
        batch_op.drop_constraint("fk_episode_event_practice_id", type_="foreignkey")
        batch_op.drop_column("seq")
        batch_op.drop_column("practice_id")
    op.drop_table("change_seq")
