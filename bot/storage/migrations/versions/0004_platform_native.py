"""platform-native: cards (buttons), feedback on inbound messages, org sync ids, inactive users

Revision ID: 0004
Revises: 0003
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from bot.storage import coltypes

revision: str = "0004"
down_revision: Union[str, None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.String(length=128), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("question_at", coltypes.UTCDateTime(timezone=True), nullable=True,
                  comment="created_at of the question the card answers"),
        sa.Column("title", sa.String(length=128), nullable=False),
        sa.Column("actions", sa.JSON(), nullable=False, comment="[[label, text], ...]"),
        sa.Column("done_label", sa.String(length=32), nullable=True),
        sa.Column("done_text", sa.Text(), nullable=True, comment="the reply of the click that used the card"),
        sa.Column("done_at", coltypes.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", coltypes.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], name=op.f("fk_cards_report_id_reports"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_cards_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cards")),
        sa.UniqueConstraint("task_id", name=op.f("uq_cards_task_id")),
    )
    op.create_index(op.f("ix_cards_user_id"), "cards", ["user_id"], unique=False)
    with op.batch_alter_table("inbound_messages") as batch:
        batch.add_column(sa.Column("feedback", sa.Integer(), nullable=True,
                                   comment="the user's rating of the reply: 1 good, 2 bad, 3 cancelled"))
        batch.add_column(sa.Column("feedback_text", sa.Text(), nullable=True))
    with op.batch_alter_table("teams") as batch:
        batch.add_column(sa.Column("wecom_dept_id", sa.String(length=32), nullable=True, comment="set by sync-org"))
        batch.add_column(sa.Column("dingtalk_dept_id", sa.String(length=32), nullable=True, comment="set by sync-org"))
        batch.create_unique_constraint(op.f("uq_teams_wecom_dept_id"), ["wecom_dept_id"])
        batch.create_unique_constraint(op.f("uq_teams_dingtalk_dept_id"), ["dingtalk_dept_id"])
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true(),
                                   comment="false once they left (sync-org)"))
        batch.add_column(sa.Column("left_at", coltypes.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("left_at")
        batch.drop_column("active")
    with op.batch_alter_table("teams") as batch:
        batch.drop_constraint(op.f("uq_teams_dingtalk_dept_id"), type_="unique")
        batch.drop_constraint(op.f("uq_teams_wecom_dept_id"), type_="unique")
        batch.drop_column("dingtalk_dept_id")
        batch.drop_column("wecom_dept_id")
    with op.batch_alter_table("inbound_messages") as batch:
        batch.drop_column("feedback_text")
        batch.drop_column("feedback")
    op.drop_index(op.f("ix_cards_user_id"), table_name="cards")
    op.drop_table("cards")
