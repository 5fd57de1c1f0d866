"""KPIs as a reply: each value with the numerator and denominator it comes from, the last period, per rep."""
from __future__ import annotations

from bot import texts
from bot.formatting import money
from bot.reports.kpis import Kpis, Ratio


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
