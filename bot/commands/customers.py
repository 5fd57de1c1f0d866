"""/客户: my customers by tier, or one customer's card."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot import texts
from bot.clock import local
from bot.commands.registry import command
from bot.sales.errors import CommandError
from bot.sales.pool import pool_line
from bot.context import Context
from bot.formatting import clip, money, short_day
from bot.storage import customers as repo
from bot.storage.models import Activity, Customer, Opportunity, Order, Requirement, User
from bot.storage.opportunities import open_opportunity
from bot.sales.vocabulary import OPEN_STAGES, ActivityType, DealRisk, Stage

LIST_LIMIT = 12
BY_SCORE = "按评分"
ORDER_LIMIT = 5  # the latest; a card stays one screen


@command("客户", "customer", "kh")
def customers_command(ctx: Context, args: str) -> str:
    """我的客户列表，或一家客户的详情
    用法：/客户 看列表；/客户 按评分 按线索分排；/客户 华为 看详情（等级、联系人、商机、需求、订单、最近活动）"""
    query = args.strip()
    if not query:
        return customer_list(ctx)
    if query == BY_SCORE:
        return customer_list(ctx, by_score=True)
    visible = list(ctx.session.scalars(repo.visible_customers(ctx.session, ctx.user)))
    found = repo.search(ctx.session, query, visible)
    if not found:
        known = list(ctx.session.scalars(repo.known_customers(ctx.session, ctx.user)))
        hidden = repo.search(ctx.session, query, known)
        if hidden and not ctx.message.is_group:
            raise CommandError(texts.CUSTOMER_NOT_VISIBLE.format(name=hidden[0].name))
        raise CommandError(texts.CUSTOMER_NOT_FOUND.format(query=query))
    if ctx.message.is_group:
        return texts.GROUP_CUSTOMERS_COUNT.format(n=len(found))
    if len(found) > 1:
        names = "、".join(c.name for c in found[:5])
        raise CommandError(texts.CUSTOMER_AMBIGUOUS.format(names=names, first=found[0].name))
    return customer_card(ctx, found[0])


def customer_list(ctx: Context, by_score: bool = False) -> str:
    """The list is the command people type most: it reads the columns it shows, owners' names joined, not whole rows.
    By score: the open deal's lead score, highest first (customers without a scored open deal last, by tier)."""
    score = (select(func.max(Opportunity.lead_score)).where(
        Opportunity.customer_id == Customer.id, Opportunity.stage.in_(OPEN_STAGES)).scalar_subquery())
    columns = (select(Customer.tier, Customer.name, Customer.owner_id, User.name.label("owner_name"),
                      Customer.last_contact_at, score.label("score")).join(User, User.id == Customer.owner_id))
    rows = repo.sort_by_tier(list(ctx.session.execute(repo.visible_customers(ctx.session, ctx.user, columns))))
    if by_score:
        rows.sort(key=lambda c: -(c.score if c.score is not None else -1))
    if not rows:
        return texts.CUSTOMERS_NONE
    if ctx.message.is_group:
        return texts.GROUP_CUSTOMERS_COUNT.format(n=len(rows))
    who = "团队" if ctx.user.role != "rep" else "你"
    header = texts.CUSTOMERS_HEADER_BY_SCORE if by_score else texts.CUSTOMERS_HEADER
    lines = [header.format(who=who, n=len(rows))]
    for c in rows[:LIST_LIMIT]:
        owner = f"（{c.owner_name}）" if c.owner_id != ctx.user.id else ""
        last = short_day(local(c.last_contact_at, ctx.tz)) if c.last_contact_at else texts.NEVER
        scored = texts.CUSTOMERS_SCORE.format(score=c.score) if by_score and c.score is not None else ""
        lines.append(texts.CUSTOMERS_LINE.format(tier=c.tier, name=c.name, owner=owner, last=last) + scored)
    if len(rows) > LIST_LIMIT:
        lines.append(texts.CUSTOMERS_MORE.format(k=len(rows) - LIST_LIMIT))
    return "\n".join(lines)


def customer_card(ctx: Context, c: Customer) -> str:
    s = ctx.session
    contacts = "、".join(f"{p.name}{p.title or ''}" for p in c.contacts) or texts.NONE
    last = f"{local(c.last_contact_at, ctx.tz):%Y-%m-%d}" if c.last_contact_at else texts.NEVER
    owner = c.owner.name if c.owner is not None else texts.POOL_OWNER
    pooled = pool_line(s, c, ctx.tz)
    lines = [
        texts.CARD_TITLE.format(name=c.name, tier=c.tier, industry=c.industry or "-", owner=owner),
        *([pooled] if pooled else []),
        texts.CARD_CONTACTS.format(contacts=contacts),
        texts.CARD_LAST_CONTACT.format(last=last),
        texts.CARD_OPPS.format(items=_open_opportunities(s, c)),
        *_risks(s, c),
        texts.CARD_REQS.format(items=_open_requirements(s, c)),
        texts.CARD_ORDERS.format(items=_orders(s, c)),
    ]
    activities = _recent_activities(s, c)
    if activities:
        lines.append(texts.CARD_ACTIVITIES)
        lines += [
            texts.CARD_ACTIVITY.format(day=short_day(local(a.occurred_at, ctx.tz)),
                                       type=ActivityType(a.type).label, text=clip(a.raw_text or "", 24))
            for a in activities
        ]
    return "\n".join(lines)


def _open_opportunities(s: Session, c: Customer) -> str:
    opps = s.scalars(select(Opportunity).where(
        Opportunity.customer_id == c.id, Opportunity.stage.in_(OPEN_STAGES)).order_by(Opportunity.id))
    items = [f"{o.code} {Stage(o.stage).label} {money(o.expected_amount)}"
             + (texts.CARD_LEAD_SCORE.format(score=o.lead_score) if o.lead_score is not None else "") for o in opps]
    return "；".join(items) or texts.NONE


def _risks(s: Session, c: Customer) -> list[str]:
    """The open deal's competition, risk, milestone and decision chain (seed 001 模板2), when any is known."""
    opp = open_opportunity(s, c.id)
    return [texts.CARD_RISK.format(field=field.label, text=getattr(opp, field.value)) for field in DealRisk
            if opp is not None and getattr(opp, field.value)]


def _open_requirements(s: Session, c: Customer) -> str:
    reqs = s.scalars(select(Requirement).where(
        Requirement.customer_id == c.id, Requirement.status != "已解决").order_by(Requirement.created_at.desc()).limit(3))
    items = [f"[{'/'.join(r.tags) or '其他'}] {clip(r.description, 14)}({r.importance})" for r in reqs]
    return "；".join(items) or texts.NONE


def _orders(s: Session, c: Customer) -> str:
    orders = s.scalars(select(Order).where(Order.customer_id == c.id)
                       .order_by(Order.ordered_on.desc(), Order.id.desc()).limit(ORDER_LIMIT))
    items = [" ".join(filter(None, (o.code, o.status, money(o.amount), o.fulfilment))) for o in orders]
    return "；".join(items) or texts.NONE


def _recent_activities(s: Session, c: Customer) -> list[Activity]:
    return list(s.scalars(select(Activity).where(Activity.customer_id == c.id, Activity.undone_at.is_(None))
                          .order_by(Activity.occurred_at.desc()).limit(5)))
