"""File one parsed report in the request's transaction: the activity, follow-ups, contacts, requirement, deal and
orders it implies, and a Report row recording everything it created or changed (for the confirmation and /撤销)."""
from __future__ import annotations

import uuid
from typing import Any


from bot import texts
from bot.sales import deals, followups, requirements
from bot.sales.changes import ChangeLog
from bot.sales.command_reports import notify
from bot.sales.confirm import change_lines
from bot.sales.customers import learn_alias
from bot.sales.pool import ensure_owned
from bot.sales.vocabulary import ActivityType, CustomerKind, Source
from bot.storage.models import Activity, Contact, Customer, Report


def file_report(ctx, text: str, parsed: dict[str, Any], customer: Customer | None,
                new_customer: dict[str, Any] | None = None, batch: str | None = None,
                confirmed_name: str | None = None) -> Report:
    """File `parsed` against `customer`, or a customer created from `new_customer` {name, source, industry}.
    `confirmed_name` is the name the rep used when they confirmed which customer they meant (kept as an alias)."""
    log = ChangeLog()
    if new_customer is not None:
        customer = create_customer(ctx, log, new_customer)
    ensure_owned(customer)
    report = Report(user_id=ctx.user.id, customer=customer, text=text, parsed=parsed, created_at=ctx.now)
    ctx.session.add(report)
    ctx.session.flush()
    filed: dict[str, Any] = {"customer": customer.name, "new": new_customer is not None}
    # The rules read the customer's open records and then change them; nothing they read depends on a row this report
    # adds, so the reads need not flush first and one flush at the end writes everything (orders.recompute_tier,
    # which sums the new order, flushes for itself).
    with ctx.session.no_autoflush:
        promised = followups.open_follow_ups(ctx.session, customer.id)
        if confirmed_name:
            learn_alias(log, customer, confirmed_name)
        opp = deals.apply(ctx, log, customer, parsed, report, filed)
        activity = record_activity(ctx, log, customer, opp, parsed, text, report)
        filed["type"] = activity.type if activity is not None else None
        followups.apply(ctx, log, customer, opp, parsed, report, activity, promised, filed)
        save_contacts(ctx, log, customer, parsed, filed)
        requirements.apply(ctx, log, customer, activity, parsed, text, report, filed)
        if activity is not None:
            log.set(customer, "last_contact_at", ctx.now)
    ctx.session.flush()
    filed["flagged_owner"] = flag_to_owner(ctx, log, customer, report, text, filed)
    report.changes = {**log.to_dict(), "new_customer": new_customer, "summary": filed, "batch": batch}
    return report


def new_batch() -> str:
    return uuid.uuid4().hex[:12]


def create_customer(ctx, log: ChangeLog, spec: dict[str, Any]) -> Customer:
    customer = Customer(name=spec["name"], aliases=[], industry=spec.get("industry"),
                        source=spec.get("source") or Source.OTHER.value, owner_id=ctx.user.id, tier="D",
                        kind=CustomerKind.NEW.value, created_at=ctx.now)
    log.add(ctx.session, customer)
    return customer


def record_activity(ctx, log: ChangeLog, customer: Customer, opp, parsed: dict[str, Any], text: str,
                    report: Report) -> Activity | None:
    """Every filed report of something that happened is one activity; a plan records none."""
    if parsed.get("mode") == "plan":
        return None
    kind = parsed.get("activity_type")
    activity = Activity(customer_id=customer.id, user_id=ctx.user.id, opportunity=opp, report_id=report.id,
                        type=kind if kind in ActivityType._value2member_map_ else ActivityType.OTHER.value,
                        occurred_at=ctx.now, raw_text=text, created_at=ctx.now)
    log.add(ctx.session, activity)
    return activity


def save_contacts(ctx, log: ChangeLog, customer: Customer, parsed: dict[str, Any], filed: dict[str, Any]) -> None:
    """New people are added with title, phone and e-mail; 换人 / 新对接人 makes the earlier ones former contacts."""
    people = parsed.get("contacts") or []
    newcomers = {p["name"] for p in people if p.get("new")}
    if newcomers or (parsed.get("contact_changed") and people):
        staying = newcomers or {p["name"] for p in people}
        for known in customer.contacts:  # 换人了，新对接人是…: everyone else, named or not, is a former contact now
            if known.active and known.name not in staying:
                log.set(known, "active", False)
                filed.setdefault("former", []).append(known.name)
        people = [p for p in people if p["name"] in staying]
    for person in people:
        known = next((c for c in customer.contacts if c.name == person["name"]), None)
        if known is None:
            known = Contact(customer=customer, name=person["name"][:64], created_at=ctx.now)
            log.add(ctx.session, known)
        changed = [log.set(known, key, person[key]) for key in ("title", "phone", "email") if person.get(key)]
        if not known.active:
            log.set(known, "active", True)
        if log.is_new(known) or any(changed):
            details = " ".join(person[k] for k in ("title", "phone", "email") if person.get(k))
            filed.setdefault("contacts", []).append(f"{person['name']}{f'（{details}）' if details else ''}")


def flag_to_owner(ctx, log: ChangeLog, customer: Customer, report: Report, text: str,
                  filed: dict[str, Any]) -> str | None:
    """A report on a teammate's customer is filed, and its owner reads what it said and the same change lines the
    reporter's confirmation shows."""
    if customer.owner_id == ctx.user.id:
        return None
    changed = "\n".join(change_lines(filed))
    message = texts.TEAMMATE_REPORT.format(who=ctx.user.name, customer=customer.name, text=text)
    notify(ctx, log, customer.owner, f"{message}\n{changed}".strip(), f"teammate-report:{report.id}")
    return customer.owner.name


def file_new_customer(ctx, spec: dict[str, Any]) -> Report:
    """/新客户: a Report that only created a customer, so /撤销 can take it back."""
    log = ChangeLog()
    report = Report(user_id=ctx.user.id, customer=create_customer(ctx, log, spec), text=spec["name"], parsed={},
                    created_at=ctx.now)
    ctx.session.add(report)
    ctx.session.flush()
    report.changes = {**log.to_dict(), "new_customer": spec, "summary": None}
    return report
