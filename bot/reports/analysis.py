"""Multi-dimension analysis from the seed templates, each a set-based query over a period and some owners.

Orders count when ordered in the period and not 已取消; opportunities by creation in the period (sources), by a
loss or a win inside the period (lost reasons, budget vs amount); requirements by creation in the period.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bot.reports.period import Period
from bot.reports.scope import owned_by
from bot.storage.models import Customer, Opportunity, Order, Requirement, StageChange, User
from bot.sales.vocabulary import Source

URGENT = "紧急补货"
CUSTOM = "定制化"
SATISFACTION = ("完全满足", "部分满足", "未满足")


@dataclass(frozen=True)
class Group:
    label: str
    count: int
    amount: Decimal
    share: float | None = None  # a share inside the group (定制化 orders, won opportunities)
    note: str = ""


def _orders(period: Period, owner_ids, *columns):
    query = select(*columns).select_from(Order).join(Customer, Customer.id == Order.customer_id).where(
        Order.ordered_on >= period.start, Order.ordered_on < period.end, Order.status != "已取消")
    return owned_by(query, Order.owner_id, owner_ids)


def new_vs_old(s: Session, period: Period, owner_ids) -> list[Group]:
    """Orders of new and old customers, with the share of 定制化 orders."""
    custom = func.sum(case((Order.demand_type == CUSTOM, 1), else_=0))
    rows = s.execute(_orders(period, owner_ids, Customer.kind, func.count(), func.sum(Order.amount), custom)
                     .group_by(Customer.kind).order_by(Customer.kind))
    return [Group(kind, n, Decimal(amount or 0), (custom_n or 0) / n if n else None) for kind, n, amount, custom_n in rows]


def industries(s: Session, period: Period, owner_ids) -> list[Group]:
    """Orders per industry, with the industry's most frequent demand type and product."""
    rows = s.execute(_orders(period, owner_ids, Customer.industry, Order.demand_type, Order.product, Order.amount))
    totals: dict[str, list] = defaultdict(lambda: [0, Decimal(0), Counter(), Counter()])
    for industry, demand, product, amount in rows:
        t = totals[industry or "未填"]
        t[0] += 1
        t[1] += Decimal(amount or 0)
        t[2][demand] += 1
        t[3][product or "-"] += 1
    ranked = sorted(totals.items(), key=lambda kv: -kv[1][1])
    return [Group(name, n, amount, None, f"{demands.most_common(1)[0][0]}·{products.most_common(1)[0][0]}")
            for name, (n, amount, demands, products) in ranked]


def urgent_fulfilment(s: Session, period: Period, owner_ids) -> list[Group]:
    rows = dict(s.execute(_orders(period, owner_ids, Order.satisfaction, func.count())
                          .where(Order.demand_type == URGENT).group_by(Order.satisfaction)).all())
    total = sum(rows.values())
    labels = [*SATISFACTION, None]
    return [Group(label or "未评价", rows.get(label, 0), Decimal(0), rows.get(label, 0) / total if total else None)
            for label in labels if label is not None or rows.get(None)]


def sources(s: Session, period: Period, owner_ids) -> list[Group]:
    """Opportunities created in the period per lead source; share = how many are won by now."""
    O = Opportunity
    won = func.sum(case((O.stage == "won", 1), else_=0))
    source = func.coalesce(O.source, "其他")
    query = owned_by(select(source, func.count(), func.sum(O.expected_amount), won)
                   .where(O.created_at >= period.start_utc, O.created_at < period.end_utc)
                   .group_by(source), O.owner_id, owner_ids)
    rows = {src: (n, amount, w) for src, n, amount, w in s.execute(query)}
    order = [*Source.labels(), *sorted(set(rows) - set(Source.labels()))]
    return [Group(src, rows[src][0], Decimal(rows[src][1] or 0), (rows[src][2] or 0) / rows[src][0])
            for src in order if src in rows]


def _closed_in(period: Period, to_stage: str, owner_ids, *columns):
    O, SC = Opportunity, StageChange
    query = (select(*columns).select_from(O).join(SC, SC.opportunity_id == O.id)
             .where(SC.to_stage == to_stage, SC.at >= period.start_utc, SC.at < period.end_utc))
    return owned_by(query, O.owner_id, owner_ids)


def lost_reasons(s: Session, period: Period, owner_ids) -> list[Group]:
    reason = func.coalesce(Opportunity.lost_reason, "未填")
    rows = s.execute(_closed_in(period, "lost", owner_ids, reason, func.count(func.distinct(Opportunity.id)),
                                func.sum(Opportunity.expected_amount)).group_by(reason))
    return sorted((Group(r, n, Decimal(a or 0)) for r, n, a in rows), key=lambda g: (-g.count, g.label))


def budget_vs_amount(s: Session, period: Period, owner_ids) -> Group:
    """Opportunities won in the period: expected amount (the budget) against the contract amount; share = ratio."""
    sub = _closed_in(period, "won", owner_ids, Opportunity.id, Opportunity.expected_amount,
                     func.coalesce(Opportunity.contract_amount, Opportunity.quote_amount,
                                   Opportunity.expected_amount).label("deal")).distinct().subquery()
    n, budget, deal = s.execute(select(func.count(), func.sum(sub.c.expected_amount), func.sum(sub.c.deal))).one()
    budget = Decimal(budget or 0)
    return Group("预算/成交", n, Decimal(deal or 0), float(Decimal(deal or 0) / budget) if budget else None,
                 str(budget))


def custom_response_hours(s: Session, period: Period, owner_ids) -> list[Group]:
    """Per rep, requirements tagged 定制化 raised in the period: count, mean hours to respond; note = unanswered."""
    R = Requirement
    query = owned_by(select(User.name, R.tags, R.created_at, R.responded_at).join(User, User.id == R.user_id)
                   .where(R.created_at >= period.start_utc, R.created_at < period.end_utc), R.user_id, owner_ids)
    hours: dict[str, list[float]] = defaultdict(list)
    waiting: Counter = Counter()
    for name, tags, created, responded in s.execute(query):
        if CUSTOM not in (tags or []):
            continue
        if responded is None:
            waiting[name] += 1
        else:
            hours[name].append((responded - created).total_seconds() / 3600)
    names = sorted(set(hours) | set(waiting))
    return [Group(n, len(hours[n]) + waiting[n], Decimal(0),
                  sum(hours[n]) / len(hours[n]) if hours[n] else None, str(waiting[n])) for n in names]
