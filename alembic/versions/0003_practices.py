"""practices, therapists, api clients, tokens, audit log; episodes belong to a practice

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# Migrations are frozen: they spell out their types instead of importing the app's.
JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=True),
    sa.Column('actor_type', sa.String(length=16), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=200), nullable=True),
    sa.Column('client_ref', sa.String(length=64), nullable=True),
    sa.Column('episode_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('resource', sa.String(length=200), nullable=False),
    sa.Column('outcome', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_practice_at', ['practice_id', 'at'], unique=False)
        batch_op.create_index('ix_audit_practice_client_at', ['practice_id', 'client_ref', 'at'], unique=False)

    op.create_table('login_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('login', sa.String(length=100), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.create_index('ix_login_failure_login_at', ['login', 'at'], unique=False)

    op.create_table('practice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('naam', sa.String(length=200), nullable=False),
    sa.Column('agb_code', sa.String(length=8), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('agb_code')
    )
    op.create_table('api_client',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=False),
    sa.Column('naam', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['practice_id'], ['practice.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('therapist',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=False),
    sa.Column('naam', sa.String(length=200), nullable=False),
    sa.Column('login', sa.String(length=100), nullable=False),
    sa.Column('big_nummer', sa.String(length=11), nullable=True),
    sa.Column('kp_nummer', sa.String(length=20), nullable=True),
    sa.Column('registraties', JSON_DOC, nullable=False),
    sa.Column('inwendig_onderzoek_bevoegd', sa.Boolean(), nullable=False),
    sa.Column('rol', sa.String(length=32), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['practice_id'], ['practice.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('login')
    )
    with op.batch_alter_table('therapist', schema=None) as batch_op:
        batch_op.create_index('ix_therapist_practice_id', ['practice_id', 'id'], unique=False)

    op.create_table('token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=False),
    sa.Column('therapist_id', sa.Integer(), nullable=True),
    sa.Column('api_client_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['api_client_id'], ['api_client.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['practice_id'], ['practice.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['therapist_id'], ['therapist.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    # Episodes now belong to a practice and a responsible therapist. Episodes made before this
    # revision have neither; refuse rather than invent an owner for client data.
    orphans = op.get_bind().execute(sa.text("SELECT count(*) FROM episode")).scalar_one()
    if orphans:
        raise RuntimeError(
            f"{orphans} episode(s) without a practice: export them and start from an empty "
            "database (pre-release data only; no owner can be guessed)."
        )
    with op.batch_alter_table('episode', schema=None) as batch_op:
        batch_op.add_column(sa.Column('practice_id', sa.Integer(), nullable=False))
        batch_op.add_column(sa.Column('therapist_id', sa.Integer(), nullable=False))
        batch_op.drop_index('ix_episode_client_ref_id')
        batch_op.drop_index('ix_episode_profile_id')
        batch_op.drop_index('ix_episode_status_id')
        batch_op.create_index('ix_episode_practice_client_ref_id', ['practice_id', 'client_ref', 'id'], unique=False)
        batch_op.create_index('ix_episode_practice_id', ['practice_id', 'id'], unique=False)
        batch_op.create_index('ix_episode_practice_profile_id', ['practice_id', 'profile', 'id'], unique=False)
        batch_op.create_index('ix_episode_practice_status_id', ['practice_id', 'status', 'id'], unique=False)
        batch_op.create_index('ix_episode_practice_therapist_id', ['practice_id', 'therapist_id', 'id'], unique=False)
        batch_op.create_foreign_key('fk_episode_practice', 'practice', ['practice_id'], ['id'], ondelete='RESTRICT')
        batch_op.create_foreign_key('fk_episode_therapist', 'therapist', ['therapist_id'], ['id'], ondelete='RESTRICT')



def downgrade() -> None:
    with op.batch_alter_table('episode', schema=None) as batch_op:
        batch_op.drop_constraint('fk_episode_therapist', type_='foreignkey')
        batch_op.drop_constraint('fk_episode_practice', type_='foreignkey')
        batch_op.drop_index('ix_episode_practice_therapist_id')
        batch_op.drop_index('ix_episode_practice_status_id')
        batch_op.drop_index('ix_episode_practice_profile_id')
        batch_op.drop_index('ix_episode_practice_id')
        batch_op.drop_index('ix_episode_practice_client_ref_id')
        batch_op.create_index('ix_episode_status_id', ['status', 'id'], unique=False)
        batch_op.create_index('ix_episode_profile_id', ['profile', 'id'], unique=False)
        batch_op.create_index('ix_episode_client_ref_id', ['client_ref', 'id'], unique=False)
        batch_op.drop_column('therapist_id')
        batch_op.drop_column('practice_id')

    op.drop_table('token')
    with op.batch_alter_table('therapist', schema=None) as batch_op:
        batch_op.drop_index('ix_therapist_practice_id')

    op.drop_table('therapist')
    op.drop_table('api_client')
    op.drop_table('practice')
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.drop_index('ix_login_failure_login_at')

    op.drop_table('login_failure')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_practice_client_at')
        batch_op.drop_index('ix_audit_practice_at')

    op.drop_table('audit_event')
