"""/公海 and /领取: the team's pool of customers nobody followed up, and claiming one (bot/sales/pool.py)."""
from __future__ import annotations

from sqlalchemy import select

from bot import texts
from bot.clock import local
from bot.commands.registry import command
from bot.context import Context
from bot.formatting import month_day, short_day
from bot.sales import pool
from bot.sales.errors import CommandError
from bot.storage import customers as repo
from bot.storage.models import Customer, Team, User

LIST_LIMIT = 20


@command("公海", "pool", "gh")
def pool_command(ctx: Context, args: str) -> str:
    """团队公海：久未跟进、已释放的客户，同事都能领取
    用法：/公海 看列表（等级、最近联系、释放日期）；/领取 华为 领取一家"""
    columns = select(Customer.tier, Customer.name, Customer.last_contact_at, Customer.released_at, Team.name.label("team")
                     ).join(Team, Team.id == Customer.pool_team_id)
    rows = repo.sort_by_tier(list(ctx.session.execute(repo.team_pool(ctx.session, ctx.user, columns))))
    if not rows:
        return texts.POOL_EMPTY.format(days=ctx.settings.get("BOT_POOL_DAYS"))
    if ctx.message.is_group:
        return texts.POOL_GROUP_COUNT.format(n=len(rows))
    lines = [texts.POOL_HEADER.format(n=len(rows), left=pool.claims_left(ctx))]
    for c in rows[:LIST_LIMIT]:
        last = short_day(local(c.last_contact_at, ctx.tz)) if c.last_contact_at else texts.NEVER
        team = f"（{c.team}）" if ctx.user.role == "admin" else ""
        lines.append(texts.POOL_LINE.format(tier=c.tier, name=c.name, last=last, team=team,
                                            released=month_day(local(c.released_at, ctx.tz).date())))
    if len(rows) > LIST_LIMIT:
        lines.append(texts.POOL_MORE.format(k=len(rows) - LIST_LIMIT))
    return "\n".join(lines)


@command("领取", "claim", "lq")
def claim_command(ctx: Context, args: str) -> str:
    """从团队公海领取一家客户，连同进行中的商机归你负责
    用法：/领取 华为；每人每天可领取的家数有上限，领错了发 /撤销 退回公海"""
    query = args.strip()
    if not query:
        raise CommandError(texts.USAGE_CLAIM)
    found = repo.search(ctx.session, query, list(ctx.session.scalars(repo.team_pool(ctx.session, ctx.user))))
    if not found:
        owned = repo.search(ctx.session, query, list(ctx.session.scalars(repo.known_customers(ctx.session, ctx.user))))
        if len(owned) == 1 and owned[0].owner_id is not None:
            owner = ctx.session.get(User, owned[0].owner_id)
            raise CommandError(texts.CLAIM_NOT_IN_POOL.format(name=owned[0].name, owner=owner.name))
        raise CommandError(f"{texts.CUSTOMER_NOT_FOUND.format(query=query)}\n{texts.USAGE_CLAIM}")
    if len(found) > 1:
        raise CommandError(texts.CUSTOMER_AMBIGUOUS.format(names="、".join(c.name for c in found[:5]),
                                                           first=found[0].name))
    customer = found[0]
    name, tier = customer.name, customer.tier
    claimed = pool.claim(ctx, customer)
    deals = texts.CLAIM_DEALS.format(n=claimed.deals) if claimed.deals else ""
    return texts.CLAIM_DONE.format(name=name, tier=tier, deals=deals, left=claimed.left_today)
