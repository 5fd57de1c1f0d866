"""The monthly summary a bound group chat receives: the team's funnel and KPIs, its targets with the reps more than
15 % behind named, the urgent-order alarm when it is raised (/分析 紧急订单), and a funnel chart."""
from __future__ import annotations

from sqlalchemy.orm import Session

from bot import texts
from bot.formatting import money
from bot.reports.analysis import urgent_unmet
from bot.reports.analysis_text import urgent_warning
from bot.reports.chart_replies import funnel_chart
from bot.reports.funnel import funnel
from bot.reports.funnel_text import funnel_text
from bot.reports.kpi_text import kpi_lines
from bot.reports.kpis import kpi_table
from bot.reports.period import month
from bot.reports.scope import Scope, team_scope
from bot.reports.target_text import summary_section
from bot.reports.targets import target_progress
from bot.types import Reply

DEFAULT_TZ = "Asia/Shanghai"
MAX_REPS = 4
MAX_BEHIND = 4  # targets named as behind; the summary stays one phone screen


def monthly_summary(session: Session, team_id: int, year: int, month_: int, *, tz: str = DEFAULT_TZ,
                    chart: bool = True) -> Reply:
    """Team `team_id`'s funnel, KPIs, per-rep won amounts and targets for that month (local calendar month in `tz`).
    The month is over when the summary is sent, so targets are compared whole, not pro-rated."""
    scope = team_scope(session, team_id)
    period = month(year, month_, tz)
    report = funnel(session, period, scope.owner_ids)
    previous = funnel(session, period.previous(), scope.owner_ids)
    solo = Scope(scope.label, scope.owner_ids, scope.names, per_rep=False)
    lines = [texts.SUMMARY_HEADER + funnel_text(report, previous, solo)]
    table = kpi_table(session, period, scope.owner_ids)
    if report.team.total or previous.team.total:
        lines += kpi_lines(table.total)
        ranked = sorted(report.by_owner.items(), key=lambda kv: -kv[1].won_amount)[:MAX_REPS]
        if ranked:
            items = "、".join(f"{scope.names.get(o, o)} {money(f.won_amount)}" for o, f in ranked)
            lines.append(texts.SUMMARY_REPS.format(items=items))
    lines += summary_section(target_progress(session, period, scope, table, period.end), MAX_BEHIND)
    lines += urgent_warning(urgent_unmet(session, period, scope.owner_ids), period)
    image = funnel_chart(report, scope) if chart and report.team.total else None
    return Reply("\n".join(lines), image=image)
