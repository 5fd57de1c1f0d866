"""When a customer first did business with us: the one rule behind 老客户 / 新客户 (/分析, per order) and
二次合作客户 (the KPIs behind /业绩 and 复购率, per period).

A customer's first day is the earliest of: its first 已成交 order's order day, the local day its first deal was won,
and its 合作起始 (cooperating since, from an import). It is 老 for anything on a later day, 新 on that day and before —
so a new customer's first win counts as 新, and two orders on its first day both do.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, union_all
from sqlalchemy.orm import Session

from bot.clock import local
from bot.sales.vocabulary import OrderStatus, Stage
from bot.storage.models import Customer, Opportunity, Order, StageChange


def first_dealings(session: Session, customer_ids: set[int], tz: str, before: date | None = None) -> dict[int, date]:
    """Each customer's first day of business with us (those of `customer_ids` that have one before `before`)."""
    if not customer_ids:
        return {}
    ids = sorted(customer_ids)
    first: dict[int, date] = {}

    def keep(customer_id: int, day: date | None) -> None:
        if day is not None and (before is None or day < before) and (customer_id not in first or day < first[customer_id]):
            first[customer_id] = day

    # an order's day and 合作起始 are both local days: one query for the two
    days = union_all(
        select(Order.customer_id, func.min(Order.ordered_on))
        .where(Order.customer_id.in_(ids), Order.status == OrderStatus.WON.value).group_by(Order.customer_id),
        select(Customer.id, Customer.cooperating_since)
        .where(Customer.id.in_(ids), Customer.cooperating_since.is_not(None)))
    wins = (select(Opportunity.customer_id, func.min(StageChange.at))
            .join(StageChange, StageChange.opportunity_id == Opportunity.id)
            .where(Opportunity.customer_id.in_(ids), StageChange.to_stage == Stage.WON.value)
            .group_by(Opportunity.customer_id))
    for customer_id, day in session.execute(days):
        keep(customer_id, day)
    for customer_id, at in session.execute(wins):
        keep(customer_id, local(at, tz).date())
    return first


def is_old(first: dict[int, date], customer_id: int, day: date) -> bool:
    """老 on `day`: the customer had done business with us on an earlier day."""
    return customer_id in first and first[customer_id] < day
