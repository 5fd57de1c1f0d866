"""Replies that carry a chart: the PNG as Reply.image, the same numbers as text for channels without images."""
from __future__ import annotations

from sqlalchemy.orm import Session

from bot import texts
from bot.formatting import money
from bot.reports.charts import funnel_png, trend_png
from bot.reports.funnel import FunnelReport, funnel
from bot.reports.period import Period, months_back
from bot.reports.scope import Scope
from bot.types import Image, Reply

TREND_MONTHS = 6


def funnel_chart(report: FunnelReport, scope: Scope) -> Image:
    title = texts.CHART_FUNNEL_TITLE.format(who=scope.label, period=report.period.label)
    return Image(funnel_png(report.team, title), alt=title)


def trend_reply(session: Session, period: Period, scope: Scope) -> Reply:
    """Won deals and amounts of the last months up to `period`, one funnel query per month."""
    months = months_back(period, TREND_MONTHS)
    totals = [funnel(session, m, scope.owner_ids).team for m in months]
    labels = [f"{m.start.month}月" for m in months]
    title = texts.CHART_TREND_TITLE.format(who=scope.label, n=TREND_MONTHS)
    lines = [title] + [texts.TREND_LINE.format(label=label, won=f.won, amount=money(f.won_amount))
                       for label, f in zip(labels, totals)]
    png = trend_png(labels, [float(f.won_amount) for f in totals], [f.won for f in totals], title)
    return Reply("\n".join(lines), image=Image(png, alt=title))
