"""Questions to the bot answered from the records: a customer's contacts, last contact, stage; my numbers; whom to
follow up today (REPORT_SEMANTICS §7)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot import texts
from bot.clock import local
from bot.formatting import money, month_day
from bot.notifier.digest import todo_refs, todo_text
from bot.notifier.loader import due_for_user
from bot.reports.audience import base_scope
from bot.reports.kpi_text import kpi_report
from bot.reports.period import parse_period
from bot.sales.followups import open_follow_ups
from bot.sales.vocabulary import ActivityType, Stage
from bot.storage import customers as repo
from bot.storage.models import Activity, Customer
from bot.storage.opportunities import open_opportunity

FOLLOW_UP_WORDS = ("跟进", "待办", "拜访谁", "联系谁")


def answer(ctx, text: str, parsed: dict[str, Any], pool) -> str:
    topic = parsed.get("query_topic")
    if topic == "performance":
        return kpi_report(ctx.session, parse_period("", ctx.today, ctx.tz), base_scope(ctx), ctx.today)
    said = parsed.get("customer") or {}
    ref = next((c for c in pool if c.name == said.get("match")), None)
    customer = ctx.session.get(Customer, ref.id) if ref is not None else None
    if customer is not None and repo.can_see(ctx.session, ctx.user, customer):
        if topic == "contacts":
            return contacts(customer)
        if topic == "last_contact":
            return last_contact(ctx, customer)
        return deal_status(ctx, customer)
    if topic == "followups" or any(word in text for word in FOLLOW_UP_WORDS):
        items = due_for_user(ctx.session, ctx.user, ctx.now, ctx.today, ctx.tz)
        ctx.user.last_todo = todo_refs(items)
        return todo_text(items, ctx.today)
    return texts.QUERY_HINT


def contacts(customer: Customer) -> str:
    people = [c for c in customer.contacts if c.active is not False]
    if not people:
        return texts.QUERY_NO_CONTACTS.format(customer=customer.name)
    shown = "；".join(" ".join(x for x in (c.name, c.title, c.phone, c.email) if x) for c in people)
    return texts.QUERY_CONTACTS.format(customer=customer.name, people=shown)


def last_contact(ctx, customer: Customer) -> str:
    activity = ctx.session.scalars(select(Activity).where(Activity.customer_id == customer.id,
                                                          Activity.undone_at.is_(None))
                                   .order_by(Activity.occurred_at.desc(), Activity.id.desc())).first()
    if activity is None:
        return texts.QUERY_NEVER_CONTACTED.format(customer=customer.name)
    return texts.QUERY_LAST_CONTACT.format(customer=customer.name, day=month_day(local(activity.occurred_at, ctx.tz)),
                                           type=ActivityType(activity.type).label,
                                           text=(activity.raw_text or "")[:30])


def deal_status(ctx, customer: Customer) -> str:
    opp = open_opportunity(ctx.session, customer.id)
    upcoming = open_follow_ups(ctx.session, customer.id)
    nxt = texts.QUERY_NEXT.format(day=month_day(upcoming[0].due_date), action=upcoming[0].action or "") if upcoming \
        else ""
    if opp is None:
        return texts.QUERY_NO_DEAL.format(customer=customer.name).rstrip("。") + nxt
    last = month_day(local(opp.last_activity_at, ctx.tz)) if opp.last_activity_at else texts.NEVER
    return texts.QUERY_STAGE.format(customer=customer.name, code=opp.code, stage=Stage(opp.stage).label,
                                    amount=money(opp.expected_amount), last=last) + nxt
