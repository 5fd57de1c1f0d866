"""inbound_messages.replay_key: the signed-request identity (DingTalk's sign header) a message arrived with, unique
per platform, so a captured (timestamp, sign) pair cannot carry a second, different message

Revision ID: 0003
Revises: 0002
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: Union[str, None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('inbound_messages', sa.Column('replay_key', sa.String(length=64), nullable=True,
                                                 comment='signed-request identity (DingTalk sign)'))
    op.create_index('uq_inbound_messages_replay_key', 'inbound_messages', ['platform', 'replay_key'], unique=True)


def downgrade() -> None:
    op.drop_index('uq_inbound_messages_replay_key', table_name='inbound_messages')
    with op.batch_alter_table('inbound_messages') as batch:
        batch.drop_column('replay_key')
