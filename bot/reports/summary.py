"""The monthly summary a bound group chat receives: the team's funnel and KPIs, with a funnel chart."""
from __future__ import annotations

from sqlalchemy.orm import Session

from bot import texts
from bot.formatting import money
from bot.reports.chart_replies import funnel_chart
from bot.reports.funnel import funnel
from bot.reports.funnel_text import funnel_text
from bot.reports.kpi_text import kpi_lines
from bot.reports.kpis import kpis
from bot.reports.period import month
from bot.reports.scope import Scope, team_scope
from bot.types import Reply

DEFAULT_TZ = "Asia/Shanghai"
MAX_REPS = 4


def monthly_summary(session: Session, team_id: int, year: int, month_: int, *, tz: str = DEFAULT_TZ,
                    chart: bool = True) -> Reply:
    """Team `team_id`'s funnel, KPIs and per-rep won amounts for that month (local calendar month in `tz`)."""
    scope = team_scope(session, team_id)
    period = month(year, month_, tz)
    report = funnel(session, period, scope.owner_ids)
    previous = funnel(session, period.previous(), scope.owner_ids)
    solo = Scope(scope.label, scope.owner_ids, scope.names, per_rep=False)
    lines = [texts.SUMMARY_HEADER + funnel_text(report, previous, solo)]
    if report.team.total or previous.team.total:
        lines += kpi_lines(kpis(session, period, scope.owner_ids))
        ranked = sorted(report.by_owner.items(), key=lambda kv: -kv[1].won_amount)[:MAX_REPS]
        if ranked:
            items = "、".join(f"{scope.names.get(o, o)} {money(f.won_amount)}" for o, f in ranked)
            lines.append(texts.SUMMARY_REPS.format(items=items))
    image = funnel_chart(report, scope) if chart and report.team.total else None
    return Reply("\n".join(lines), image=image)
