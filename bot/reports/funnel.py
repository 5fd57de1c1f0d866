"""The sales funnel of a period, in one set-based query.

Which opportunities a period's funnel counts (one rule, used everywhere):
- an opportunity is *in* the period's funnel when it is active during the period: created before the period ends
  and not closed before it starts (closed_at is NULL or >= start);
- it *reached* a stage when a StageChange to that stage (or to a later stage of the path
  初步接洽 → 需求确认 → 方案提交 → 商务谈判 → 合同签订) happened before the period ends; every opportunity in the
  funnel reached 初步接洽, so a skipped stage counts as passed and each stage count is at most the one before;
- 已流失 counts those with a StageChange to lost inside the period; they still count for the stages they reached;
- amounts per stage are the expected amounts of the opportunities that reached it; the won amount is the contract
  amount (else quote, else expected) of those that reached 合同签订.
Stage-to-stage conversion is reached(stage) / reached(previous stage).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import and_, case, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from bot.reports.period import Period
from bot.reports.scope import owned_by
from bot.storage.models import Opportunity, StageChange
from bot.sales.vocabulary import WIN_PATH

RANK = {stage: i for i, stage in enumerate(WIN_PATH)}
ZERO = Decimal(0)


@dataclass
class Funnel:
    reached: dict[str, int] = field(default_factory=lambda: dict.fromkeys(WIN_PATH, 0))
    amounts: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(WIN_PATH, ZERO))
    lost: int = 0
    won_amount: Decimal = ZERO

    @property
    def total(self) -> int:
        return self.reached["initial"]

    @property
    def won(self) -> int:
        return self.reached["won"]

    def conversion(self, stage: str) -> float | None:
        """reached(stage) / reached(previous stage); None for the first stage or an empty previous stage."""
        index = RANK[stage]
        if index == 0 or not self.reached[WIN_PATH[index - 1]]:
            return None
        return self.reached[stage] / self.reached[WIN_PATH[index - 1]]

    def add(self, furthest: int, lost: bool, count: int, amount: Decimal, won_amount: Decimal) -> None:
        for stage in WIN_PATH[: furthest + 1]:
            self.reached[stage] += count
            self.amounts[stage] += amount
        self.lost += count if lost else 0
        self.won_amount += won_amount if furthest == RANK["won"] else ZERO


@dataclass
class FunnelReport:
    period: Period
    team: Funnel
    by_owner: dict[int, Funnel]


def _per_opportunity(period: Period, owner_ids: list[int] | None, index: int):
    """One row per opportunity in the funnel; its stage moves are read by index (opportunity_id, at, to_stage)."""
    start, end = period.start_utc, period.end_utc
    O, SC = Opportunity, StageChange
    rank = case(*((SC.to_stage == s, i) for s, i in RANK.items()), else_=0)
    furthest = select(func.max(rank)).where(SC.opportunity_id == O.id, SC.at < end).scalar_subquery()
    lost_flag = case((and_(SC.to_stage == "lost", SC.at >= start), 1), else_=0)
    lost_here = select(func.max(lost_flag)).where(SC.opportunity_id == O.id, SC.at < end).scalar_subquery()
    query = (
        select(literal(index).label("k"), O.owner_id, func.coalesce(furthest, 0).label("furthest"),
               func.coalesce(lost_here, 0).label("lost"),
               func.coalesce(O.expected_amount, 0).label("amount"),
               func.coalesce(O.contract_amount, O.quote_amount, O.expected_amount, 0).label("won_amount"))
        .where(O.created_at < end, or_(O.closed_at.is_(None), O.closed_at >= start))
    )
    return owned_by(query, O.owner_id, owner_ids)


def funnels(session: Session, periods: list[Period], owner_ids: list[int] | None) -> list[FunnelReport]:
    """The funnels of several periods (say this month and the last) in one query, in total and per owner."""
    per = union_all(*(_per_opportunity(p, owner_ids, i) for i, p in enumerate(periods))).subquery()
    rows = session.execute(
        select(per.c.k, per.c.owner_id, per.c.furthest, per.c.lost, func.count(), func.sum(per.c.amount),
               func.sum(per.c.won_amount))
        .group_by(per.c.k, per.c.owner_id, per.c.furthest, per.c.lost))
    reports = [FunnelReport(p, Funnel(), {}) for p in periods]
    for k, owner_id, furthest, lost, count, amount, won_amount in rows:
        values = (int(furthest), bool(lost), int(count), Decimal(amount or 0), Decimal(won_amount or 0))
        reports[k].team.add(*values)
        reports[k].by_owner.setdefault(owner_id, Funnel()).add(*values)
    return reports


def funnel(session: Session, period: Period, owner_ids: list[int] | None) -> FunnelReport:
    """The funnel of the opportunities owned by `owner_ids` (None: everyone), in total and per owner."""
    return funnels(session, [period], owner_ids)[0]
