"""two-factor login (TOTP) and the person acting for an EPD in the access log

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("practice", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("totp_required", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("therapist", schema=None) as batch_op:
        batch_op.add_column(sa.Column("totp_secret", sa.String(length=200), nullable=True))
        batch_op.add_column(
            sa.Column("totp_enrolled_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
    with op.batch_alter_table("token", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("second_factor", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("acting_user_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("acting_user_name", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_column("acting_user_name")
        batch_op.drop_column("acting_user_id")
    with op.batch_alter_table("token", schema=None) as batch_op:
        batch_op.drop_column("second_factor")
    with op.batch_alter_table("therapist", schema=None) as batch_op:
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("totp_enrolled_at")
        batch_op.drop_column("totp_secret")
    with op.batch_alter_table("practice", schema=None) as batch_op:
        batch_op.drop_column("totp_required")
