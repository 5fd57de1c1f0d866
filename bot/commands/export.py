"""/导出: the seed template workbook for the requester's own scope, as a file, only in a single chat."""
from __future__ import annotations

import uuid

from bot import texts
from bot.commands.analytics import period_and_scope
from bot.commands.registry import command
from bot.sales.errors import CommandError
from bot.context import Context
from bot.reports.workbook import export_workbook
from bot.types import Reply


@command("导出", "export")
def export_command(ctx: Context, args: str) -> Reply:
    """导出 Excel（客户、机会、回访、需求、订单、季度分析）
    用法：私聊发 /导出 或 /导出 上月；经理可 /导出 张伟"""
    if ctx.message.is_group:
        raise CommandError(texts.EXPORT_IN_GROUP)
    period, scope = period_and_scope(ctx, args, allow_quarter=False)
    path = ctx.settings.instance_path / "exports" / f"{period.start:%Y%m}-{uuid.uuid4().hex[:8]}.xlsx"
    counts = export_workbook(ctx.session, period, scope.owner_ids, path)
    return Reply(texts.EXPORT_DONE.format(who=scope.label, period=period.label, rows=sum(counts.values())),
                 file_path=str(path))
