"""/需求: open customer requirements, most important and longest waiting first."""
from __future__ import annotations

from sqlalchemy import select

from bot import texts
from bot.commands.deals import command_customer
from bot.commands.registry import command
from bot.context import Context
from bot.formatting import clip
from bot.storage.customers import visible_owner_ids
from bot.storage.models import Customer, Requirement

LIST_LIMIT = 10
IMPORTANCE_ORDER = {"高": 0, "中": 1, "低": 2}


@command("需求", "req", "xq")
def requirements_command(ctx: Context, args: str) -> str:
    """未解决的客户需求，按重要度和等待天数
    用法：/需求 看全部；/需求 华为 看一家"""
    query = select(Requirement).join(Customer).where(Requirement.status != "已解决")
    if args.strip():
        query = query.where(Requirement.customer_id == command_customer(ctx, args.strip(),
                                                                         texts.USAGE_REQUIREMENTS).id)
    owners = visible_owner_ids(ctx.session, ctx.user)
    if owners is not None:
        query = query.where(Customer.owner_id.in_(owners))
    rows = sorted(ctx.session.scalars(query), key=lambda r: (IMPORTANCE_ORDER.get(r.importance, 9), r.created_at))
    if not rows:
        return texts.REQS_NONE
    lines = [texts.REQS_HEADER.format(n=len(rows))]
    for i, r in enumerate(rows[:LIST_LIMIT], 1):
        age = (ctx.now - r.created_at).days
        lines.append(texts.REQS_LINE.format(i=i, importance=r.importance, customer=r.customer.name,
                                            tags="/".join(r.tags) or "其他", desc=clip(r.description, 16),
                                            age=age, status=r.status))
    if len(rows) > LIST_LIMIT:
        lines.append(texts.REQS_MORE.format(k=len(rows) - LIST_LIMIT))
    return "\n".join(lines)
