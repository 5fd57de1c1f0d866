"""/待办 /完成 /改期: the same numbered list the morning digest shows, and acting on it by number."""
from __future__ import annotations

from bot import texts
from bot.commands.registry import command
from bot.formatting import month_day
from bot.sales.errors import CommandError
from bot.commands.todo_actions import complete, parse_day, reschedule
from bot.context import Context
from bot.notifier.digest import todo_refs, todo_text
from bot.notifier.loader import due_for_user


@command("待办", "todo", "db")
def todo_command(ctx: Context, args: str) -> str:
    """今天要跟进的事（逾期 / 今天 / 本周），和早上推送的是同一份清单
    用法：/待办；之后 /完成 序号 标记完成，/改期 序号 日期 改期"""
    items = due_for_user(ctx.session, ctx.user, ctx.now, ctx.today, ctx.tz)
    if ctx.message.is_group:
        return texts.GROUP_TODO_COUNT.format(n=len(items))
    ctx.user.last_todo = todo_refs(items)
    return todo_text(items, ctx.today)


def _pick(ctx: Context, number: str, usage: str) -> tuple[int, dict]:
    items = ctx.user.last_todo or []
    if not items:
        raise CommandError(texts.TODO_NO_LIST)
    if not (number.isascii() and number.isdigit() and len(number) <= 4):  # "²" and "١" are digits to isdigit()
        raise CommandError(usage)
    i = int(number)
    if not 1 <= i <= len(items):
        raise CommandError(texts.TODO_BAD_NUMBER.format(n=len(items)))
    if items[i - 1].get("done"):
        raise CommandError(texts.TODO_ALREADY_DONE.format(i=i))
    return i, items[i - 1]


def _mark_done(ctx: Context, i: int) -> None:
    items = [dict(item) for item in ctx.user.last_todo]
    items[i - 1]["done"] = True
    ctx.user.last_todo = items


@command("完成", "done")
def done_command(ctx: Context, args: str) -> str:
    """标记待办清单上的一项已完成
    用法：/完成 序号，比如 /完成 2（序号见 /待办）"""
    i, item = _pick(ctx, args.strip(), texts.TODO_USAGE_DONE)
    if not complete(ctx, item):
        raise CommandError(texts.TODO_ALREADY_DONE.format(i=i))
    _mark_done(ctx, i)
    return texts.TODO_DONE.format(customer=item.get("customer", ""), reason=item.get("label", ""))


@command("改期", "reschedule")
def reschedule_command(ctx: Context, args: str) -> str:
    """把待办清单上的一项改到别的日子
    用法：/改期 序号 日期，比如 /改期 2 11月25日 或 /改期 2 下周三"""
    number, _, when = args.strip().partition(" ")
    if not when.strip():
        raise CommandError(texts.TODO_USAGE_RESCHEDULE)
    i, item = _pick(ctx, number, texts.TODO_USAGE_RESCHEDULE)
    day = parse_day(when, ctx.local_now.replace(tzinfo=None))
    if not reschedule(ctx, item, day):
        raise CommandError(texts.TODO_CANNOT_RESCHEDULE.format(i=i))
    return texts.TODO_RESCHEDULED.format(customer=item.get("customer", ""), day=month_day(day))
