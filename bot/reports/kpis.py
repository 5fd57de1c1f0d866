"""The KPIs exactly as the business defines them, each with its numerator and denominator.

- 线索: distinct customers with an opportunity created in the period.
- 成交客户: distinct customers with an opportunity won in the period (a StageChange to 合同签订 inside it);
  成交额: the won amounts (contract, else quote, else expected) of those opportunities.
- 二次合作客户: 成交客户 who had already done business with us before the period started (an 已成交 order, a won
  deal or a 合作起始 before it: the rule of bot/reports/dealt_before.py, the same one /分析 uses for 老客户).
- 总销售天数: for each customer's won opportunities, the days from the opportunity's creation to its win, summed.
转化率 = 成交客户 / 线索; 客单价 = 成交额 / 成交客户; 复购率 = 二次合作客户 / 成交客户; 平均销售周期 = 总销售天数 / 成交客户.
For targets also: 成交单数 = opportunities won in the period; 新客户数 = 成交客户 − 二次合作客户 (first-time buyers);
拜访次数 = visits reported in the period (not undone), counted for the rep who reported them.
A team's figures count each customer once, even when two of its reps won or worked it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from bot.reports.dealt_before import first_dealings
from bot.reports.period import Period
from bot.reports.scope import owned_by
from bot.sales.vocabulary import ActivityType, Kpi
from bot.storage.models import Activity, Opportunity, StageChange


@dataclass(frozen=True)
class Ratio:
    numerator: Decimal | int | float
    denominator: int

    @property
    def value(self) -> float | None:
        return float(self.numerator) / self.denominator if self.denominator else None


@dataclass(frozen=True)
class Kpis:
    leads: int
    won_customers: int
    won_amount: Decimal
    repeat_customers: int
    sales_days: int
    won_deals: int = 0
    visits: int = 0

    @property
    def new_customers(self) -> int:
        return self.won_customers - self.repeat_customers

    @property
    def conversion(self) -> Ratio:
        return Ratio(self.won_customers, self.leads)

    @property
    def average_deal(self) -> Ratio:
        return Ratio(self.won_amount, self.won_customers)

    @property
    def repurchase(self) -> Ratio:
        return Ratio(self.repeat_customers, self.won_customers)

    @property
    def sales_cycle(self) -> Ratio:
        return Ratio(self.sales_days, self.won_customers)


    def value(self, kpi: Kpi) -> Decimal | float | int | None:
        """The figure a target on `kpi` is compared with; None for a rate without a denominator."""
        return {Kpi.WON_AMOUNT: self.won_amount, Kpi.WON_DEALS: self.won_deals, Kpi.NEW_CUSTOMERS: self.new_customers,
                Kpi.LEADS: self.leads, Kpi.CONVERSION: self.conversion.value, Kpi.REPURCHASE: self.repurchase.value,
                Kpi.AVERAGE_DEAL: self.average_deal.value, Kpi.VISITS: self.visits}[kpi]


@dataclass(frozen=True)
class KpiTable:
    total: Kpis
    by_owner: dict[int, Kpis]  # every owner with a lead, a win or a visit in the period


def _bucket(periods: list[Period], column):
    """Which of `periods` a time falls in (its index), -1 for none."""
    return case(*((and_(column >= p.start_utc, column < p.end_utc), i) for i, p in enumerate(periods)), else_=-1)


def _span(periods: list[Period]):
    return min(p.start_utc for p in periods), max(p.end_utc for p in periods)


def _won_rows(session: Session, periods: list[Period], owner_ids: list[int] | None) -> list[list[tuple]]:
    """Per period, (owner id, customer id, amount, created_at, won_at) per opportunity won in it (its first win there)."""
    O, SC = Opportunity, StageChange
    since, until = _span(periods)
    k = _bucket(periods, SC.at)
    query = (select(k, O.id, O.owner_id, O.customer_id,
                    func.coalesce(O.contract_amount, O.quote_amount, O.expected_amount, 0), O.created_at, SC.at)
             .join(SC, SC.opportunity_id == O.id).where(SC.to_stage == "won", SC.at >= since, SC.at < until))
    first: dict[tuple[int, int], tuple] = {}
    for bucket, opportunity, *row in session.execute(owned_by(query, O.owner_id, owner_ids)):
        if bucket >= 0 and ((bucket, opportunity) not in first or row[-1] < first[bucket, opportunity][-1]):
            first[bucket, opportunity] = tuple(row)
    won: list[list[tuple]] = [[] for _ in periods]
    for (bucket, _), row in sorted(first.items()):
        won[bucket].append(row)
    return won


def _lead_pairs(session: Session, periods: list[Period], owner_ids: list[int] | None) -> list[set[tuple[int, int]]]:
    """Per period, (owner id, customer id) of the opportunities created in it."""
    O = Opportunity
    since, until = _span(periods)
    query = select(_bucket(periods, O.created_at), O.owner_id, O.customer_id).distinct().where(
        O.created_at >= since, O.created_at < until)
    pairs: list[set[tuple[int, int]]] = [set() for _ in periods]
    for bucket, owner, customer in session.execute(owned_by(query, O.owner_id, owner_ids)):
        if bucket >= 0:
            pairs[bucket].add((owner, customer))
    return pairs


def _visits(session: Session, periods: list[Period], owner_ids: list[int] | None) -> list[dict[int, int]]:
    """Per period, visits reported in it by each rep."""
    A = Activity
    since, until = _span(periods)
    k = _bucket(periods, A.occurred_at)
    query = (select(k, A.user_id, func.count()).where(A.type == ActivityType.VISIT.value, A.undone_at.is_(None),
                                                      A.occurred_at >= since, A.occurred_at < until)
             .group_by(k, A.user_id))
    visits: list[dict[int, int]] = [{} for _ in periods]
    for bucket, user, count in session.execute(owned_by(query, A.user_id, owner_ids)):
        if bucket >= 0:
            visits[bucket][user] = count
    return visits


def _kpis(won: list[tuple], leads: set[int], dealt_before: set[int], visits: int) -> Kpis:
    customers = {row[1] for row in won}
    return Kpis(leads=len(leads), won_customers=len(customers),
                won_amount=sum((Decimal(row[2]) for row in won), Decimal(0)),
                repeat_customers=len(customers & dealt_before),
                sales_days=sum(max(0, (won_at - created).days) for *_, created, won_at in won),
                won_deals=len(won), visits=visits)


def _table(period: Period, won: list[tuple], pairs: set[tuple[int, int]], first: dict[int, date],
           visits: dict[int, int]) -> KpiTable:
    dealt = {c for c, day in first.items() if day < period.start}
    won_by, leads_by = defaultdict(list), defaultdict(set)
    for row in won:
        won_by[row[0]].append(row)
    for owner, customer in pairs:
        leads_by[owner].add(customer)
    total = _kpis(won, {customer for _, customer in pairs}, dealt, sum(visits.values()))
    by_owner = {owner: _kpis(won_by[owner], leads_by[owner], dealt, visits.get(owner, 0))
                for owner in sorted(set(won_by) | set(leads_by) | set(visits))}
    return KpiTable(total, by_owner)


def kpi_tables(session: Session, periods: list[Period], owner_ids: list[int] | None) -> list[KpiTable]:
    """The KPIs of several periods that do not overlap (say this month and the last) for `owner_ids` (None:
    everyone), together and per owner, in five queries whatever the number of periods or the team's size."""
    ordered = sorted(periods, key=lambda p: p.start)
    if any(a.end > b.start for a, b in zip(ordered, ordered[1:])):
        raise ValueError("kpi_tables: each row is counted in one period, so the periods must not overlap")
    won, pairs = _won_rows(session, periods, owner_ids), _lead_pairs(session, periods, owner_ids)
    first = first_dealings(session, {row[1] for rows in won for row in rows}, periods[0].tz,
                           before=max(p.start for p in periods))
    visits = _visits(session, periods, owner_ids)
    return [_table(p, w, l, first, v) for p, w, l, v in zip(periods, won, pairs, visits)]


def kpi_table(session: Session, period: Period, owner_ids: list[int] | None) -> KpiTable:
    return kpi_tables(session, [period], owner_ids)[0]


def kpis(session: Session, period: Period, owner_ids: list[int] | None) -> Kpis:
    return kpi_table(session, period, owner_ids).total
