"""/待办: my follow-ups due today or overdue, numbered so /完成 N and /改期 N can name them."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import texts
from bot.commands.registry import command
from bot.context import Context
from bot.storage.models import Activity, User


def due_followups(session: Session, user: User, today: date) -> list[Activity]:
    """Open promised follow-ups of `user` due by `today`: per customer only the latest report's promise counts."""
    rows = session.scalars(
        select(Activity).where(
            Activity.user_id == user.id, Activity.next_date.is_not(None),
            Activity.done_at.is_(None), Activity.undone_at.is_(None),
        ).order_by(Activity.occurred_at.desc(), Activity.id.desc())
    )
    latest: dict[int, Activity] = {}
    for activity in rows:
        latest.setdefault(activity.customer_id, activity)
    due = [a for a in latest.values() if a.next_date <= today]
    return sorted(due, key=lambda a: (a.next_date, a.customer.name))


def todo_line(i: int, activity: Activity, today: date) -> str:
    overdue = (today - activity.next_date).days
    when = texts.TODO_OVERDUE.format(days=overdue) if overdue > 0 else texts.TODO_TODAY
    what = activity.next_action or texts.ACTIVITY_TYPES.get(activity.type, "") + "跟进"
    if activity.next_time:
        what = f"{activity.next_time} {what}"
    return texts.TODO_LINE.format(i=i, when=when, customer=activity.customer.name, what=what)


@command("待办", "todo", "db")
def todo_command(ctx: Context, args: str) -> str:
    """今天要跟进的客户（含逾期）
    用法：/待办；之后 /完成 序号 标记完成，/改期 序号 日期 改期"""
    items = due_followups(ctx.session, ctx.user, ctx.today)
    ctx.user.last_todo = [{"kind": "activity", "id": a.id} for a in items]
    if not items:
        return texts.TODO_NONE
    lines = [texts.TODO_HEADER.format(n=len(items))]
    lines += [todo_line(i, a, ctx.today) for i, a in enumerate(items, 1)]
    return "\n".join(lines)
