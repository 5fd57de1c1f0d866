"""notes: 备注 on customers and requirements, the templates' free-text column (nullable: existing rows keep NULL)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 12:40:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = '0010'
down_revision: Union[str, None] = '0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('customers') as batch_op:
        batch_op.add_column(sa.Column('note', sa.Text(), nullable=True, comment='备注 (seed 001): free text, set by import'))
    with op.batch_alter_table('requirements') as batch_op:
        batch_op.add_column(sa.Column('note', sa.Text(), nullable=True, comment='备注 (seed 004): free text, set by import'))


def downgrade() -> None:
    with op.batch_alter_table('requirements') as batch_op:
        batch_op.drop_column('note')
    with op.batch_alter_table('customers') as batch_op:
        batch_op.drop_column('note')
