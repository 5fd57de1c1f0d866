"""KPIs as a reply: each value with the numerator and denominator it comes from, the last period, per rep."""
from __future__ import annotations

from datetime import date

from bot import texts
from bot.formatting import money
from bot.reports.kpis import Kpis, Ratio, kpi_tables
from bot.reports.period import Period
from bot.reports.scope import Scope
from bot.reports.target_text import target_section
from bot.reports.targets import target_progress

MAX_REP_LINES = 5


def _percent(r: Ratio) -> str:
    return "-" if r.value is None else f"{r.value * 100:.1f}%"


def _money(r: Ratio) -> str:
    return "-" if r.value is None else money(r.value)


def _days(r: Ratio) -> str:
    return "-" if r.value is None else f"{r.value:.1f}天"


def kpi_lines(k: Kpis) -> list[str]:
    return [
        texts.KPI_CONVERSION.format(value=_percent(k.conversion), num=k.won_customers, den=k.leads),
        texts.KPI_AVERAGE_DEAL.format(value=_money(k.average_deal), num=money(k.won_amount), den=k.won_customers),
        texts.KPI_REPURCHASE.format(value=_percent(k.repurchase), num=k.repeat_customers, den=k.won_customers),
        texts.KPI_CYCLE.format(value=_days(k.sales_cycle), num=k.sales_days, den=k.won_customers),
    ]


def previous_line(k: Kpis) -> str:
    return texts.KPI_PREVIOUS.format(won=k.won_customers, amount=money(k.won_amount), conversion=_percent(k.conversion))


def rep_line(name: str, k: Kpis) -> str:
    return texts.KPI_REP.format(name=name, won=k.won_customers, amount=money(k.won_amount), leads=k.leads)


def kpi_report(session, period: Period, scope: Scope, today: date) -> str:
    """/业绩 and 我的业绩怎么样: the KPIs, last period's, the top reps when the scope is a team, and the targets
    with their gaps (as of `today`)."""
    table, previous = kpi_tables(session, [period, period.previous()], scope.owner_ids)
    lines = [texts.KPI_HEADER.format(who=scope.label, period=period.label), *kpi_lines(table.total),
             previous_line(previous.total)]
    if scope.per_rep and scope.owner_ids:
        reps = [(scope.names[owner], k) for owner, k in table.by_owner.items()
                if owner in scope.names and (k.leads or k.won_customers)]
        reps.sort(key=lambda item: -item[1].won_amount)
        lines += [rep_line(name, k) for name, k in reps[:MAX_REP_LINES]]
    lines += target_section(target_progress(session, period, scope, table, today))
    return "\n".join(lines)
