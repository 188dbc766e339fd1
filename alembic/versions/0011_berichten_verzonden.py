"""which berichten of an episode are marked sent, on the episode row

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# Migrations are frozen: they spell out their types instead of importing the app's.
JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The afsluiting gate reads it with the episode (no query on the bericht table per write).
    with op.batch_alter_table("episode", schema=None) as batch_op:
        batch_op.add_column(sa.Column("berichten_verzonden", JSON_DOC, nullable=True))
    op.execute(
        "UPDATE episode SET berichten_verzonden = ("
        "SELECT json_group_array(DISTINCT soort) FROM bericht "
        "WHERE bericht.episode_id = episode.id AND verzonden_op IS NOT NULL) "
        "WHERE EXISTS (SELECT 1 FROM bericht WHERE bericht.episode_id = episode.id "
        "AND verzonden_op IS NOT NULL)"
        if op.get_bind().dialect.name == "sqlite"
        else "UPDATE episode SET berichten_verzonden = ("
        "SELECT jsonb_agg(DISTINCT soort) FROM bericht "
        "WHERE bericht.episode_id = episode.id AND verzonden_op IS NOT NULL) "
        "WHERE EXISTS (SELECT 1 FROM bericht WHERE bericht.episode_id = episode.id "
        "AND verzonden_op IS NOT NULL)"
    )


def downgrade() -> None:
    with op.batch_alter_table("episode", schema=None) as batch_op:
        batch_op.drop_column("berichten_verzonden")
