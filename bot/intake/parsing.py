"""The one call into the parser, and the known customers it matches against (loaded with one query)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.storage import customers as repo
from bot.storage.models import Customer, User
from bot.storage.users import teammates_ids

EMPTY_RESULT: dict[str, Any] = {
    "intent": "unknown", "activity_type": None, "customer": None, "contacts": [], "amounts": [], "quantity": None,
    "tags": [], "urgency": "normal", "stage": None, "lost_reason": None, "source": None,
    "next_date": None, "next_time": None, "next_action": None,
}


def visible_list(session: Session, user: User) -> list[Customer]:
    return list(session.scalars(repo.visible_customers(session, user)))


@dataclass(frozen=True)
class CustomerRef:
    """The columns matching needs; the full row is loaded only for the customer a report is filed against."""

    id: int
    name: str
    aliases: tuple[str, ...]
    owner_id: int


def reportable_list(session: Session, user: User) -> list[CustomerRef]:
    """Customers `user` may report on: those visible to them plus their teammates' (whose owners get told)."""
    owners = repo.visible_owner_ids(session, user)
    query = select(Customer.id, Customer.name, Customer.aliases, Customer.owner_id)
    if owners is not None:
        query = query.where(Customer.owner_id.in_(sorted(set(owners) | set(teammates_ids(session, user)))))
    return [CustomerRef(i, name, tuple(aliases or ()), owner) for i, name, aliases, owner in session.execute(query)]


def parse_message(text: str, local_now: datetime, customers: list[Customer] | list[CustomerRef]) -> dict[str, Any]:
    """The parse contract's dict for `text`; an unknown intent while the parser is not installed."""
    try:
        from bot.nlp import KnownCustomer, parse
    except ImportError:
        return dict(EMPTY_RESULT)
    known = [KnownCustomer(c.name, tuple(c.aliases or ())) for c in customers]
    return parse(text, local_now.replace(tzinfo=None), known).to_dict()
