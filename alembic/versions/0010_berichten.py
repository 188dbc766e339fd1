"""berichten: the letters to the verwijzer or huisarts, each version stored with its hash

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-20
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# Migrations are frozen: they spell out their types instead of importing the app's.
JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bericht",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("soort", sa.String(length=32), nullable=False),
        sa.Column("ontvanger", sa.Integer(), nullable=False),
        sa.Column("episode_version", sa.Integer(), nullable=False),
        sa.Column("content", JSON_DOC, nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("verzonden_op", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verzonden_door", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(["episode_id"], ["episode.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("bericht", schema=None) as batch_op:
        batch_op.create_index("ix_bericht_episode_id", ["episode_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("bericht", schema=None) as batch_op:
        batch_op.drop_index("ix_bericht_episode_id")
    op.drop_table("bericht")
