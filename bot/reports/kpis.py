"""The four KPIs exactly as the business defines them, each with its numerator and denominator.

- 线索: distinct customers with an opportunity created in the period.
- 成交客户: distinct customers with an opportunity won in the period (a StageChange to 合同签订 inside it);
  成交额: the won amounts (contract, else quote, else expected) of those opportunities.
- 二次合作客户: 成交客户 who had already dealt with us before the period: an opportunity won or an order
  成交 before the period started.
- 总销售天数: for each customer's won opportunities, the days from the opportunity's creation to its win, summed.
转化率 = 成交客户 / 线索; 客单价 = 成交额 / 成交客户; 复购率 = 二次合作客户 / 成交客户; 平均销售周期 = 总销售天数 / 成交客户.
For targets also: 成交单数 = opportunities won in the period; 新客户数 = 成交客户 − 二次合作客户 (first-time buyers);
拜访次数 = visits reported in the period (not undone), counted for the rep who reported them.
A team's figures count each customer once, even when two of its reps won or worked it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.reports.period import Period
from bot.reports.scope import owned_by
from bot.sales.vocabulary import ActivityType, Kpi
from bot.storage.models import Activity, Opportunity, Order, StageChange


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


def _won_rows(session: Session, period: Period, owner_ids: list[int] | None) -> list[tuple]:
    """(owner id, customer id, amount, created_at, won_at) per opportunity won in the period."""
    O, SC = Opportunity, StageChange
    won_at = func.min(SC.at)
    query = (select(O.owner_id, O.customer_id, func.coalesce(O.contract_amount, O.quote_amount, O.expected_amount, 0),
                    O.created_at, won_at)
             .join(SC, SC.opportunity_id == O.id)
             .where(SC.to_stage == "won", SC.at >= period.start_utc, SC.at < period.end_utc)
             .group_by(O.id, O.owner_id, O.customer_id, O.contract_amount, O.quote_amount, O.expected_amount,
                       O.created_at))
    return list(session.execute(owned_by(query, O.owner_id, owner_ids)))


def _lead_pairs(session: Session, period: Period, owner_ids: list[int] | None) -> set[tuple[int, int]]:
    """(owner id, customer id) of the opportunities created in the period."""
    O = Opportunity
    query = select(O.owner_id, O.customer_id).distinct().where(O.created_at >= period.start_utc,
                                                               O.created_at < period.end_utc)
    return set(session.execute(owned_by(query, O.owner_id, owner_ids)).tuples())


def _visits(session: Session, period: Period, owner_ids: list[int] | None) -> dict[int, int]:
    A = Activity
    query = (select(A.user_id, func.count()).where(A.type == ActivityType.VISIT.value, A.undone_at.is_(None),
                                                   A.occurred_at >= period.start_utc, A.occurred_at < period.end_utc)
             .group_by(A.user_id))
    return dict(session.execute(owned_by(query, A.user_id, owner_ids)).tuples().all())


def _dealt_before(session: Session, customer_ids: set[int], period: Period) -> set[int]:
    if not customer_ids:
        return set()
    O, SC = Opportunity, StageChange
    won = (select(O.customer_id).join(SC, SC.opportunity_id == O.id)
           .where(O.customer_id.in_(customer_ids), SC.to_stage == "won", SC.at < period.start_utc))
    ordered = select(Order.customer_id).where(Order.customer_id.in_(customer_ids), Order.status == "已成交",
                                              Order.ordered_on < period.start)
    return set(session.scalars(won.union(ordered)))


def _kpis(won: list[tuple], leads: set[int], dealt_before: set[int], visits: int) -> Kpis:
    customers = {row[1] for row in won}
    return Kpis(leads=len(leads), won_customers=len(customers),
                won_amount=sum((Decimal(row[2]) for row in won), Decimal(0)),
                repeat_customers=len(customers & dealt_before),
                sales_days=sum(max(0, (won_at - created).days) for *_, created, won_at in won),
                won_deals=len(won), visits=visits)


def kpi_table(session: Session, period: Period, owner_ids: list[int] | None) -> KpiTable:
    """The KPIs of `owner_ids` (None: everyone) together and per owner, in four queries whatever the team's size."""
    won, pairs = _won_rows(session, period, owner_ids), _lead_pairs(session, period, owner_ids)
    dealt, visits = _dealt_before(session, {row[1] for row in won}, period), _visits(session, period, owner_ids)
    won_by, leads_by = defaultdict(list), defaultdict(set)
    for row in won:
        won_by[row[0]].append(row)
    for owner, customer in pairs:
        leads_by[owner].add(customer)
    total = _kpis(won, {customer for _, customer in pairs}, dealt, sum(visits.values()))
    by_owner = {owner: _kpis(won_by[owner], leads_by[owner], dealt, visits.get(owner, 0))
                for owner in sorted(set(won_by) | set(leads_by) | set(visits))}
    return KpiTable(total, by_owner)


def kpis(session: Session, period: Period, owner_ids: list[int] | None) -> Kpis:
    return kpi_table(session, period, owner_ids).total
