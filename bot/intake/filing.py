"""Store one parsed report in the request's transaction: activity, contacts, requirement, deal, and a Report row."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from bot import texts
from bot.context import Context
from bot.intake import deals
from bot.intake.changes import ChangeLog
from bot.notifier.channels import route_for_user
from bot.storage.models import Activity, Contact, Customer, FollowUp, Outbox, Report, Requirement

HIGH_AMOUNT = 500_000
MID_AMOUNT = 100_000
TIER_POINTS = {"A": 2, "B": 1}


def file_report(ctx: Context, text: str, parsed: dict[str, Any], customer: Customer | None,
                new_customer: dict[str, Any] | None = None) -> Report:
    """File `parsed` against `customer`, or against a customer created from `new_customer` {name, source, industry}."""
    log = ChangeLog()
    if new_customer is not None:
        customer = create_customer(ctx, log, new_customer)
    report = Report(user_id=ctx.user.id, customer=customer, text=text, parsed=parsed, created_at=ctx.now)
    ctx.session.add(report)
    ctx.session.flush()
    promised = open_follow_ups(ctx, customer)
    opp = deals.deal_for(ctx, log, customer, parsed)
    stage_move, order = None, None
    if opp is not None:
        deals.apply_amounts(log, opp, parsed.get("amounts") or [])
        if parsed.get("stage"):
            stage_move = deals.move_stage(ctx, log, opp, parsed["stage"], report, parsed.get("lost_reason"))
        if stage_move and stage_move[1] == "won":
            order = deals.record_win(ctx, log, opp, parsed, report)
        log.set(opp, "last_activity_at", ctx.now)
    activity = record_activity(ctx, log, customer, opp, parsed, text, report, promised)
    save_contacts(ctx, log, customer, parsed.get("contacts") or [])
    requirement = save_requirement(ctx, log, customer, activity, parsed, text, report)
    log.set(customer, "last_contact_at", ctx.now)
    flagged = flag_to_owner(ctx, log, customer, report, text)
    ctx.session.flush()
    report.changes = {**log.to_dict(), "new_customer": new_customer, "summary": {
        "customer": customer.name, "type": activity.type, "new": new_customer is not None,
        "opp_code": opp.code if opp is not None and log.is_new(opp) else None,
        "tags": requirement.tags if requirement else [], "importance": requirement.importance if requirement else None,
        "amounts": [[a["kind"], a["value"]] for a in parsed.get("amounts") or []],
        "stage": list(stage_move) if stage_move else None, "order": order.code if order else None,
        "lost_reason": opp.lost_reason if stage_move and stage_move[1] == "lost" else None,
        "next_date": parsed.get("next_date"), "next_time": parsed.get("next_time"),
        "next_action": parsed.get("next_action"), "flagged_owner": flagged,
    }}
    return report


def create_customer(ctx: Context, log: ChangeLog, spec: dict[str, Any]) -> Customer:
    customer = Customer(name=spec["name"], aliases=[], industry=spec.get("industry"), source=spec.get("source"),
                        owner_id=ctx.user.id, tier="D", kind="新", created_at=ctx.now)
    log.add(ctx.session, customer)
    return customer


def open_follow_ups(ctx: Context, customer: Customer) -> list[Activity]:
    """Follow-ups the sender promised this customer and has not done: this report is that follow-up. Read before the
    report changes anything, so the query's autoflush has nothing to write."""
    return list(ctx.session.scalars(select(FollowUp).where(
        FollowUp.user_id == ctx.user.id, FollowUp.customer_id == customer.id, FollowUp.status == "open")))


def record_activity(ctx: Context, log: ChangeLog, customer: Customer, opp, parsed: dict[str, Any], text: str,
                    report: Report, promised: list[FollowUp]) -> Activity:
    for follow_up in promised:
        log.set(follow_up, "status", "done")
        log.set(follow_up, "closed_at", ctx.now)
    next_date = parsed.get("next_date")
    activity = Activity(customer_id=customer.id, user_id=ctx.user.id, opportunity=opp,
                        report_id=report.id, type=parsed.get("activity_type") or "other", occurred_at=ctx.now,
                        raw_text=text, created_at=ctx.now)
    log.add(ctx.session, activity)
    if next_date:
        log.add(ctx.session, FollowUp(customer_id=customer.id, user_id=ctx.user.id, opportunity=opp,
                                      report_id=report.id, activity=activity, due_date=date.fromisoformat(next_date),
                                      due_time=parsed.get("next_time"),
                                      action=(parsed.get("next_action") or "")[:128] or None, created_at=ctx.now))
    return activity


def save_contacts(ctx: Context, log: ChangeLog, customer: Customer, contacts: list[dict[str, Any]]) -> None:
    for person in contacts:
        known = next((c for c in customer.contacts if c.name == person["name"]), None)
        if known is None:
            log.add(ctx.session, Contact(customer=customer, name=person["name"], title=person.get("title"),
                                         created_at=ctx.now))
        elif person.get("title"):
            log.set(known, "title", person["title"])


def importance(urgency: str, amount: float | None, tier: str) -> str:
    points = 2 if urgency == "high" else 0
    points += 2 if (amount or 0) >= HIGH_AMOUNT else 1 if (amount or 0) >= MID_AMOUNT else 0
    points += TIER_POINTS.get(tier, 0)
    return "高" if points >= 2 else "中" if points == 1 else "低"


def save_requirement(ctx: Context, log: ChangeLog, customer: Customer, activity: Activity, parsed: dict[str, Any],
                     text: str, report: Report) -> Requirement | None:
    if not parsed.get("tags"):
        return None
    amount = max((a["value"] for a in parsed.get("amounts") or []), default=None)
    requirement = Requirement(
        customer_id=customer.id, user_id=ctx.user.id, activity=activity, opportunity=activity.opportunity,
        report_id=report.id, tags=list(parsed["tags"]), description=text, status="未跟进", created_at=ctx.now,
        importance=importance(parsed.get("urgency") or "normal", amount, customer.tier),
        amount=Decimal(str(amount)) if amount is not None else None)
    log.add(ctx.session, requirement)
    return requirement


def flag_to_owner(ctx: Context, log: ChangeLog, customer: Customer, report: Report, text: str) -> str | None:
    """A report on someone else's customer is filed, and its owner hears about it."""
    if customer.owner_id == ctx.user.id:
        return None
    channel, target = route_for_user(customer.owner)
    message = texts.TEAMMATE_REPORT.format(who=ctx.user.name, customer=customer.name, text=text)
    log.add(ctx.session, Outbox(channel=channel, target=target, payload={"text": message},
                                idempotency_key=f"teammate-report:{report.id}", created_at=ctx.now,
                                next_attempt_at=ctx.now))
    return customer.owner.name


def file_new_customer(ctx: Context, spec: dict[str, Any]) -> Report:
    """/新客户: a Report that only created a customer, so /撤销 can take it back."""
    log = ChangeLog()
    report = Report(user_id=ctx.user.id, customer=create_customer(ctx, log, spec), text=spec["name"], parsed={},
                    created_at=ctx.now)
    ctx.session.add(report)
    ctx.session.flush()
    report.changes = {**log.to_dict(), "new_customer": spec, "summary": None}
    return report
