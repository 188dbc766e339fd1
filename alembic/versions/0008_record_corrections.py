"""corrections of a passed step: the reason, per record version

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-15
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("step_record", "step_record_version"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("correctie_reden", sa.Text(), nullable=True))


def downgrade() -> None:
    for table in ("step_record_version", "step_record"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("correctie_reden")
