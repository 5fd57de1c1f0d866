"""/转交: managers hand a customer, or all of a rep's customers, to a teammate (bot/sales/reassign.py)."""
from __future__ import annotations

import re

from bot import texts
from bot.commands.registry import command
from bot.context import Context
from bot.sales import customers
from bot.sales.errors import CommandError
from bot.sales.reassign import customers_of, named, person_named, reassign
from bot.storage.customers import can_see

ARGS = re.compile(r"^(?P<what>.+?)\s*给\s*(?P<to>\S+)$")
ALL_OF = "全部"


@command("转交", "reassign", "zj")
def reassign_command(ctx: Context, args: str) -> str:
    """经理：把客户（连同进行中的商机）转给同事，新负责人会收到通知
    用法：/转交 华为 给 李娜；同事离职：/转交 张伟 全部 给 李娜"""
    if ctx.user.role == "rep":
        raise CommandError(texts.REASSIGN_MANAGERS_ONLY)
    match = ARGS.match(args.strip())
    if not match:
        raise CommandError(texts.USAGE_REASSIGN)
    what, new_owner = match["what"].strip(), person_named(ctx, match["to"])
    if what.endswith(ALL_OF) and what[:-len(ALL_OF)].strip():
        rep = person_named(ctx, what[:-len(ALL_OF)].strip())
        moved = customers_of(ctx, rep)
        if not moved:
            raise CommandError(texts.REASSIGN_NONE.format(rep=rep.name))
    else:
        customer = customers.for_command(ctx.session, ctx.user, what, texts.USAGE_REASSIGN)
        if not can_see(ctx.session, ctx.user, customer):
            raise CommandError(f"{texts.CUSTOMER_NOT_FOUND.format(query=what)}\n{texts.USAGE_REASSIGN}")
        moved = [customer]
    names = named(moved)
    deals = reassign(ctx, moved, new_owner)
    return texts.REASSIGN_DONE.format(customers=names, owner=new_owner.name, deals=deals)
