"""Month-by-month figures for a run of months: orders by their order date (/趋势) and needs raised per demand
category (/分析 需求 趋势).

An order counts in the month of its order date (ordered_on, a local day) unless it is 已取消, as in /分析; its
status says whether it is already 已成交. A requirement counts in the local month it was raised, once under each of
its need tags (价格 and 竞品 describe a deal, not a need, and are left out).
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import case, extract, func, select
from sqlalchemy.orm import Session

from bot.reports.period import Period
from bot.reports.scope import owned_by
from bot.storage.models import Order, Requirement
from bot.sales.vocabulary import NEED_TAGS, OrderStatus


@dataclass(frozen=True)
class MonthOrders:
    month: Period
    count: int
    amount: Decimal
    won: int  # of `count`, those 已成交


def orders_by_month(s: Session, months: list[Period], owner_ids) -> list[MonthOrders]:
    """One row per month of `months` (consecutive, oldest first), in one grouped query."""
    year, month_ = extract("year", Order.ordered_on), extract("month", Order.ordered_on)
    won = func.sum(case((Order.status == OrderStatus.WON.value, 1), else_=0))
    query = (select(year, month_, func.count(), func.sum(Order.amount), won)
             .where(Order.ordered_on >= months[0].start, Order.ordered_on < months[-1].end,
                    Order.status != OrderStatus.CANCELLED.value)
             .group_by(year, month_))
    found = {(int(y), int(m)): (n, Decimal(amount or 0), int(w or 0))
             for y, m, n, amount, w in s.execute(owned_by(query, Order.owner_id, owner_ids))}
    return [MonthOrders(p, *found.get((p.start.year, p.start.month), (0, Decimal(0), 0))) for p in months]


def needs_by_month(s: Session, months: list[Period], owner_ids) -> dict[str, list[int]]:
    """Need tag -> requirements raised in each of `months`; tags never raised in them are left out."""
    R = Requirement
    query = owned_by(select(R.tags, R.created_at).where(R.created_at >= months[0].start_utc,
                                                        R.created_at < months[-1].end_utc), R.user_id, owner_ids)
    starts = [p.start_utc for p in months]
    counts: dict[str, list[int]] = {}
    for tags, created in s.execute(query):
        index = bisect_right(starts, created) - 1
        for tag in dict.fromkeys(tags or []):
            if tag in NEED_TAGS:
                counts.setdefault(tag, [0] * len(months))[index] += 1
    return {tag: counts[tag] for tag in NEED_TAGS if tag in counts}

