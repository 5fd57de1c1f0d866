"""/新客户 (duplicates shown first) and /合并 (managers fold one customer into another)."""
from __future__ import annotations

from sqlalchemy import update

from bot import texts
from bot.commands.registry import command
from bot.sales.errors import CommandError
from bot.context import Context
from bot.sales import customers
from bot.sales.questions import offer_new
from bot.sales.vocabulary import Source
from bot.storage import customers as repo
from bot.storage.bounds import check_fits
from bot.storage.models import Activity, Contact, Customer, FollowUp, Opportunity, Order, Report, Requirement
from bot.types import Reply

MOVED_TABLES = (Activity, FollowUp, Contact, Opportunity, Requirement, Order, Report)


@command("新客户", "newcustomer")
def new_customer_command(ctx: Context, args: str) -> str | Reply:
    """新建一家客户（D类）；有相似的已有客户会先问你
    用法：/新客户 名称 [行业] [来源]，例如 /新客户 杭州云帆科技 软件 展会"""
    words = args.split()
    if not words or len(words) > 3:
        raise CommandError(texts.USAGE_NEW_CUSTOMER)
    name, rest = words[0], words[1:]
    source = next((Source.from_label(w) for w in rest if Source.from_label(w)), None)
    industry = next((w for w in rest if not Source.from_label(w)), None)
    check_fits(Customer.name, name)
    check_fits(Customer.industry, industry)
    existing = repo.search(ctx.session, name, list(ctx.session.scalars(repo.visible_customers(ctx.session, ctx.user))))
    if any(c.name == name for c in existing):
        return texts.NEW_CUSTOMER_EXISTS.format(name=name)
    spec = {"name": name, "industry": industry, "source": (source or Source.OTHER).value}
    return offer_new(ctx, None, None, spec, confirm_create=False)


@command("合并", "merge")
def merge_command(ctx: Context, args: str) -> str:
    """经理：把客户 B 并入客户 A（活动、联系人、商机、需求、订单都转过去，B 的名称留作别名）
    用法：/合并 A B，例如 /合并 华为 华为终端"""
    if ctx.user.role == "rep":
        raise CommandError(texts.MERGE_MANAGERS_ONLY)
    words = args.split()
    if len(words) != 2:
        raise CommandError(texts.USAGE_MERGE)
    keep, fold = (customers.for_command(ctx.session, ctx.user, w, texts.USAGE_MERGE) for w in words)
    if keep.id == fold.id:
        raise CommandError(texts.MERGE_SAME)
    moved = 0
    for table in MOVED_TABLES:
        moved += ctx.session.execute(update(table).where(table.customer_id == fold.id)
                                     .values(customer_id=keep.id)).rowcount or 0
    keep.aliases = [*dict.fromkeys([*(keep.aliases or []), fold.name, *(fold.aliases or [])])]
    name = fold.name
    ctx.session.expire(fold)  # its collections still list the rows just moved
    ctx.session.delete(fold)
    ctx.session.flush()
    ctx.session.expire_all()
    return texts.MERGE_DONE.format(a=keep.name, b=name, n=moved)
