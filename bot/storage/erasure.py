"""Removing one contact's personal details on request (个人信息保护法): the name, phone and e-mail on the contact row
and every copy of them in stored text (raw messages, replies, reports, activities, requirements, follow-ups, questions,
pushes, cards), then an `erasures` row saying that it was done, without saying who.

A phone or an e-mail is removed wherever it appears. The name (张经理 is a common one) is removed from rows that
belong to the customer (a customer_id column) and, in rows that belong to no customer, only where the customer is
named too (its name, short name or an alias)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, String, Text, or_, select, update
from sqlalchemy.orm import Session

from bot.nlp.shortnames import short_name
from bot.storage.bookkeeping import Erasure
from bot.storage.models import Base, Contact, Customer

REMOVED = "〔已删除〕"


@dataclass(frozen=True)
class Details:
    customer_id: int
    names: tuple[str, ...]  # as said: 张经理, 张三 (a bare surname alone is never replaced)
    everywhere: tuple[str, ...]  # phones and e-mails
    bare: tuple[str, ...]  # the stored names (张): replaced only as the "name" of a parsed contact
    customer_words: tuple[str, ...]


def _scrub(value: Any, details: Details, name_too: bool) -> Any:
    if isinstance(value, str):
        for word in details.everywhere + (details.names if name_too else ()):
            value = value.replace(word, REMOVED)
        return value
    if isinstance(value, list):
        return [_scrub(v, details, name_too) for v in value]
    if isinstance(value, dict):
        return {k: REMOVED if name_too and k == "name" and v in details.bare else _scrub(v, details, name_too)
                for k, v in value.items()}
    return value


def _names_customer(value: Any, words: tuple[str, ...]) -> bool:
    text = value if isinstance(value, str) else repr(value)
    return any(w and w in text for w in words)


def _scrub_table(session: Session, table, details: Details) -> int:
    columns = [c for c in table.columns if isinstance(c.type, (String, Text, JSON)) and not c.primary_key]
    if not columns or "id" not in table.c:
        return 0
    owned = "customer_id" in table.c
    words = details.everywhere + details.names
    like = [c.contains(w, autoescape=True) for c in columns if not isinstance(c.type, JSON) for w in words]
    # JSON keeps non-ASCII escaped on disk, so LIKE cannot see a Chinese name in it: such tables are read in Python.
    stmt = select(table.c.id, *([table.c.customer_id] if owned else []), *columns)
    if not any(isinstance(c.type, JSON) for c in columns):
        stmt = stmt.where(or_(*like))
    changed = 0
    for row in session.execute(stmt).all():
        values = {}
        for column in columns:
            old = getattr(row, column.name)
            name_too = row.customer_id == details.customer_id if owned else _names_customer(old, details.customer_words)
            new = _scrub(old, details, name_too)
            if new != old:
                values[column.name] = new
        if values:
            session.execute(update(table).where(table.c.id == row.id).values(**values))
            changed += len(values)
    return changed


def forget_contact(session: Session, customer: Customer, name: str) -> int | None:
    """Remove the details of `customer`'s contacts called `name` (张三, or 张经理 for 张 with title 经理); the number of
    values removed, None if there is no such contact. The contact rows stay (other rows point at them) with the name
    replaced and phone/e-mail emptied."""
    contacts = [c for c in session.scalars(select(Contact).where(Contact.customer_id == customer.id))
                if name in (c.name, f"{c.name}{c.title or ''}")]
    if not contacts:
        return None
    said = {name} | {f"{c.name}{c.title}" for c in contacts if c.title} | {c.name for c in contacts if len(c.name) > 1}
    everywhere = {v for c in contacts for v in (c.phone, c.email) if v}
    words = tuple(w for w in {customer.name, short_name(customer.name), *(customer.aliases or [])} if w)
    details = Details(customer.id, _longest_first(said), _longest_first(everywhere),
                      tuple({c.name for c in contacts}), words)
    removed = sum(1 for c in contacts for v in (c.name, c.phone, c.email) if v)
    for contact in contacts:
        contact.name, contact.phone, contact.email, contact.active = REMOVED, None, None, False
    session.flush()
    removed += sum(_scrub_table(session, table, details) for table in Base.metadata.sorted_tables
                   if table.name not in ("contacts", "erasures"))
    session.add(Erasure(kind="contact", customer_id=customer.id, values_removed=removed))
    return removed


def _longest_first(words: set[str]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))
