"""Loads RuleData with a fixed handful of set-based queries, whatever the number of customers."""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Iterable

from sqlalchemy import Connection, and_, case, func, or_, select
from sqlalchemy.orm import Session

from bot.clock import to_utc
from bot.notifier.duedata import (CustomerRow, OpportunityRow, OrderRow, PromiseRow, RequirementRow, RuleData,
                                  UserRow)
from bot.notifier.digest import by_user, ordered
from bot.notifier.rules import AFTERSALES_LOOKBACK_DAYS, CADENCE, due_items
from bot.storage.bookkeeping import ReminderLog
from bot.storage.models import Activity, Customer, FollowUp, Opportunity, Order, Requirement, User
from bot.sales.vocabulary import CLOSED_STAGES

CADENCE_REASON_PREFIX = "cadence"


def load_rule_data(session: Session, now: datetime, today: date, tz: str,
                   owner_ids: Iterable[int] | None = None) -> RuleData:
    """Everything the rules need; `owner_ids` limits it to those users' customers (a /待办 for one person)."""
    owners = list(owner_ids) if owner_ids is not None else None
    conn = session.connection()  # Core rows: no ORM loading layer over a hundred thousand rows
    scope = select(Customer.id).where(Customer.owner_id.in_(owners)) if owners is not None else None

    def scoped(stmt, column):
        return stmt if scope is None else stmt.where(column.in_(scope))

    data = RuleData(now=now, tz=tz)
    data.users = {r.id: UserRow(*r) for r in conn.execute(
        select(User.id, User.name, User.role, User.team_id, User.muted)).all()}
    # a customer in the pool (公海) has no owner to remind; its teammates find it by /公海
    customers = select(Customer.id, Customer.name, Customer.tier, Customer.owner_id, Customer.created_at).where(
        Customer.owner_id.is_not(None))
    data.customers = {r.id: CustomerRow(*r) for r in conn.execute(scoped(customers, Customer.id)).all()}
    data.promises = [PromiseRow(*r) for r in conn.execute(scoped(
        select(FollowUp.id, FollowUp.customer_id, FollowUp.user_id, FollowUp.due_date, FollowUp.action)
        .where(FollowUp.status == "open"), FollowUp.customer_id)).all()]
    _load_contacts(conn, data, today, tz, scoped)
    data.requirements = [RequirementRow(*r) for r in conn.execute(scoped(
        select(Requirement.id, Requirement.customer_id, Requirement.description, Requirement.status,
               Requirement.created_at, Requirement.responded_at).where(Requirement.status != "已解决"),
        Requirement.customer_id)).all()]
    data.opportunities = [OpportunityRow(*r) for r in conn.execute(scoped(
        select(Opportunity.id, Opportunity.code, Opportunity.customer_id, Opportunity.owner_id,
               Opportunity.expected_close, Opportunity.last_activity_at, Opportunity.created_at)
        .where(Opportunity.stage.not_in(CLOSED_STAGES)), Opportunity.customer_id)).all()]
    recent = date.fromordinal(today.toordinal() - AFTERSALES_LOOKBACK_DAYS)
    data.orders = [OrderRow(*r) for r in conn.execute(scoped(
        select(Order.id, Order.code, Order.customer_id, Order.owner_id, Order.status, Order.ordered_on,
               Order.fulfilment, Order.delivered_on)
        .where((Order.status == "待处理") | ((Order.fulfilment == "已交付") & (Order.delivered_on >= recent))),
        Order.customer_id)).all()]
    return data


def _load_contacts(conn: Connection, data: RuleData, today: date, tz: str, scoped) -> None:
    """Per customer: last contact, last contact of the kind its tier's cadence asks for, and this month's touches
    (contacts + cadence pushes before today)."""
    right_kind = or_(*(and_(Customer.tier == tier, Activity.type.in_(kinds)) for tier, (_, kinds) in CADENCE.items()))
    last = select(Activity.customer_id, func.max(Activity.occurred_at),
                  func.max(case((right_kind, Activity.occurred_at)))).join(Customer, Customer.id == Activity.customer_id)
    last = last.where(Activity.undone_at.is_(None)).group_by(Activity.customer_id)
    for customer_id, any_kind, cadence_kind in conn.execute(scoped(last, Activity.customer_id)).all():
        data.last_contact[customer_id] = any_kind
        if cadence_kind is not None:
            data.last_cadence_contact[customer_id] = cadence_kind
    month_start = today.replace(day=1)
    touches = select(Activity.customer_id, func.count()).where(
        Activity.undone_at.is_(None), Activity.occurred_at >= to_utc(datetime.combine(month_start, time()), tz),
    ).group_by(Activity.customer_id)
    pushes = select(ReminderLog.customer_id, func.count()).where(
        ReminderLog.reason.startswith(CADENCE_REASON_PREFIX), ReminderLog.sent_on >= month_start,
        ReminderLog.sent_on < today,
    ).group_by(ReminderLog.customer_id)
    for stmt, column in ((touches, Activity.customer_id), (pushes, ReminderLog.customer_id)):
        for customer_id, n in conn.execute(scoped(stmt, column)).all():
            data.month_touches[customer_id] = data.month_touches.get(customer_id, 0) + n


def due_by_user(session: Session, now: datetime, today: date, tz: str,
                owner_ids: Iterable[int] | None = None) -> dict[int, list]:
    """Each user's due items in digest order."""
    grouped = by_user(due_items(load_rule_data(session, now, today, tz, owner_ids), today))
    return {user: ordered(items, today) for user, items in grouped.items()}


def due_for_user(session: Session, user: User, now: datetime, today: date, tz: str) -> list:
    """What /待办 shows `user`: their customers' items, and for a manager the team's escalations too."""
    owners = [user.id]
    if user.role == "manager" and user.team_id is not None:
        owners = list(session.scalars(select(User.id).where(User.team_id == user.team_id)))
    return due_by_user(session, now, today, tz, owners).get(user.id, [])
