"""erasures: removals of personal details on request

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 10:18:08.207125
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from bot.storage import coltypes


revision: str = '0006'
down_revision: Union[str, None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('erasures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False, comment='contact'),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('values_removed', sa.Integer(), nullable=False),
    sa.Column('done_at', coltypes.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_erasures_customer_id_customers'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_erasures'))
    )


def downgrade() -> None:
    op.drop_table('erasures')
