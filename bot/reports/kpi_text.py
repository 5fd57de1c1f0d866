"""KPIs as a reply: each value with the numerator and denominator it comes from, the last period, per rep."""
from __future__ import annotations

from bot import texts
from bot.formatting import money
from bot.reports.kpis import Kpis, Ratio, kpis
from bot.reports.period import Period
from bot.reports.scope import Scope

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


def kpi_report(session, period: Period, scope: Scope) -> str:
    """/业绩 and 我的业绩怎么样: the KPIs, last period's, and the top reps when the scope is a team."""
    lines = [texts.KPI_HEADER.format(who=scope.label, period=period.label), *kpi_lines(kpis(session, period, scope.owner_ids)),
             previous_line(kpis(session, period.previous(), scope.owner_ids))]
    if scope.per_rep and scope.owner_ids:
        reps = [(name, kpis(session, period, [owner])) for owner, name in scope.names.items()]
        reps = [(name, k) for name, k in reps if k.leads or k.won_customers]
        reps.sort(key=lambda item: -item[1].won_amount)
        lines += [rep_line(name, k) for name, k in reps[:MAX_REP_LINES]]
    return "\n".join(lines)
