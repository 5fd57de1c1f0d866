"""The weekly manager summary (per rep: new leads, won, lost, overdue) and the monthly group summary payload."""
from __future__ import annotations

import base64
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot import texts
from bot.clock import to_utc
from bot.formatting import month_day
from bot.reports.summary import monthly_summary
from bot.storage.models import Customer, Opportunity, User


def _count_by_owner(session: Session, stmt) -> dict[int, int]:
    return dict(session.execute(stmt).all())


def weekly_text(session: Session, team_name: str, reps: list[User], start: date, end: date, tz: str,
                overdue: dict[int, int]) -> str:
    """Last week [start, end] for each rep of the team."""
    since, until = to_utc(datetime.combine(start, time()), tz), to_utc(datetime.combine(end + timedelta(days=1), time()), tz)
    ids = [r.id for r in reps]
    leads = _count_by_owner(session, select(Customer.owner_id, func.count()).where(
        Customer.owner_id.in_(ids), Customer.created_at >= since, Customer.created_at < until).group_by(Customer.owner_id))
    closed = {}
    for stage in ("won", "lost"):
        closed[stage] = _count_by_owner(session, select(Opportunity.owner_id, func.count()).where(
            Opportunity.owner_id.in_(ids), Opportunity.stage == stage, Opportunity.closed_at >= since,
            Opportunity.closed_at < until).group_by(Opportunity.owner_id))
    lines = [texts.WEEKLY_HEADER.format(team=team_name, start=month_day(start), end=month_day(end))]
    lines += [texts.WEEKLY_LINE.format(name=r.name, leads=leads.get(r.id, 0), won=closed["won"].get(r.id, 0),
                                       lost=closed["lost"].get(r.id, 0), overdue=overdue.get(r.id, 0)) for r in reps]
    return "\n".join(lines) if reps else "\n".join([*lines, texts.WEEKLY_EMPTY])


def monthly_payload(session: Session, team_id: int, year: int, month: int, tz: str) -> dict:
    """The analytics summary as an outbox payload (text, and the chart as base64 PNG when there is one)."""
    reply = monthly_summary(session, team_id, year, month, tz=tz)
    payload = {"text": reply.text, "title": reply.text.splitlines()[0] if reply.text else ""}
    if reply.image is not None:
        payload["image_png_b64"] = base64.b64encode(reply.image.png).decode("ascii")
    return payload
