"""The data model (SQLAlchemy 2.0 typed). Times are aware UTC; money is Numeric yuan."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, MetaData, Numeric, String, Text, UniqueConstraint, true
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.clock import utcnow
from bot.storage.coltypes import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
Money = Numeric(14, 2)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), Decimal: Money, dict[str, Any]: JSON, list[Any]: JSON}


def _created() -> Mapped[datetime]:
    return mapped_column(default=utcnow)


class Team(Base):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    dept_code: Mapped[str] = mapped_column(String(8))
    wecom_dept_id: Mapped[Optional[str]] = mapped_column(String(32), unique=True, comment="set by sync-org")
    dingtalk_dept_id: Mapped[Optional[str]] = mapped_column(String(32), unique=True, comment="set by sync-org")
    created_at: Mapped[datetime] = _created()
    members: Mapped[list[User]] = relationship(back_populates="team")


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role in ('rep','manager','admin')", name="role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    role: Mapped[str] = mapped_column(String(16), default="rep")
    team_id: Mapped[Optional[int]] = mapped_column(ForeignKey("teams.id"))
    wecom_userid: Mapped[Optional[str]] = mapped_column(String(64), unique=True)
    dingtalk_staff_id: Mapped[Optional[str]] = mapped_column(String(64), unique=True)
    muted: Mapped[bool] = mapped_column(default=False)
    last_todo: Mapped[Optional[list[Any]]] = mapped_column(comment="items of the last /待办 list, for /完成 N")
    active: Mapped[bool] = mapped_column(default=True, server_default=true(), comment="false once they left (sync-org)")
    left_at: Mapped[Optional[datetime]]
    created_at: Mapped[datetime] = _created()
    team: Mapped[Optional[Team]] = relationship(back_populates="members")


class GroupChat(Base):
    __tablename__ = "group_chats"
    __table_args__ = (UniqueConstraint("platform", "chat_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(128))
    title: Mapped[Optional[str]] = mapped_column(String(128))
    team_id: Mapped[Optional[int]] = mapped_column(ForeignKey("teams.id"))
    bound_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    bound_at: Mapped[Optional[datetime]]
    webhook_url: Mapped[Optional[str]] = mapped_column(String(512), comment="group robot webhook for pushes")
    created_at: Mapped[datetime] = _created()
    team: Mapped[Optional[Team]] = relationship()


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = (CheckConstraint("tier in ('A','B','C','D')", name="tier"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    aliases: Mapped[list[Any]] = mapped_column(default=list)
    industry: Mapped[Optional[str]] = mapped_column(String(32))
    region: Mapped[Optional[str]] = mapped_column(String(32))
    size: Mapped[Optional[str]] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(4), default="新", comment="新/老")
    tier: Mapped[str] = mapped_column(String(1), default="D")
    tier_manual: Mapped[bool] = mapped_column(default=False)
    owner_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"), index=True,
                                                    comment="null while the customer is in its team's pool (公海)")
    source: Mapped[Optional[str]] = mapped_column(String(16))
    phone: Mapped[Optional[str]] = mapped_column(String(32), index=True)
    annual_purchase: Mapped[Optional[Decimal]]
    cooperating_since: Mapped[Optional[date]]
    last_contact_at: Mapped[Optional[datetime]]
    note: Mapped[Optional[str]] = mapped_column(Text, comment="备注 (seed 001): free text, set by import")
    pool_team_id: Mapped[Optional[int]] = mapped_column(ForeignKey("teams.id"), index=True,
                                                        comment="the team whose pool holds it; null while owned")
    released_at: Mapped[Optional[datetime]] = mapped_column(comment="when it went to the pool")
    pool_notice_at: Mapped[Optional[datetime]] = mapped_column(comment="owner told it will be released")
    claimed_at: Mapped[Optional[datetime]] = mapped_column(comment="taken from the pool: its idle days count anew")
    created_at: Mapped[datetime] = _created()
    owner: Mapped[Optional[User]] = relationship()
    contacts: Mapped[list[Contact]] = relationship(back_populates="customer", order_by="Contact.id")


class TierChange(Base):
    """A tier the monthly review changed (bot/notifier/review.py), with the figures it went by; the owner is told."""

    __tablename__ = "tier_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    from_tier: Mapped[str] = mapped_column(String(1))
    to_tier: Mapped[str] = mapped_column(String(1))
    annual_purchase: Mapped[Decimal] = mapped_column(comment="won orders of the 12 months before changed_on")
    contacts: Mapped[int] = mapped_column(comment="contacts in those 12 months")
    changed_on: Mapped[date]
    created_at: Mapped[datetime] = _created()


class PoolEvent(Base):
    """A customer released to its team's pool (from its owner), claimed from it (to the claimer), or assigned from it
    by a manager's /转交 (to the new owner; not counted in anyone's daily claims)."""

    __tablename__ = "pool_events"
    __table_args__ = (CheckConstraint("kind in ('release','claim','assign')", name="kind"),
                      Index("ix_pool_events_claims", "kind", "to_user_id", "at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    from_user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    to_user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    team_id: Mapped[Optional[int]] = mapped_column(ForeignKey("teams.id"))
    at: Mapped[datetime] = _created()
    from_user: Mapped[Optional[User]] = relationship(foreign_keys=[from_user_id])


class Contact(Base):
    __tablename__ = "contacts"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    title: Mapped[Optional[str]] = mapped_column(String(32))
    phone: Mapped[Optional[str]] = mapped_column(String(32))
    email: Mapped[Optional[str]] = mapped_column(String(128))
    active: Mapped[bool] = mapped_column(default=True, server_default=true(), comment="false once replaced (换人)")
    created_at: Mapped[datetime] = _created()
    customer: Mapped[Customer] = relationship(back_populates="contacts")


class Opportunity(Base):
    __tablename__ = "opportunities"
    # a team's leads of a period (/业绩, targets): each rep's opportunities created in it, read as a range
    __table_args__ = (Index("ix_opportunities_owner_created", "owner_id", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True, comment="YYYYMM-DEPT-NNN")
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[Optional[str]] = mapped_column(String(128))
    stage: Mapped[str] = mapped_column(String(16), default="initial", index=True)
    value_band: Mapped[Optional[str]] = mapped_column(String(16))
    probability: Mapped[Optional[str]] = mapped_column(String(4), comment="高/中/低")
    expected_amount: Mapped[Optional[Decimal]]  # the budget (its low end for a range)
    budget_max: Mapped[Optional[Decimal]] = mapped_column(comment="the budget's high end when a range was said")
    quote_amount: Mapped[Optional[Decimal]]
    contract_amount: Mapped[Optional[Decimal]]
    expected_close: Mapped[Optional[date]]
    source: Mapped[Optional[str]] = mapped_column(String(16))
    lost_reason: Mapped[Optional[str]] = mapped_column(String(32))
    lead_score: Mapped[Optional[int]] = mapped_column(comment="seed 001 points: budget + urgency + decision power")
    # Seed 001 模板2 / seed 002: what the rep says of the deal, as written (docs/report_rules.md "Deal risk fields").
    competition: Mapped[Optional[str]] = mapped_column(Text, comment="竞争情况: one entry per competitor, joined by ；")
    risk: Mapped[Optional[str]] = mapped_column(Text, comment="风险评估")
    milestone: Mapped[Optional[str]] = mapped_column(String(128), comment="关键节点, dated: 12月15日评标")
    decision_chain: Mapped[Optional[str]] = mapped_column(Text, comment="决策链: who decides")
    last_activity_at: Mapped[Optional[datetime]]
    closed_at: Mapped[Optional[datetime]]
    created_at: Mapped[datetime] = _created()
    customer: Mapped[Customer] = relationship()
    owner: Mapped[User] = relationship()


class StageChange(Base):
    __tablename__ = "stage_changes"
    # covering index for the funnel: an opportunity's moves up to a time, read from the index alone; and the wins of
    # a period (KPIs, targets) as one range of the index
    __table_args__ = (Index("ix_stage_changes_funnel", "opportunity_id", "at", "to_stage"),
                      Index("ix_stage_changes_won", "to_stage", "at", "opportunity_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(ForeignKey("opportunities.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[Optional[str]] = mapped_column(String(16))
    to_stage: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = _created()
    by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    report_id: Mapped[Optional[int]] = mapped_column(ForeignKey("reports.id", ondelete="SET NULL"))
    opportunity: Mapped[Opportunity] = relationship()


class Activity(Base):
    __tablename__ = "activities"
    # each rep's visits of a period (拜访次数 targets) as one range per rep
    __table_args__ = (Index("ix_activities_user_type_time", "user_id", "type", "occurred_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    opportunity_id: Mapped[Optional[int]] = mapped_column(ForeignKey("opportunities.id"))
    report_id: Mapped[Optional[int]] = mapped_column(ForeignKey("reports.id", ondelete="SET NULL"))
    type: Mapped[str] = mapped_column(String(16), comment="visit/call/meeting/email/wechat/demo/other")
    occurred_at: Mapped[datetime] = mapped_column(index=True)
    raw_text: Mapped[Optional[str]] = mapped_column(Text)
    undone_at: Mapped[Optional[datetime]]
    created_at: Mapped[datetime] = _created()
    customer: Mapped[Customer] = relationship()
    user: Mapped[User] = relationship()
    opportunity: Mapped[Optional[Opportunity]] = relationship()


class FollowUp(Base):
    """Something the rep promised to do for a customer on a day: open until done, cancelled or moved."""

    __tablename__ = "follow_ups"
    __table_args__ = (Index("ix_follow_ups_open", "status", "user_id", "due_date"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    opportunity_id: Mapped[Optional[int]] = mapped_column(ForeignKey("opportunities.id", ondelete="SET NULL"))
    report_id: Mapped[Optional[int]] = mapped_column(ForeignKey("reports.id", ondelete="SET NULL"))
    activity_id: Mapped[Optional[int]] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"),
                                                       comment="the contact that promised it; null for a plan")
    due_date: Mapped[date]
    due_time: Mapped[Optional[str]] = mapped_column(String(5))
    action: Mapped[Optional[str]] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16), default="open", comment="open/done/cancelled")
    closed_at: Mapped[Optional[datetime]]
    closed_by_report_id: Mapped[Optional[int]] = mapped_column(ForeignKey("reports.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = _created()
    customer: Mapped[Customer] = relationship()
    user: Mapped[User] = relationship()
    activity: Mapped[Optional[Activity]] = relationship()
    opportunity: Mapped[Optional[Opportunity]] = relationship()


class Requirement(Base):
    __tablename__ = "requirements"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    activity_id: Mapped[Optional[int]] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"))
    opportunity_id: Mapped[Optional[int]] = mapped_column(ForeignKey("opportunities.id"))
    report_id: Mapped[Optional[int]] = mapped_column(ForeignKey("reports.id", ondelete="SET NULL"))
    tags: Mapped[list[Any]] = mapped_column(default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    importance: Mapped[str] = mapped_column(String(2), default="中", comment="高/中/低")
    status: Mapped[str] = mapped_column(String(8), default="未跟进", comment="未跟进/跟进中/已解决")
    amount: Mapped[Optional[Decimal]]
    note: Mapped[Optional[str]] = mapped_column(Text, comment="备注 (seed 004): free text, set by import")
    created_at: Mapped[datetime] = _created()
    responded_at: Mapped[Optional[datetime]]
    resolved_at: Mapped[Optional[datetime]]
    customer: Mapped[Customer] = relationship()
    activity: Mapped[Optional[Activity]] = relationship()
    opportunity: Mapped[Optional[Opportunity]] = relationship()


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True, comment="SOYYYYMMNNN")
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    opportunity_id: Mapped[Optional[int]] = mapped_column(ForeignKey("opportunities.id"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    report_id: Mapped[Optional[int]] = mapped_column(ForeignKey("reports.id", ondelete="SET NULL"))
    amount: Mapped[Decimal]
    unit_price: Mapped[Optional[Decimal]]
    paid: Mapped[Decimal] = mapped_column(default=0, server_default="0", comment="payments received (回款)")
    cancel_reason: Mapped[Optional[str]] = mapped_column(String(64))
    product: Mapped[Optional[str]] = mapped_column(String(128))
    model: Mapped[Optional[str]] = mapped_column(String(64))
    quantity: Mapped[Optional[int]]
    unit: Mapped[Optional[str]] = mapped_column(String(8))
    demand_type: Mapped[str] = mapped_column(String(8), default="标准品", comment="标准品/定制化/紧急补货")
    status: Mapped[str] = mapped_column(String(8), default="待处理", comment="待处理/已处理/已成交/已取消")
    fulfilment: Mapped[Optional[str]] = mapped_column(String(8), comment="生产中/已交付/售后回访")
    satisfaction: Mapped[Optional[str]] = mapped_column(String(8), comment="完全满足/部分满足/未满足")
    ordered_on: Mapped[date]
    delivered_on: Mapped[Optional[date]]
    created_at: Mapped[datetime] = _created()
    customer: Mapped[Customer] = relationship()
    opportunity: Mapped[Optional[Opportunity]] = relationship()


class Report(Base):
    """One free-text report as filed: what it created and what it changed, so /撤销 and corrections can act on it."""

    __tablename__ = "reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    customer_id: Mapped[Optional[int]] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    parsed: Mapped[dict[str, Any]] = mapped_column(default=dict)
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = _created()
    undone_at: Mapped[Optional[datetime]]
    customer: Mapped[Optional[Customer]] = relationship()


class Target(Base):
    """A manager's target for one KPI over a month or a quarter, for a whole team or for one rep (docs/targets.md)."""

    __tablename__ = "targets"
    __table_args__ = (
        CheckConstraint("(team_id IS NULL) <> (user_id IS NULL)", name="one_subject"),
        CheckConstraint("period_kind in ('month','quarter')", name="period_kind"),
        Index("ix_targets_period", "period_start", "period_kind"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    period_kind: Mapped[str] = mapped_column(String(8), comment="month/quarter")
    period_start: Mapped[date] = mapped_column(comment="first local day of the period")
    team_id: Mapped[Optional[int]] = mapped_column(ForeignKey("teams.id"), comment="a team's target (or user_id)")
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"), comment="one rep's target (or team_id)")
    kpi: Mapped[str] = mapped_column(String(16), comment="bot/sales/vocabulary.py Kpi")
    value: Mapped[Decimal] = mapped_column(Numeric(16, 4), comment="yuan, a fraction (0.35) or a count")
    set_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = _created()
