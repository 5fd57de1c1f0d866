"""/撤销 and /改: take back or correct the sender's last report."""
from __future__ import annotations

from bot import texts
from bot.commands.registry import CommandError, command
from bot.context import Context
from bot.formatting import clip
from bot.intake.corrections import FIELDS, correct
from bot.intake.undo import UNDO_WINDOW, latest_report, undo_report
from bot.storage.models import Customer
from bot.types import Reply


@command("撤销", "undo", "cx")
def undo_command(ctx: Context, args: str) -> str:
    """撤回你最近一条报告（24 小时内），它建的、改的全部还原
    用法：/撤销"""
    report = latest_report(ctx.session, ctx.user, ctx.now, UNDO_WINDOW)
    if report is None:
        return texts.UNDO_NOTHING
    customer = ctx.session.get(Customer, report.customer_id) if report.customer_id else None
    name = customer.name if customer is not None else "-"
    undo_report(ctx.session, report, ctx.now)
    return texts.UNDO_DONE.format(customer=name, text=clip(report.text, 30))


@command("改", "fix")
def correct_command(ctx: Context, args: str) -> str | Reply:
    """改刚才那条报告的一项
    用法：/改 字段 值，字段：客户、金额、日期、阶段、类型，例如 /改 金额 8万"""
    field, _, value = args.strip().partition(" ")
    if FIELDS.get(field) == "日期" and not value.strip():  # the 改日期 button: ask for the day, like a person would
        return texts.CORRECT_ASK_DATE
    if field not in FIELDS or not value.strip():
        raise CommandError(texts.USAGE_CORRECT)
    return correct(ctx, field, value.strip())
