"""deal risk fields: competition, risk, milestone and decision chain on the opportunity

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 12:15:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = '0008'
down_revision: Union[str, None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Nullable with no default: every existing deal keeps its row and simply has none of the fields yet.
    with op.batch_alter_table('opportunities') as batch:
        batch.add_column(sa.Column('competition', sa.Text(), nullable=True,
                                   comment='竞争情况: one entry per competitor, joined by ；'))
        batch.add_column(sa.Column('risk', sa.Text(), nullable=True, comment='风险评估'))
        batch.add_column(sa.Column('milestone', sa.String(length=128), nullable=True,
                                   comment='关键节点, dated: 12月15日评标'))
        batch.add_column(sa.Column('decision_chain', sa.Text(), nullable=True, comment='决策链: who decides'))


def downgrade() -> None:
    with op.batch_alter_table('opportunities') as batch:
        batch.drop_column('decision_chain')
        batch.drop_column('milestone')
        batch.drop_column('risk')
        batch.drop_column('competition')
