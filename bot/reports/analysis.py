"""Multi-dimension analysis from the seed templates, each a set-based query over a period and some owners.

Orders count when ordered in the period and not 已取消; opportunities by creation in the period (sources), by a
loss or a win inside the period (lost reasons, budget vs amount); requirements by creation in the period.
Definitions (docs/analysis.md):
- 新/老客户 is the customer's status on the order's day: 老 when it had done business with us on an earlier day
  (bot/reports/dealt_before.py, the rule the KPIs' 二次合作客户 use too), else 新 — a new customer's first order is 新.
- 紧急订单未满足率 (seed 000) = urgent orders (紧急补货) rated 未满足 / urgent orders rated at all; above 30 % it warns.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bot.reports.dealt_before import first_dealings, is_old
from bot.reports.period import Period
from bot.reports.scope import owned_by
from bot.storage.models import Customer, Opportunity, Order, Requirement, StageChange, User
from bot.sales.vocabulary import VALUE_BAND_UPPER, CustomerKind, DemandType, OrderStatus, Source

URGENT = DemandType.URGENT.value
CUSTOM = DemandType.CUSTOM.value
SATISFACTION = ("完全满足", "部分满足", "未满足")
UNMET = "未满足"
URGENT_UNMET_LIMIT = 0.30  # seed 000: 紧急订单未满足率高达30%，需排查产能或流程问题
UNFILLED = "未填"
UNRATED = "未评价"


@dataclass(frozen=True)
class Group:
    label: str
    count: int
    amount: Decimal
    share: float | None = None  # a share inside the group (定制化 orders, won opportunities, the amount)
    note: str = ""


@dataclass(frozen=True)
class UrgentUnmet:
    unmet: int
    rated: int
    unrated: int

    @property
    def rate(self) -> float | None:
        return self.unmet / self.rated if self.rated else None

    @property
    def alarming(self) -> bool:
        return self.rate is not None and self.rate > URGENT_UNMET_LIMIT


def _orders(period: Period, owner_ids, *columns):
    query = select(*columns).select_from(Order).join(Customer, Customer.id == Order.customer_id).where(
        Order.ordered_on >= period.start, Order.ordered_on < period.end, Order.status != OrderStatus.CANCELLED.value)
    return owned_by(query, Order.owner_id, owner_ids)


def new_vs_old(s: Session, period: Period, owner_ids) -> list[Group]:
    """Orders of new and old customers (as they were on each order's day), with the share of 定制化 orders."""
    orders = s.execute(_orders(period, owner_ids, Order.customer_id, Order.ordered_on, Order.amount,
                               Order.demand_type == CUSTOM)).all()
    first = first_dealings(s, {row[0] for row in orders}, period.tz, before=period.end)
    rows: dict[bool, list] = defaultdict(list)
    for customer_id, day, amount, custom in orders:
        rows[is_old(first, customer_id, day)].append((amount, custom))
    kinds = ((False, CustomerKind.NEW), (True, CustomerKind.OLD))
    return [Group(kind.label, len(rows[old]), sum((Decimal(a or 0) for a, _ in rows[old]), Decimal(0)),
                  sum(1 for _, custom in rows[old] if custom) / len(rows[old]))
            for old, kind in kinds if rows[old]]


def _with_shares(rows, order_key=None) -> list[Group]:
    """(label, count, amount) rows as Groups whose share is their part of the total amount, largest first."""
    rows = [(label, n, Decimal(amount or 0)) for label, n, amount in rows]
    total = sum((amount for _, _, amount in rows), Decimal(0))
    groups = [Group(label, n, amount, float(amount / total) if total else None) for label, n, amount in rows]
    return sorted(groups, key=order_key or (lambda g: (-g.amount, -g.count, g.label)))


def _by_column(s: Session, period: Period, owner_ids, column) -> list[Group]:
    rows = s.execute(_orders(period, owner_ids, column, func.count(), func.sum(Order.amount)).group_by(column))
    return _with_shares((value or UNFILLED, n, amount) for value, n, amount in rows)


def regions(s: Session, period: Period, owner_ids) -> list[Group]:
    """Orders per customer region (地区); share = the region's part of the amount."""
    return _by_column(s, period, owner_ids, Customer.region)


def products(s: Session, period: Period, owner_ids) -> list[Group]:
    """Orders per product; share = the product's part of the amount."""
    return _by_column(s, period, owner_ids, Order.product)


def amount_bands(s: Session, period: Period, owner_ids) -> list[Group]:
    """Orders per amount band (ValueBand, by each order's amount), smallest band first."""
    bands = list(VALUE_BAND_UPPER)
    index = case(*[(Order.amount < upper, i) for i, upper in enumerate(VALUE_BAND_UPPER.values()) if upper is not None],
                 else_=len(bands) - 1).label("band")
    sub = _orders(period, owner_ids, index, Order.amount).subquery()
    rows = s.execute(select(sub.c.band, func.count(), func.sum(sub.c.amount)).group_by(sub.c.band))
    labels = [band.label for band in bands]
    return _with_shares(((labels[i], n, amount) for i, n, amount in rows), lambda g: labels.index(g.label))


def industries(s: Session, period: Period, owner_ids) -> list[Group]:
    """Orders per industry, with the industry's most frequent demand type and product."""
    rows = s.execute(_orders(period, owner_ids, Customer.industry, Order.demand_type, Order.product, Order.amount))
    totals: dict[str, list] = defaultdict(lambda: [0, Decimal(0), Counter(), Counter()])
    for industry, demand, product, amount in rows:
        t = totals[industry or UNFILLED]
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
    return [Group(label or UNRATED, rows.get(label, 0), Decimal(0), rows.get(label, 0) / total if total else None)
            for label in labels if label is not None or rows.get(None)]


def urgent_unmet(s: Session, period: Period, owner_ids) -> UrgentUnmet:
    """紧急订单未满足率: urgent orders rated 未满足 over those rated; unrated ones are counted apart, not as met."""
    counts = {g.label: g.count for g in urgent_fulfilment(s, period, owner_ids)}
    rated = sum(counts.get(label, 0) for label in SATISFACTION)
    return UrgentUnmet(counts.get(UNMET, 0), rated, counts.get(UNRATED, 0))


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
