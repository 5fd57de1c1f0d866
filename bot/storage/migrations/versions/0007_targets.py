"""targets: a KPI target per team or rep and period (a new table: no existing row changes)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 12:08:27.803814
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from bot.storage import coltypes


revision: str = '0007'
down_revision: Union[str, None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_kind', sa.String(length=8), nullable=False, comment='month/quarter'),
    sa.Column('period_start', sa.Date(), nullable=False, comment='first local day of the period'),
    sa.Column('team_id', sa.Integer(), nullable=True, comment="a team's target (or user_id)"),
    sa.Column('user_id', sa.Integer(), nullable=True, comment="one rep's target (or team_id)"),
    sa.Column('kpi', sa.String(length=16), nullable=False, comment='bot/sales/vocabulary.py Kpi'),
    sa.Column('value', sa.Numeric(precision=16, scale=4), nullable=False, comment='yuan, a fraction (0.35) or a count'),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('set_at', coltypes.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("period_kind in ('month','quarter')", name=op.f('ck_targets_period_kind')),
    sa.CheckConstraint('(team_id IS NULL) <> (user_id IS NULL)', name=op.f('ck_targets_one_subject')),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_targets_set_by_id_users')),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_targets_team_id_teams')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_targets_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_targets'))
    )
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.create_index('ix_targets_period', ['period_start', 'period_kind'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.drop_index('ix_targets_period')

    op.drop_table('targets')
