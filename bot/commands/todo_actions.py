"""What /完成 and /改期 do to each kind of item on a /待办 list."""
from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy.orm import Session

from bot import texts
from bot.commands.registry import CommandError
from bot.context import Context
from bot.storage.models import Activity, Customer, Opportunity, Order, Requirement

# The contact a tier's cadence asks for, recorded when the rep marks a cadence item done.
CADENCE_ACTIVITY = {"A": "visit", "B": "call", "C": "email", "D": "email"}
ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
MONTH_DAY = re.compile(r"^(?:(\d{4})年)?(\d{1,2})[月/.-](\d{1,2})[日号]?$")


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
        activity = s.get(Activity, item["id"])
        if activity is None or activity.done_at or activity.undone_at:
            return False
        activity.done_at = ctx.now
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
        activity = ctx.session.get(Activity, item["id"])
        if activity is None:
            return False
        activity.next_date = day
        return True
    if item.get("reason") == "close_soon":
        opp = ctx.session.get(Opportunity, item["id"])
        if opp is None:
            return False
        opp.expected_close = day
        return True
    return False


def parse_day(text: str, now: datetime, today: date) -> date:
    """A date phrase: the report parser when it is installed ("下周三"), else 2026-11-25 / 11月25日."""
    text = text.strip()
    found = _parse_plain(text, today) or _parse_with_nlp(text, now)
    if found is None:
        raise CommandError(texts.TODO_BAD_DATE.format(text=text))
    if found < today:
        raise CommandError(texts.TODO_PAST_DATE.format(day=f"{today.month}月{today.day}日"))
    return found


def _parse_plain(text: str, today: date) -> date | None:
    m = ISO_DATE.match(text) or MONTH_DAY.match(text)
    if m is None:
        return None
    year = int(m.group(1)) if m.group(1) else today.year
    try:
        day = date(year, int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    if m.group(1) is None and day < today:  # "1月5日" in December means next January
        try:
            day = day.replace(year=year + 1)
        except ValueError:
            return None
    return day


def _parse_with_nlp(text: str, now: datetime) -> date | None:
    try:
        from bot.nlp import parse
    except ImportError:
        return None
    value = parse(text, now, []).to_dict().get("next_date")
    return date.fromisoformat(value) if isinstance(value, str) else value
