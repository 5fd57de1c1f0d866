"""What /完成 and /改期 do to each kind of item on a /待办 list."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from bot import texts
from bot.formatting import month_day
from bot.sales.errors import CommandError
from bot.context import Context
from bot.sales import followups
from bot.sales.changes import ChangeLog
from bot.sales.parsing import date_typed
from bot.sales.requirements import set_status
from bot.sales.vocabulary import ActivityType, Fulfilment, OrderStatus, RequirementStatus
from bot.storage.models import Activity, Customer, FollowUp, Opportunity, Order, Requirement

# The contact a tier's cadence asks for, recorded when the rep marks a cadence item done.
CADENCE_ACTIVITY = {"A": ActivityType.VISIT, "B": ActivityType.CALL, "C": ActivityType.EMAIL, "D": ActivityType.EMAIL}


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
        return followups.complete(ctx, s.get(FollowUp, item["id"]))
    elif kind == "cadence":
        customer = s.get(Customer, item["id"])
        _contact(s, ctx, item["id"], CADENCE_ACTIVITY.get(customer.tier if customer else "D", ActivityType.OTHER).value, item.get("label", ""))
    elif kind == "requirement":
        return _complete_requirement(ctx, s.get(Requirement, item["id"]), reason)
    elif kind == "opportunity":
        opp = s.get(Opportunity, item["id"])
        _contact(s, ctx, item["customer_id"], ActivityType.OTHER.value, item.get("label", ""), opportunity_id=item["id"])
        if opp is not None:
            opp.last_activity_at = ctx.now
    elif kind == "order":
        return _complete_order(s.get(Order, item["id"]), reason)
    return True


def _complete_requirement(ctx: Context, req: Requirement | None, reason: str) -> bool:
    if req is None or req.status == RequirementStatus.RESOLVED:
        return False
    # unanswered for 24 h: /完成 is the answer (跟进中); unsolved for 48 h: /完成 solves it
    status = RequirementStatus.IN_PROGRESS if reason == "req_unanswered" else RequirementStatus.RESOLVED
    set_status(ChangeLog(), req, status, ctx.now)
    return True


def _complete_order(order: Order | None, reason: str) -> bool:
    if order is None:
        return False
    if reason == "order_pending":
        if order.status != OrderStatus.PENDING:
            return False
        order.status = OrderStatus.PROCESSED.value
    else:
        order.fulfilment = Fulfilment.AFTER_SALES.value
    return True


def reschedule(ctx: Context, item: dict, day: date) -> bool:
    """Move a promised follow-up (or a deal's expected close); False for items that have no date to move."""
    if item["kind"] == "followup":
        return followups.reschedule(ctx.session.get(FollowUp, item["id"]), day)
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
    found = date_typed(text, local_now)
    if found is None:
        raise CommandError(texts.TODO_BAD_DATE.format(text=text))
    today = local_now.date()
    if found < today:
        raise CommandError(texts.TODO_PAST_DATE.format(day=month_day(today)))
    return found
