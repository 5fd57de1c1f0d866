"""What /完成 and /改期 do to each kind of item on a /待办 list."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from bot import texts
from bot.sales.errors import CommandError
from bot.context import Context
from bot.nlp import read_date
from bot.storage.models import Activity, Customer, FollowUp, Opportunity, Order, Requirement

# The contact a tier's cadence asks for, recorded when the rep marks a cadence item done.
CADENCE_ACTIVITY = {"A": "visit", "B": "call", "C": "email", "D": "email"}


def _contact(session: Session, ctx: Context, customer_id: int, kind: str, label: str, opportunity_id: int | None = None) -> None:
    session.add(Activity(customer_id=customer_id, user_id=ctx.user.id, opportunity_id=opportunity_id, type=kind,
                         occurred_at=ctx.now, raw_text=f"/完成 {label}"))
    customer = session.get(Customer, customer_id)
    if customer is not None:
        customer.last_contact_at = ctx.now


def complete(ctx: Context, item: dict) -> bool:
    """Mark the item done; False when it was already done elsewhere."""
    s, kind, reason = ctx.session, item["kind"], item.get("reason", "")
    if kind == "followup":
        follow_up = s.get(FollowUp, item["id"])
        if follow_up is None or follow_up.status != "open":
            return False
        follow_up.status, follow_up.closed_at = "done", ctx.now
    elif kind == "cadence":
        customer = s.get(Customer, item["id"])
        _contact(s, ctx, item["id"], CADENCE_ACTIVITY.get(customer.tier if customer else "D", "other"), item.get("label", ""))
    elif kind == "requirement":
        return _complete_requirement(ctx, s.get(Requirement, item["id"]), reason)
    elif kind == "opportunity":
        opp = s.get(Opportunity, item["id"])
        _contact(s, ctx, item["customer_id"], "other", item.get("label", ""), opportunity_id=item["id"])
        if opp is not None:
            opp.last_activity_at = ctx.now
    elif kind == "order":
        return _complete_order(s.get(Order, item["id"]), reason)
    return True


def _complete_requirement(ctx: Context, req: Requirement | None, reason: str) -> bool:
    if req is None or req.status == "已解决":
        return False
    req.responded_at = req.responded_at or ctx.now
    if reason == "req_unanswered":
        req.status = "跟进中"
    else:
        req.status, req.resolved_at = "已解决", ctx.now
    return True


def _complete_order(order: Order | None, reason: str) -> bool:
    if order is None:
        return False
    if reason == "order_pending":
        if order.status != "待处理":
            return False
        order.status = "已处理"
    else:
        order.fulfilment = "售后回访"
    return True


def reschedule(ctx: Context, item: dict, day: date) -> bool:
    """Move a promised follow-up (or a deal's expected close); False for items that have no date to move."""
    if item["kind"] == "followup":
        follow_up = ctx.session.get(FollowUp, item["id"])
        if follow_up is None or follow_up.status != "open":
            return False
        follow_up.due_date = day
        return True
    if item.get("reason") == "close_soon":
        opp = ctx.session.get(Opportunity, item["id"])
        if opp is None:
            return False
        opp.expected_close = day
        return True
    return False


def parse_day(text: str, local_now: datetime) -> date:
    """A date phrase (下周三, 11月25日, 2026-11-25) read by the parser's one date reader; `local_now` is naive local time."""
    text = text.strip()
    found = read_date(text, local_now)
    if found is None:
        raise CommandError(texts.TODO_BAD_DATE.format(text=text))
    today = local_now.date()
    if found < today:
        raise CommandError(texts.TODO_PAST_DATE.format(day=f"{today.month}月{today.day}日"))
    return found
