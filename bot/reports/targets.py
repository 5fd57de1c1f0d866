"""Actual against target: each target of a period, its actual figure, what it should be by now, and the gap.

A period in progress is compared with the pro-rated target for totals (成交额, 成交单数, 新客户数, 线索数, 拜访次数:
target × elapsed days / days of the period, today counted), since a month's total grows through the month and a
full-month comparison would flag everyone until its last days; rates and averages (转化率, 复购率, 客单价) are compared
with the target itself. A target is flagged when the actual is more than 15 % below what it should be
(actual / expected − 1 < −0.15). A rate without a denominator (no leads yet) has no actual and is not flagged.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.reports.kpis import Kpis, KpiTable, kpi_table
from bot.reports.period import Period
from bot.reports.scope import Scope
from bot.sales.vocabulary import CUMULATIVE_KPIS, Kpi, PeriodKind
from bot.storage.models import Target, Team, User
from bot.storage.targets import targets_of

BEHIND = Decimal("0.15")


@dataclass(frozen=True)
class Gap:
    who: str
    kpi: Kpi
    target: Decimal
    expected: Decimal  # the target, or its pro-rated share for a total in a period in progress
    actual: Decimal | None

    @property
    def change(self) -> Decimal | None:
        """actual / expected − 1 (−0.6 is 60 % below); None when there is nothing to compare yet."""
        if self.actual is None or not self.expected:
            return None
        return self.actual / self.expected - 1

    @property
    def behind(self) -> bool:
        return self.change is not None and self.change < -BEHIND


@dataclass(frozen=True)
class TargetProgress:
    period: Period
    elapsed: int  # days of the period gone, today counted
    gaps: list[Gap]  # the team's targets first, then each rep's

    @property
    def over(self) -> bool:
        return self.elapsed >= self.period.days


def gap(who: str, target: Target, k: Kpis, share: Decimal) -> Gap:
    kpi = Kpi(target.kpi)
    actual = k.value(kpi)
    expected = target.value * share if kpi in CUMULATIVE_KPIS else target.value
    return Gap(who, kpi, target.value, expected, None if actual is None else Decimal(str(actual)))


def _subjects(scope: Scope) -> tuple[list[int] | None, list[int] | None]:
    """Whose targets a scope shows: its team's (any team's for everyone), and its reps' when it shows reps."""
    if scope.owner_ids is None:
        return None, None
    teams = [scope.team_id] if scope.team_id is not None else []
    reps = list(scope.names) if scope.per_rep else ([] if scope.team_id is not None else scope.owner_ids)
    return teams, reps


def target_progress(session: Session, period: Period, scope: Scope, table: KpiTable, today: date) -> TargetProgress:
    """The scope's targets for `period` against `table` (the scope's KPIs for that period)."""
    elapsed = period.elapsed_days(today)
    share = Decimal(elapsed) / Decimal(period.days)
    team_ids, user_ids = _subjects(scope)
    targets = targets_of(session, period_kind(period), period.start, team_ids, user_ids)
    names = {uid: name for uid, name in session.execute(select(User.id, User.name).where(
        User.id.in_({t.user_id for t in targets if t.user_id is not None})))}
    teams: dict[int, tuple[str, Kpis]] = {}
    if scope.team_id is not None:
        teams[scope.team_id] = (scope.label, table.total)
    gaps = []
    for t in sorted((t for t in targets if t.team_id is not None), key=lambda t: (t.team_id, _order(t))):
        if t.team_id not in teams:  # everyone's view: each team's targets need that team's own figures
            members = list(session.scalars(select(User.id).where(User.team_id == t.team_id)))
            teams[t.team_id] = (session.get(Team, t.team_id).name, kpi_table(session, period, members).total)
        who, team_kpis = teams[t.team_id]
        gaps.append(gap(who, t, team_kpis, share))
    empty = Kpis(0, 0, Decimal(0), 0, 0)
    for t in sorted((t for t in targets if t.user_id is not None), key=lambda t: (t.user_id, _order(t))):
        gaps.append(gap(names[t.user_id], t, table.by_owner.get(t.user_id, empty), share))
    return TargetProgress(period, elapsed, gaps)


def period_kind(period: Period) -> PeriodKind:
    return PeriodKind.QUARTER if period.is_quarter else PeriodKind.MONTH


def _order(target: Target) -> int:
    return list(Kpi).index(Kpi(target.kpi))
