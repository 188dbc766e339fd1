"""who the letters go to and what the client consented to share, on the episode

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# Migrations are frozen: they spell out their types instead of importing the app's.
JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Both are short append-only lists read with the episode itself (the consent rules run on
    # every write that shares), so they live on its row: no extra query on the request path.
    with op.batch_alter_table("episode", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contacten", JSON_DOC, nullable=True))
        batch_op.add_column(sa.Column("toestemmingen", JSON_DOC, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("episode", schema=None) as batch_op:
        batch_op.drop_column("toestemmingen")
        batch_op.drop_column("contacten")
