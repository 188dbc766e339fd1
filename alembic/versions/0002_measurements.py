"""measurements, and the per-instrument moments on the episode

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# Migrations are frozen: they spell out their types instead of importing the app's.
JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("episode", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("metingen", JSON_DOC, nullable=False, server_default=sa.text("'{}'"))
        )
    op.create_table(
        "measurement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("instrument", sa.String(length=32), nullable=False),
        sa.Column("moment", sa.String(length=16), nullable=False),
        sa.Column("afgenomen_op", sa.Date(), nullable=False),
        sa.Column("responses", JSON_DOC, nullable=False),
        sa.Column("scores", JSON_DOC, nullable=False),
        sa.Column("main_score", sa.String(length=32), nullable=False),
        sa.Column("band", sa.String(length=64), nullable=True),
        sa.Column("missing", JSON_DOC, nullable=False),
        sa.Column("catalogue_version", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(["episode_id"], ["episode.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("measurement", schema=None) as batch_op:
        batch_op.create_index(
            "ix_measurement_episode_instrument", ["episode_id", "instrument", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("measurement", schema=None) as batch_op:
        batch_op.drop_index("ix_measurement_episode_instrument")
    op.drop_table("measurement")
    with op.batch_alter_table("episode", schema=None) as batch_op:
        batch_op.drop_column("metingen")
