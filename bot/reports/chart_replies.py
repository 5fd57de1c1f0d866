"""The charts' numbers as text (answered at once) and the charts themselves (drawn later by the outbox's deliverer,
bot/reports/rendering.py): one place for what a funnel or trend chart shows."""
from __future__ import annotations

from sqlalchemy.orm import Session

from bot import texts
from bot.formatting import money
from bot.reports.charts import funnel_png, trend_png
from bot.reports.funnel import FunnelReport
from bot.reports.period import Period, months_back
from bot.reports.scope import Scope
from bot.reports.trends import MonthOrders, orders_by_month
from bot.types import Image

TREND_MONTHS = 6


def funnel_chart(report: FunnelReport, scope: Scope) -> Image:
    title = texts.CHART_FUNNEL_TITLE.format(who=scope.label, period=report.period.label)
    return Image(funnel_png(report.team, title), alt=title)


def trend_months(session: Session, period: Period, owner_ids: list[int] | None) -> list[MonthOrders]:
    """The orders of the last months up to `period`, by order date (bot/reports/trends.py), in one query."""
    return orders_by_month(session, months_back(period, TREND_MONTHS), owner_ids)


def _label(m: MonthOrders) -> str:
    return f"{m.month.start.month}月"


def trend_text(months: list[MonthOrders], label: str) -> str:
    title = texts.CHART_TREND_TITLE.format(who=label, n=TREND_MONTHS)
    lines = [texts.TREND_LINE.format(label=_label(m), count=m.count, amount=money(m.amount), won=m.won) for m in months]
    return "\n".join([title, *lines])


def trend_chart(months: list[MonthOrders], label: str) -> Image:
    title = texts.CHART_TREND_TITLE.format(who=label, n=TREND_MONTHS)
    png = trend_png([_label(m) for m in months], [float(m.amount) for m in months], [m.count for m in months], title)
    return Image(png, alt=title)
