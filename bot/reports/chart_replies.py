"""The charts' numbers as text (answered at once) and the charts themselves (drawn later by the outbox's deliverer,
bot/reports/rendering.py): one place for what a funnel or trend chart shows."""
from __future__ import annotations

from sqlalchemy.orm import Session

from bot import texts
from bot.formatting import money
from bot.reports.charts import funnel_png, trend_png
from bot.reports.funnel import Funnel, FunnelReport, funnel
from bot.reports.period import Period, months_back
from bot.reports.scope import Scope
from bot.types import Image

TREND_MONTHS = 6


def funnel_chart(report: FunnelReport, scope: Scope) -> Image:
    title = texts.CHART_FUNNEL_TITLE.format(who=scope.label, period=report.period.label)
    return Image(funnel_png(report.team, title), alt=title)


def trend_months(session: Session, period: Period, owner_ids: list[int] | None) -> list[tuple[str, Funnel]]:
    """(month label, its funnel) for the last months up to `period`, one funnel query per month."""
    return [(f"{m.start.month}月", funnel(session, m, owner_ids).team) for m in months_back(period, TREND_MONTHS)]


def trend_text(months: list[tuple[str, Funnel]], label: str) -> str:
    title = texts.CHART_TREND_TITLE.format(who=label, n=TREND_MONTHS)
    return "\n".join([title] + [texts.TREND_LINE.format(label=m, won=f.won, amount=money(f.won_amount))
                                for m, f in months])


def trend_chart(months: list[tuple[str, Funnel]], label: str) -> Image:
    title = texts.CHART_TREND_TITLE.format(who=label, n=TREND_MONTHS)
    png = trend_png([m for m, _ in months], [float(f.won_amount) for _, f in months], [f.won for _, f in months], title)
    return Image(png, alt=title)
