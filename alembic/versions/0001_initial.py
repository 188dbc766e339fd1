"""episodes, records, sessies, events, idempotency keys

Revision ID: 0001
Revises: 
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# Migrations are frozen: they spell out their types instead of importing the app's.
JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('episode',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_ref', sa.String(length=64), nullable=False),
    sa.Column('profile', sa.String(length=32), nullable=False),
    sa.Column('definition_version', sa.Integer(), nullable=False),
    sa.Column('route', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('client', JSON_DOC, nullable=False),
    sa.Column('verwijzing', JSON_DOC, nullable=True),
    sa.Column('aangemeld_op', sa.Date(), nullable=False),
    sa.Column('sessie_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=128), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('episode', schema=None) as batch_op:
        batch_op.create_index('ix_episode_client_ref_id', ['client_ref', 'id'], unique=False)
        batch_op.create_index('ix_episode_profile_id', ['profile', 'id'], unique=False)
        batch_op.create_index('ix_episode_status_id', ['status', 'id'], unique=False)

    op.create_table('idempotency_key',
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('response', JSON_DOC, nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('idempotency_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idempotency_key_created_at'), ['created_at'], unique=False)

    op.create_table('episode_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('episode_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('actor', sa.String(length=128), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('episode_version', sa.Integer(), nullable=False),
    sa.Column('data', JSON_DOC, nullable=False),
    sa.ForeignKeyConstraint(['episode_id'], ['episode.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('episode_event', schema=None) as batch_op:
        batch_op.create_index('ix_episode_event_episode_id', ['episode_id', 'id'], unique=False)

    op.create_table('sessie',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('episode_id', sa.Integer(), nullable=False),
    sa.Column('datum', sa.Date(), nullable=False),
    sa.Column('data', JSON_DOC, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=128), nullable=False),
    sa.ForeignKeyConstraint(['episode_id'], ['episode.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('sessie', schema=None) as batch_op:
        batch_op.create_index('ix_sessie_episode_id', ['episode_id', 'id'], unique=False)

    op.create_table('step_record',
    sa.Column('episode_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('data', JSON_DOC, nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('saved_by', sa.String(length=128), nullable=False),
    sa.ForeignKeyConstraint(['episode_id'], ['episode.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('episode_id', 'step')
    )
    op.create_table('step_record_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('episode_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('data', JSON_DOC, nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('saved_by', sa.String(length=128), nullable=False),
    sa.ForeignKeyConstraint(['episode_id'], ['episode.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('episode_id', 'step', 'version')
    )


def downgrade() -> None:
    op.drop_table('step_record_version')
    op.drop_table('step_record')
    with op.batch_alter_table('sessie', schema=None) as batch_op:
        batch_op.drop_index('ix_sessie_episode_id')

    op.drop_table('sessie')
    with op.batch_alter_table('episode_event', schema=None) as batch_op:
        batch_op.drop_index('ix_episode_event_episode_id')

    op.drop_table('episode_event')
    with op.batch_alter_table('idempotency_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idempotency_key_created_at'))

    op.drop_table('idempotency_key')
    with op.batch_alter_table('episode', schema=None) as batch_op:
        batch_op.drop_index('ix_episode_status_id')
        batch_op.drop_index('ix_episode_profile_id')
        batch_op.drop_index('ix_episode_client_ref_id')

    op.drop_table('episode')
