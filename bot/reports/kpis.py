"""The four KPIs exactly as the business defines them, each with its numerator and denominator.

- 线索: distinct customers with an opportunity created in the period.
- 成交客户: distinct customers with an opportunity won in the period (a StageChange to 合同签订 inside it);
  成交额: the won amounts (contract, else quote, else expected) of those opportunities.
- 二次合作客户: 成交客户 who had already dealt with us before the period: an opportunity won or an order
  成交 before the period started.
- 总销售天数: for each customer's won opportunities, the days from the opportunity's creation to its win, summed.
转化率 = 成交客户 / 线索; 客单价 = 成交额 / 成交客户; 复购率 = 二次合作客户 / 成交客户; 平均销售周期 = 总销售天数 / 成交客户.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.reports.period import Period
from bot.reports.scope import owned_by
from bot.storage.models import Opportunity, Order, StageChange


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


def _won_rows(session: Session, period: Period, owner_ids: list[int] | None) -> list[tuple]:
    """(customer id, amount, created_at, won_at) per opportunity won in the period."""
    O, SC = Opportunity, StageChange
    won_at = func.min(SC.at)
    query = (select(O.customer_id, func.coalesce(O.contract_amount, O.quote_amount, O.expected_amount, 0),
                    O.created_at, won_at)
             .join(SC, SC.opportunity_id == O.id)
             .where(SC.to_stage == "won", SC.at >= period.start_utc, SC.at < period.end_utc)
             .group_by(O.id, O.customer_id, O.contract_amount, O.quote_amount, O.expected_amount, O.created_at))
    return list(session.execute(owned_by(query, O.owner_id, owner_ids)))


def _dealt_before(session: Session, customer_ids: set[int], period: Period) -> set[int]:
    if not customer_ids:
        return set()
    O, SC = Opportunity, StageChange
    won = (select(O.customer_id).join(SC, SC.opportunity_id == O.id)
           .where(O.customer_id.in_(customer_ids), SC.to_stage == "won", SC.at < period.start_utc))
    ordered = select(Order.customer_id).where(Order.customer_id.in_(customer_ids), Order.status == "已成交",
                                              Order.ordered_on < period.start)
    return set(session.scalars(won.union(ordered)))


def kpis(session: Session, period: Period, owner_ids: list[int] | None) -> Kpis:
    leads_query = select(func.count(func.distinct(Opportunity.customer_id))).where(
        Opportunity.created_at >= period.start_utc, Opportunity.created_at < period.end_utc)
    leads = session.scalar(owned_by(leads_query, Opportunity.owner_id, owner_ids)) or 0
    won = _won_rows(session, period, owner_ids)
    customers = {row[0] for row in won}
    days = sum(max(0, (won_at - created).days) for _, _, created, won_at in won)
    return Kpis(leads=int(leads), won_customers=len(customers), won_amount=sum((Decimal(r[1]) for r in won), Decimal(0)),
                repeat_customers=len(_dealt_before(session, customers, period)), sales_days=days)
