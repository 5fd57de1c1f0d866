"""The monthly summary a bound group chat receives: the team's funnel and KPIs, with a funnel chart when possible."""
from __future__ import annotations

from sqlalchemy.orm import Session

from bot import texts
from bot.reports.funnel import funnel
from bot.reports.funnel_text import funnel_text
from bot.reports.period import month
from bot.reports.scope import team_scope
from bot.types import Reply

DEFAULT_TZ = "Asia/Shanghai"


def monthly_summary(session: Session, team_id: int, year: int, month_: int, *, tz: str = DEFAULT_TZ) -> Reply:
    """Team `team_id`'s funnel and KPIs for that month (local calendar month in `tz`)."""
    scope = team_scope(session, team_id)
    period = month(year, month_, tz)
    report = funnel(session, period, scope.owner_ids)
    previous = funnel(session, period.previous(), scope.owner_ids)
    return Reply("\n".join([texts.SUMMARY_HEADER + funnel_text(report, previous, scope)]))
