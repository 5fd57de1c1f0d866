"""/需求: open customer requirements, most important and longest waiting first; /需求 N 已解决|跟进中 sets one."""
from __future__ import annotations

from bot import texts
from bot.commands.registry import command
from bot.context import Context
from bot.formatting import clip
from bot.sales import customers
from bot.sales.changes import ChangeLog
from bot.sales.errors import CommandError
from bot.sales.command_reports import command_report, finish_command_report
from bot.sales.requirements import open_requirements, set_status
from bot.sales.vocabulary import RequirementStatus
from bot.storage.customers import visible_customers
from bot.storage.models import Customer, Requirement

LIST_LIMIT = 10


def _listed(ctx: Context, name: str | None) -> list[Requirement]:
    if name:
        ids = [customers.for_command(ctx.session, ctx.user, name, texts.USAGE_REQUIREMENTS).id]
    else:
        ids = list(ctx.session.scalars(visible_customers(ctx.session, ctx.user, Customer.__table__.select()
                                                         .with_only_columns(Customer.id))))
    return open_requirements(ctx.session, ids)


@command("需求", "req", "xq")
def requirements_command(ctx: Context, args: str) -> str:
    """未解决的客户需求，按重要度和等待天数编号
    用法：/需求 看全部；/需求 华为 看一家；/需求 2 已解决 或 /需求 2 跟进中 改状态"""
    words = args.split()
    if len(words) == 2 and words[0].isascii() and words[0].isdigit():
        return _set(ctx, int(words[0]), words[1])
    rows = _listed(ctx, args.strip() or None)
    if not rows:
        return texts.REQS_NONE
    if ctx.message.is_group:
        return texts.GROUP_REQS_COUNT.format(n=len(rows))
    lines = [texts.REQS_HEADER.format(n=len(rows))]
    for i, r in enumerate(rows[:LIST_LIMIT], 1):
        lines.append(texts.REQS_LINE.format(i=i, importance=r.importance, customer=r.customer.name,
                                            tags="/".join(r.tags) or "其他", desc=clip(r.description, 16),
                                            age=(ctx.now - r.created_at).days, status=r.status))
    if len(rows) > LIST_LIMIT:
        lines.append(texts.REQS_MORE.format(k=len(rows) - LIST_LIMIT))
    return "\n".join(lines)


def _set(ctx: Context, number: int, word: str) -> str:
    status = RequirementStatus.from_label(word)
    if status not in (RequirementStatus.RESOLVED, RequirementStatus.IN_PROGRESS):
        raise CommandError(texts.REQS_USAGE_SET)
    rows = _listed(ctx, None)
    if not 1 <= number <= len(rows):
        raise CommandError(texts.REQS_BAD_NUMBER.format(n=len(rows)))
    requirement, log = rows[number - 1], ChangeLog()
    report = command_report(ctx, requirement.customer_id)  # a report of its own, so /撤销 puts the status back
    set_status(log, requirement, status, ctx.now)
    finish_command_report(report, log)
    return texts.REQS_SET.format(customer=requirement.customer.name, tags="/".join(requirement.tags) or "其他",
                                 status=status.label)
