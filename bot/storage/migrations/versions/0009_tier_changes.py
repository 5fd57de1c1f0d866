"""tier_changes: the tiers the monthly customer review changed, with the figures it went by

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 12:08:53.630763
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from bot.storage import coltypes


revision: str = '0009'
down_revision: Union[str, None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('tier_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('from_tier', sa.String(length=1), nullable=False),
    sa.Column('to_tier', sa.String(length=1), nullable=False),
    sa.Column('annual_purchase', sa.Numeric(precision=14, scale=2), nullable=False, comment='won orders of the 12 months before changed_on'),
    sa.Column('contacts', sa.Integer(), nullable=False, comment='contacts in those 12 months'),
    sa.Column('changed_on', sa.Date(), nullable=False),
    sa.Column('created_at', coltypes.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_tier_changes_customer_id_customers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tier_changes'))
    )
    with op.batch_alter_table('tier_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tier_changes_customer_id'), ['customer_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('tier_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tier_changes_customer_id'))

    op.drop_table('tier_changes')
