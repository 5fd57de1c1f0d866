"""Slow work that leaves the request: a chart or the /导出 workbook is promised as an Attachment (what to render, for
whom) and rendered here by the outbox's deliverer. The owner ids are the ones the sender could see when asking
(the command applied the visibility rule, bot/reports/audience.py): rendering later never widens or narrows them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from bot.reports.chart_replies import funnel_chart, trend_chart, trend_months
from bot.reports.funnel import funnel
from bot.reports.period import Period
from bot.reports.scope import Scope
from bot.reports.workbook import export_workbook
from bot.types import Attachment, Image

FUNNEL_CHART, TREND_CHART, WORKBOOK = "funnel_chart", "trend_chart", "workbook"
KINDS = (FUNNEL_CHART, TREND_CHART, WORKBOOK)


class CannotRender(ValueError):
    """A row names a kind or period we do not know (written by another version): rendering again will not help."""


@dataclass(frozen=True)
class Rendered:
    image: Image | None = None
    file_path: Path | None = None


def promise(kind: str, period: Period, scope: Scope) -> Attachment:
    """What to render for `scope` over `period`, as plain JSON."""
    if kind not in KINDS:
        raise CannotRender(f"unknown attachment kind {kind!r}")
    return Attachment(kind, {"period": [period.start.isoformat(), period.end.isoformat(), period.label, period.tz],
                             "owner_ids": scope.owner_ids, "label": scope.label})


def render(session: Session, attachment: Attachment, exports: Path, stem: str) -> Rendered:
    """Draw the chart or write the workbook (as `exports`/`stem`.xlsx, so a retry overwrites its own file)."""
    params = attachment.params
    try:
        start, end, label, tz = params["period"]
        period = Period(date.fromisoformat(start), date.fromisoformat(end), label, tz)
        owner_ids, who = params["owner_ids"], params["label"]
    except (KeyError, TypeError, ValueError) as exc:
        raise CannotRender(f"unreadable {attachment.kind} parameters: {exc}") from None
    scope = Scope(who, owner_ids, {}, False)
    if attachment.kind == FUNNEL_CHART:
        return Rendered(image=funnel_chart(funnel(session, period, owner_ids), scope))
    if attachment.kind == TREND_CHART:
        return Rendered(image=trend_chart(trend_months(session, period, owner_ids), who))
    if attachment.kind == WORKBOOK:
        path = exports / f"{period.start:%Y%m}-{stem}.xlsx"
        export_workbook(session, period, owner_ids, path)
        return Rendered(file_path=path)
    raise CannotRender(f"unknown attachment kind {attachment.kind!r}")
