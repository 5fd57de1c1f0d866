"""follow-ups get their own table; fields the report rules store (budget range, lead score, unit price, payments,
contact e-mail and former contacts)

Revision ID: 0002
Revises: 0001
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from bot.storage import coltypes

revision: str = "0002"
down_revision: Union[str, None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("opportunity_id", sa.Integer(), nullable=True),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("activity_id", sa.Integer(), nullable=True, comment="the contact that promised it; null for a plan"),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("due_time", sa.String(length=5), nullable=True),
        sa.Column("action", sa.String(length=128), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False, comment="open/done/cancelled"),
        sa.Column("closed_at", coltypes.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_by_report_id", sa.Integer(), nullable=True),
        sa.Column("created_at", coltypes.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_follow_ups_customer_id_customers")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_follow_ups_user_id_users")),
        sa.ForeignKeyConstraint(["opportunity_id"], ["opportunities.id"],
                                name=op.f("fk_follow_ups_opportunity_id_opportunities"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], name=op.f("fk_follow_ups_report_id_reports"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["activity_id"], ["activities.id"], name=op.f("fk_follow_ups_activity_id_activities"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["closed_by_report_id"], ["reports.id"],
                                name=op.f("fk_follow_ups_closed_by_report_id_reports"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_ups")),
    )
    with op.batch_alter_table("follow_ups") as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_ups_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index("ix_follow_ups_open", ["status", "user_id", "due_date"], unique=False)
    # Every promise an activity carried becomes a follow-up row, done or open as it was.
    op.execute(
        "INSERT INTO follow_ups (customer_id, user_id, opportunity_id, report_id, activity_id, due_date, due_time,"
        " action, status, closed_at, created_at)"
        " SELECT customer_id, user_id, opportunity_id, report_id, id, next_date, next_time, next_action,"
        " CASE WHEN done_at IS NULL THEN 'open' ELSE 'done' END, done_at, created_at"
        " FROM activities WHERE next_date IS NOT NULL AND undone_at IS NULL")
    # /待办 numbers pointed at activity ids; the next /待办 numbers the follow-ups afresh.
    op.execute("UPDATE users SET last_todo = NULL")
    with op.batch_alter_table("activities") as batch_op:
        batch_op.drop_index("ix_activities_user_next")
        batch_op.drop_column("next_action")
        batch_op.drop_column("next_date")
        batch_op.drop_column("next_time")
        batch_op.drop_column("done_at")
        batch_op.create_index(batch_op.f("ix_activities_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("opportunities") as batch_op:
        batch_op.add_column(sa.Column("budget_max", sa.Numeric(14, 2), nullable=True,
                                      comment="the budget's high end when a range was said"))
        batch_op.add_column(sa.Column("lead_score", sa.Integer(), nullable=True,
                                      comment="seed 001 points: budget + urgency + decision power"))
    with op.batch_alter_table("orders") as batch_op:
        batch_op.add_column(sa.Column("unit_price", sa.Numeric(14, 2), nullable=True))
        batch_op.add_column(sa.Column("paid", sa.Numeric(14, 2), nullable=False, server_default="0",
                                      comment="payments received (回款)"))
        batch_op.add_column(sa.Column("cancel_reason", sa.String(length=64), nullable=True))
    with op.batch_alter_table("contacts") as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=128), nullable=True))
        batch_op.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true(),
                                      comment="false once replaced (换人)"))


def downgrade() -> None:
    with op.batch_alter_table("contacts") as batch_op:
        batch_op.drop_column("active")
        batch_op.drop_column("email")
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_column("cancel_reason")
        batch_op.drop_column("paid")
        batch_op.drop_column("unit_price")
    with op.batch_alter_table("opportunities") as batch_op:
        batch_op.drop_column("lead_score")
        batch_op.drop_column("budget_max")
    with op.batch_alter_table("activities") as batch_op:
        batch_op.drop_index(batch_op.f("ix_activities_user_id"))
        batch_op.add_column(sa.Column("next_action", sa.String(length=128), nullable=True))
        batch_op.add_column(sa.Column("next_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("next_time", sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column("done_at", coltypes.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_activities_user_next", ["user_id", "next_date"], unique=False)
    op.execute(
        "UPDATE activities SET next_date = (SELECT f.due_date FROM follow_ups f WHERE f.activity_id = activities.id),"
        " next_time = (SELECT f.due_time FROM follow_ups f WHERE f.activity_id = activities.id),"
        " next_action = (SELECT f.action FROM follow_ups f WHERE f.activity_id = activities.id),"
        " done_at = (SELECT f.closed_at FROM follow_ups f WHERE f.activity_id = activities.id)")
    op.drop_table("follow_ups")
