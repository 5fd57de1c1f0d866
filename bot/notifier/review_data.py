"""Reads ReviewData with nine set-based queries, whatever the number of customers, and writes the tier changes
the review decided (bulk, by primary key)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import Connection, bindparam, case, func, insert, or_, select, update
from sqlalchemy.orm import Session

from bot.clock import to_utc
from bot.notifier.review import IntentOrder, Purchases, Recomputed, ReviewCustomer, ReviewData, ReviewUser
from bot.reports.tiers import counted_purchase, window_start
from bot.sales.vocabulary import CLOSED_STAGES, DemandType, Importance, OrderStatus, RequirementStatus
from bot.storage.models import Activity, Customer, Opportunity, Order, Requirement, Team, TierChange, User


def load_review_data(session: Session, today: date, now: datetime, tz: str, lost_days: int,
                     intent_days: int) -> ReviewData:
    conn = session.connection()  # Core rows: no ORM loading layer over a hundred thousand rows
    data = ReviewData(today=today, now=now, tz=tz)
    data.users = {r.id: ReviewUser(*r) for r in conn.execute(
        select(User.id, User.name, User.role, User.team_id, User.muted, User.active))}
    data.teams = dict(conn.execute(select(Team.id, Team.name)).all())
    # a customer in the pool (公海) has no owner to review it; whoever claims it starts from its card
    data.customers = {r.id: ReviewCustomer(*r) for r in conn.execute(
        select(Customer.id, Customer.name, Customer.tier, Customer.tier_manual, Customer.owner_id,
               Customer.cooperating_since, Customer.annual_purchase).where(Customer.owner_id.is_not(None)))}
    in_window = func.coalesce(func.sum(case((counted_purchase(today), Order.amount), else_=0)), 0)
    data.purchases = {cid: Purchases(total, first) for cid, total, first in conn.execute(
        select(Order.customer_id, in_window, func.min(Order.ordered_on))
        .where(Order.status == OrderStatus.WON.value).group_by(Order.customer_id))}
    window = to_utc(datetime.combine(window_start(today) + timedelta(days=1), time()), tz)
    data.contacts_in_window = dict(conn.execute(
        select(Activity.customer_id, func.count()).where(Activity.undone_at.is_(None), Activity.occurred_at >= window)
        .group_by(Activity.customer_id)).all())
    data.silent = _silent(conn, now - timedelta(days=lost_days))
    data.budgets = dict(conn.execute(
        select(Opportunity.customer_id, func.max(Opportunity.expected_amount))
        .where(Opportunity.stage.not_in(CLOSED_STAGES), Opportunity.expected_amount > 0)
        .group_by(Opportunity.customer_id)).all())
    # tags are a JSON list: read and tested here, the same on SQLite and PostgreSQL
    for cid, importance, tags in conn.execute(
            select(Requirement.customer_id, Requirement.importance, Requirement.tags)
            .where(Requirement.status != RequirementStatus.RESOLVED.value)):
        if importance == Importance.HIGH.value or DemandType.URGENT.value in (tags or []):
            data.urgent_needs.add(cid)
    data.intents = [IntentOrder(*r) for r in conn.execute(
        select(Order.code, Order.customer_id, Order.amount, Order.ordered_on)
        .where(Order.status == OrderStatus.PENDING.value, Order.ordered_on <= today - timedelta(days=intent_days)))]
    return data


def _silent(conn: Connection, since: datetime) -> dict[int, datetime | None]:
    """Customers not contacted since `since`, with their last contact (None: never, and created before `since`).
    The last contact is the later of the last activity not undone and the stored 最近联系 (an import sets it with no
    activity behind it). Filtered in the database: only the silent few come back."""
    last = (select(Activity.customer_id, func.max(Activity.occurred_at).label("at"))
            .where(Activity.undone_at.is_(None)).group_by(Activity.customer_id).subquery())
    rows = conn.execute(
        select(Customer.id, last.c.at, Customer.last_contact_at).outerjoin(last, last.c.customer_id == Customer.id)
        .where(or_(last.c.at.is_(None), last.c.at < since),
               or_(Customer.last_contact_at.is_(None), Customer.last_contact_at < since),
               or_(last.c.at.is_not(None), Customer.last_contact_at.is_not(None), Customer.created_at < since)))
    return {cid: max((t for t in (activity, stored) if t is not None), default=None) for cid, activity, stored in rows}


def save_tier_changes(session: Session, recomputed: Recomputed, today: date) -> None:
    """The new annual purchases and tiers on the customers (one executemany each), and one tier_changes row per
    move."""
    conn = session.connection()
    for column, values in (("annual_purchase", recomputed.purchases),
                           ("tier", {m.customer_id: m.new for m in recomputed.moves})):
        if values:
            conn.execute(update(Customer).where(Customer.id == bindparam("cid")).values({column: bindparam("value")}),
                         [{"cid": cid, "value": value} for cid, value in values.items()])
    if recomputed.moves:
        conn.execute(insert(TierChange), [
            {"customer_id": m.customer_id, "from_tier": m.old, "to_tier": m.new, "annual_purchase": m.annual_purchase,
             "contacts": m.contacts, "changed_on": today} for m in recomputed.moves])
