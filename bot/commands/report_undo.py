"""/撤销 and /改: take back or correct the sender's last report."""
from __future__ import annotations

from bot import texts
from bot.commands.registry import command
from bot.context import Context
from bot.formatting import clip
from bot.sales.changes import latest_report, same_message, undo_reports
from bot.sales.corrections import FIELDS, correct
from bot.sales.errors import CommandError
from bot.types import Reply


@command("撤销", "undo", "cx")
def undo_command(ctx: Context, args: str) -> str:
    """撤回你最近一条报告（24 小时内），它建的、改的、关掉的全部还原
    用法：/撤销"""
    report = latest_report(ctx.session, ctx.user, ctx.now)
    if report is None:
        return texts.UNDO_NOTHING
    reports = same_message(ctx.session, report)
    names = "、".join(dict.fromkeys(r.customer.name if r.customer is not None else "-" for r in reports))
    result = undo_reports(ctx.session, reports, ctx.now)
    reply = texts.UNDO_DONE.format(customer=names, text=clip(report.text, 30))
    if result.kept:
        kept = "、".join(dict.fromkeys(texts.UNDO_KEPT_LABELS.get(name, name) for name in result.kept))
        reply += "\n" + texts.UNDO_KEPT.format(kept=kept)
    return reply


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
