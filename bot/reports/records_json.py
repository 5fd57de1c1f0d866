"""Every record as one JSON document (`python -m bot export --format json`, replay's export lines).

Admin scope: all users and all customers, each customer with its contacts, activities (contacts that happened; ones
taken back by /撤销 are left out), follow-ups, requirements, opportunities and orders. Amounts are yuan as JSON numbers,
dates YYYY-MM-DD, times HH:MM, datetimes ISO 8601 in local time; stages are the stored keys (initial … won, lost).
The keys are listed in docs/replay_export.md; integrations rely on them, so add keys rather than rename them.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from bot.clock import local, utcnow
from bot.storage.codes import code_order
from bot.storage.models import Activity, Contact, Customer, FollowUp, Opportunity, Order, Requirement, Team, User


def money(value: Decimal | None) -> int | float | None:
    """Yuan as a JSON number: whole yuan as an integer, otherwise with its fen."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def day(value: date | None) -> str | None:
    return value.isoformat() if value else None


class _Times:
    """Aware UTC datetimes as ISO 8601 in the bot's zone."""

    def __init__(self, tz: str):
        self.tz = tz

    def __call__(self, value: datetime | None) -> str | None:
        return local(value, self.tz).isoformat(timespec="seconds") if value else None


def _by_customer(session: Session, query: Select) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in session.scalars(query):
        grouped[row.customer_id].append(row)
    return grouped


def _contact(c: Contact) -> dict[str, Any]:
    return {"name": c.name, "title": c.title, "phone": c.phone, "email": c.email, "active": c.active}


def _activity(a: Activity, when: _Times) -> dict[str, Any]:
    return {"type": a.type, "at": when(a.occurred_at), "text": a.raw_text}


def _follow_up(f: FollowUp, when: _Times) -> dict[str, Any]:
    return {"date": day(f.due_date), "time": f.due_time, "action": f.action, "status": f.status,
            "created_at": when(f.created_at), "closed_at": when(f.closed_at)}


def _requirement(r: Requirement, when: _Times) -> dict[str, Any]:
    return {"tags": list(r.tags or []), "status": r.status, "importance": r.importance, "description": r.description,
            "amount": money(r.amount), "created_at": when(r.created_at), "responded_at": when(r.responded_at),
            "resolved_at": when(r.resolved_at)}


def _opportunity(o: Opportunity, when: _Times, owners: dict[int, str]) -> dict[str, Any]:
    return {"code": o.code, "title": o.title, "owner": owners.get(o.owner_id), "created_at": when(o.created_at),
            "stage": o.stage, "budget": money(o.expected_amount), "budget_max": money(o.budget_max),
            "quote": money(o.quote_amount), "contract": money(o.contract_amount),
            "expected_close": day(o.expected_close), "probability": o.probability, "lead_score": o.lead_score,
            "lost_reason": o.lost_reason, "closed_at": when(o.closed_at), "competition": o.competition, "risk": o.risk,
            "milestone": o.milestone, "decision_chain": o.decision_chain}


def _order(o: Order) -> dict[str, Any]:
    return {"code": o.code, "amount": money(o.amount), "unit_price": money(o.unit_price), "quantity": o.quantity,
            "unit": o.unit, "product": o.product, "model": o.model, "status": o.status, "fulfilment": o.fulfilment,
            "ordered_on": day(o.ordered_on), "delivered_on": day(o.delivered_on), "demand_type": o.demand_type,
            "paid": money(o.paid), "cancel_reason": o.cancel_reason}


def records_document(session: Session, tz: str) -> dict[str, Any]:
    """The whole database as the export document; one query per table."""
    when = _Times(tz)
    teams = {team_id: name for team_id, name in session.execute(select(Team.id, Team.name))}
    users = list(session.scalars(select(User).order_by(User.id)))
    names = {u.id: u.name for u in users}
    contacts = _by_customer(session, select(Contact).order_by(Contact.id))
    activities = _by_customer(session, select(Activity).where(Activity.undone_at.is_(None))
                              .order_by(Activity.occurred_at, Activity.id))
    follow_ups = _by_customer(session, select(FollowUp).order_by(FollowUp.due_date, FollowUp.id))
    requirements = _by_customer(session, select(Requirement).order_by(Requirement.created_at, Requirement.id))
    opportunities = _by_customer(session, select(Opportunity).order_by(Opportunity.created_at, Opportunity.id))
    orders = _by_customer(session, select(Order))
    for listed in orders.values():
        listed.sort(key=lambda o: code_order(o.code))
    customers = []
    for c in session.scalars(select(Customer).order_by(Customer.id)):
        customers.append({
            "name": c.name, "aliases": list(c.aliases or []), "owner": names.get(c.owner_id), "tier": c.tier,
            "kind": c.kind, "industry": c.industry, "source": c.source, "region": c.region, "phone": c.phone,
            "created_at": when(c.created_at), "last_contact_at": when(c.last_contact_at),
            "contacts": [_contact(p) for p in contacts[c.id]],
            "activities": [_activity(a, when) for a in activities[c.id]],
            "follow_ups": [_follow_up(f, when) for f in follow_ups[c.id]],
            "requirements": [_requirement(r, when) for r in requirements[c.id]],
            "opportunities": [_opportunity(o, when, names) for o in opportunities[c.id]],
            "orders": [_order(o) for o in orders[c.id]],
        })
    return {"exported_at": when(utcnow()), "timezone": tz,
            "users": [{"name": u.name, "role": u.role, "team": teams.get(u.team_id)} for u in users],
            "customers": customers}
