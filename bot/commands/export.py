"""/导出: the seed template workbook for the requester's own scope, as a file, only in a single chat. The workbook is
written by the outbox's deliverer (bot/reports/rendering.py), not in the request."""
from __future__ import annotations

from bot import texts
from bot.commands.analytics import period_and_scope
from bot.commands.registry import command
from bot.sales.errors import CommandError
from bot.context import Context
from bot.reports.rendering import WORKBOOK, promise
from bot.types import Reply


@command("导出", "export")
def export_command(ctx: Context, args: str) -> Reply:
    """导出 Excel（客户、机会、回访、需求、订单、季度分析）
    用法：私聊发 /导出 或 /导出 上月；经理可 /导出 张伟"""
    if ctx.message.is_group:
        raise CommandError(texts.EXPORT_IN_GROUP)
    period, scope = period_and_scope(ctx, args, allow_quarter=False)
    return Reply(texts.EXPORT_COMING.format(who=scope.label, period=period.label),
                 attachment=promise(WORKBOOK, period, scope))
