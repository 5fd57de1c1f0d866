"""customer pool (公海): a customer may have no owner while in its team's pool; pool_events records releases and
claims. Every row is kept: new columns are nullable, existing customers keep their owners.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 12:08:19.527141
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from bot.storage import coltypes


revision: str = '0012'
down_revision: Union[str, None] = '0011'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('pool_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('from_user_id', sa.Integer(), nullable=True),
    sa.Column('to_user_id', sa.Integer(), nullable=True),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('at', coltypes.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind in ('release','claim','assign')", name=op.f('ck_pool_events_kind')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_pool_events_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['from_user_id'], ['users.id'], name=op.f('fk_pool_events_from_user_id_users')),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_pool_events_team_id_teams')),
    sa.ForeignKeyConstraint(['to_user_id'], ['users.id'], name=op.f('fk_pool_events_to_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pool_events'))
    )
    with op.batch_alter_table('pool_events', schema=None) as batch_op:
        batch_op.create_index('ix_pool_events_claims', ['kind', 'to_user_id', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_pool_events_customer_id'), ['customer_id'], unique=False)

    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pool_team_id', sa.Integer(), nullable=True, comment='the team whose pool holds it; null while owned'))
        batch_op.add_column(sa.Column('released_at', coltypes.UTCDateTime(timezone=True), nullable=True, comment='when it went to the pool'))
        batch_op.add_column(sa.Column('pool_notice_at', coltypes.UTCDateTime(timezone=True), nullable=True, comment='owner told it will be released'))
        batch_op.add_column(sa.Column('claimed_at', coltypes.UTCDateTime(timezone=True), nullable=True, comment='taken from the pool: its idle days count anew'))
        batch_op.alter_column('owner_id', existing_type=sa.INTEGER(), nullable=True,
                              comment="null while the customer is in its team's pool (公海)")
        batch_op.create_index(batch_op.f('ix_customers_pool_team_id'), ['pool_team_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_customers_pool_team_id_teams'), 'teams', ['pool_team_id'], ['id'])



def downgrade() -> None:
    # customers still in a pool go back to whoever they were released from, so owner_id can be NOT NULL again
    op.execute("UPDATE customers SET owner_id = (SELECT e.from_user_id FROM pool_events e WHERE e.customer_id = "
               "customers.id AND e.kind = 'release' ORDER BY e.at DESC, e.id DESC LIMIT 1) WHERE owner_id IS NULL")
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_customers_pool_team_id_teams'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_customers_pool_team_id'))
        batch_op.alter_column('owner_id', existing_type=sa.INTEGER(), nullable=False, comment=None,
                              existing_comment="null while the customer is in its team's pool (公海)")
        batch_op.drop_column('claimed_at')
        batch_op.drop_column('pool_notice_at')
        batch_op.drop_column('released_at')
        batch_op.drop_column('pool_team_id')

    with op.batch_alter_table('pool_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pool_events_customer_id'))
        batch_op.drop_index('ix_pool_events_claims')

    op.drop_table('pool_events')
