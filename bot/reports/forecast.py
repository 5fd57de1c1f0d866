"""The weighted pipeline of a period: open deals expected to close in it, each weighted by its probability.

Which deals count: open ones (初步接洽 … 商务谈判) of the scope's owners whose expected close falls in the period;
open deals with no expected close are only counted (未填预计成交), so the rep sees what the forecast leaves out.
A deal's amount is its contract amount, else its quote, else its budget; its probability is the one the rep said,
else the one its stage implies (bot/sales/vocabulary.py STAGE_PROBABILITY).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bot.reports.period import Period
from bot.reports.scope import owned_by
from bot.sales.vocabulary import OPEN_STAGES, STAGE_PROBABILITY, Probability
from bot.storage.models import Customer, Opportunity

# Seed 002 defines 高 > 70 %, 中 30–70 %, 低 < 30 %; each label weighs about the middle of its range.
WEIGHTS = {Probability.HIGH: Decimal("0.8"), Probability.MEDIUM: Decimal("0.5"), Probability.LOW: Decimal("0.15")}
TOP = 5


@dataclass(frozen=True)
class ForecastDeal:
    customer: str
    code: str
    amount: Decimal
    probability: str
    expected_close: date


@dataclass
class Forecast:
    period: Period
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(WEIGHTS, 0))
    amounts: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(WEIGHTS, Decimal(0)))
    undated: int = 0
    top: list[ForecastDeal] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(self.counts.values())

    @property
    def unweighted(self) -> Decimal:
        return sum(self.amounts.values(), Decimal(0))

    @property
    def weighted(self) -> Decimal:
        return sum((self.amounts[label] * weight for label, weight in WEIGHTS.items()), Decimal(0))


def _columns():
    O = Opportunity
    implied = case(*((O.stage == stage.value, p.value) for stage, p in STAGE_PROBABILITY.items()),
                   else_=Probability.LOW.value)
    label = case((O.probability.in_([p.value for p in WEIGHTS]), O.probability), else_=implied)
    amount = func.coalesce(O.contract_amount, O.quote_amount, O.expected_amount, 0)
    return label, amount


def forecast(session: Session, period: Period, owner_ids: list[int] | None) -> Forecast:
    """The period's forecast for deals owned by `owner_ids` (None: everyone): one aggregate, then the top deals."""
    O = Opportunity
    label, amount = _columns()
    dated = O.expected_close.is_not(None)
    in_period = dated & (O.expected_close >= period.start) & (O.expected_close < period.end)
    open_deals = O.stage.in_(OPEN_STAGES)
    rows = session.execute(owned_by(
        select(dated.label("dated"), label.label("p"), func.count(), func.sum(amount))
        .where(open_deals, in_period | O.expected_close.is_(None)), O.owner_id, owner_ids)
        .group_by(dated, label))
    result = Forecast(period)
    for has_date, p, count, total in rows:
        if not has_date:
            result.undated += count
            continue
        result.counts[Probability(p)] += count
        result.amounts[Probability(p)] += Decimal(total or 0)
    weight = case(*((label == p.value, w) for p, w in WEIGHTS.items()), else_=0)
    top = session.execute(owned_by(
        select(Customer.name, O.code, amount, label, O.expected_close).join(Customer, Customer.id == O.customer_id)
        .where(open_deals, in_period), O.owner_id, owner_ids)
        .order_by((amount * weight).desc(), O.expected_close, O.id).limit(TOP))
    result.top = [ForecastDeal(name, code, Decimal(value), p, close) for name, code, value, p, close in top]
    return result
