"""Follow-ups, the promises a rep makes: opened by a next date, closed only by a contact on or after their day,
moved only when the rep says so, cancelled when the customer is paused or lost (REPORT_SEMANTICS §1)."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from bot.nlp.calendar import holiday_name, next_workday
from bot.sales.changes import ChangeLog
from bot.sales.vocabulary import ActivityType, FollowUpStatus
from bot.storage.models import Activity, FollowUp, Opportunity, Report


def open_follow_ups(session, customer_id: int) -> list[FollowUp]:
    return list(session.scalars(select(FollowUp).where(
        FollowUp.customer_id == customer_id, FollowUp.status == FollowUpStatus.OPEN)
        .order_by(FollowUp.due_date, FollowUp.id)))


def _shown(f: FollowUp) -> list[str]:
    return [f.due_date.isoformat(), f.action or ""]


def close(log: ChangeLog, follow_up: FollowUp, status: FollowUpStatus, now, report: Report | None) -> None:
    log.set(follow_up, "status", status.value)
    log.set(follow_up, "closed_at", now)
    if report is not None:
        log.set(follow_up, "closed_by_report_id", report.id)


def apply(ctx, log: ChangeLog, customer, opp: Opportunity | None, parsed: dict[str, Any], report: Report,
          activity: Activity | None, promised: list[FollowUp], filed: dict[str, Any]) -> FollowUp | None:
    """What this report does to the customer's follow-ups; `promised` are the open ones read before any change."""
    remaining = list(promised)
    if parsed.get("cancels_follow_up") or parsed.get("intent") == "lost":
        for f in remaining:
            close(log, f, FollowUpStatus.CANCELLED, ctx.now, report)
        filed["cancelled"] = [_shown(f) for f in remaining]
        remaining = []
    elif activity is not None:  # a contact that happened is the follow-up due on or before its day, never a later one
        done = [f for f in remaining if f.due_date <= ctx.today]
        for f in done:
            close(log, f, FollowUpStatus.DONE, ctx.now, report)
        filed["closed"] = [_shown(f) for f in done]
        remaining = [f for f in remaining if f not in done]
    day = _next_day(ctx, parsed)
    created = None
    if day is not None and parsed.get("moves_follow_up") and remaining:
        moved = _the_one_moved(remaining, parsed.get("next_action"))
        filed["moved"] = [moved.due_date.isoformat(), day.isoformat(), moved.action or ""]
        log.set(moved, "due_date", day)
        if parsed.get("next_time"):
            log.set(moved, "due_time", parsed["next_time"])
        remaining = [f for f in remaining if f is not moved]
    elif day is not None:
        same_day = next((f for f in remaining if f.due_date == day), None)
        if same_day is None:
            created = FollowUp(customer_id=customer.id, user_id=ctx.user.id, opportunity=opp, report_id=report.id,
                               activity=activity, due_date=day, due_time=parsed.get("next_time"),
                               action=_action(parsed)[:128] or None, created_at=ctx.now)
            log.add(ctx.session, created)
        remaining = [f for f in remaining if f is not same_day]
        filed["next"] = {"date": day.isoformat(), "time": parsed.get("next_time"), "action": _action(parsed),
                         "holiday": holiday_name(day),
                         "workday": next_workday(day).isoformat() if holiday_name(day) else None}
    filed["others"] = [_shown(f) for f in remaining]
    return created


def _next_day(ctx, parsed: dict[str, Any]) -> date | None:
    """The next date said; else a single future deadline (预计月底签) is the follow-up day too."""
    for key in ("next_date", "expected_close"):
        if parsed.get(key):
            day = date.fromisoformat(parsed[key])
            if day >= ctx.today:
                return day
    return None


def _action(parsed: dict[str, Any]) -> str:
    if parsed.get("next_action"):
        return parsed["next_action"]
    if parsed.get("mode") == "plan" and parsed.get("activity_type"):
        return ActivityType(parsed["activity_type"]).label
    return "再跟进"


def _the_one_moved(remaining: list[FollowUp], action: str | None) -> FollowUp:
    """方案改到下周五给 moves the follow-up about 方案 when there is one, else the next open one."""
    words = [w for w in ("方案", "报价", "合同", "演示", "样品", "拜访", "回访") if action and w in action]
    return next((f for f in remaining if any(w in (f.action or "") for w in words)), remaining[0])


def complete(ctx, follow_up: FollowUp | None) -> bool:
    """/完成 on a follow-up; False when it is no longer open."""
    if follow_up is None or follow_up.status != FollowUpStatus.OPEN:
        return False
    follow_up.status, follow_up.closed_at = FollowUpStatus.DONE.value, ctx.now
    return True


def reschedule(follow_up: FollowUp | None, day: date) -> bool:
    if follow_up is None or follow_up.status != FollowUpStatus.OPEN:
        return False
    follow_up.due_date = day
    return True
