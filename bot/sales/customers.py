"""Which customer a message or command means, among those the sender may act on; duplicates; learned aliases."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.nlp.shortnames import short_name
from bot.sales.errors import CommandError
from bot.storage import customers as repo
from bot.storage.models import Customer, User
from bot import texts

ACCEPT_SCORE = 85
ASK_SCORE = 50
MAX_CHOICES = 3


@dataclass(frozen=True)
class CustomerName:
    """The columns matching needs; the full row is loaded only for the customer a report is filed against."""

    id: int
    name: str
    aliases: tuple[str, ...]
    owner_id: int | None  # None: in the team's pool (公海)


@dataclass
class Resolution:
    kind: str  # found / ask / unknown / none
    customer: Customer | None = None
    candidates: list[CustomerName] = field(default_factory=list)
    name: str | None = None


def reportable(session: Session, user: User) -> list[CustomerName]:
    """Customers `user` may report on: those they may know of (the team's, its pool's; the owners get told).

    In id order: PostgreSQL returns updated rows in a new place, and an order that changed with every report would
    rebuild the parser's name index (cached per list) each message and reorder the choices of an ambiguous name."""
    query = repo.known_customers(session, user, select(Customer.id, Customer.name, Customer.aliases, Customer.owner_id)
                                 .order_by(Customer.id))
    return [CustomerName(i, name, tuple(aliases or ()), owner) for i, name, aliases, owner in session.execute(query)]


def visible(session: Session, user: User) -> list[Customer]:
    return list(session.scalars(repo.visible_customers(session, user)))


def resolve(session: Session, said: dict[str, Any] | None, pool: list[CustomerName]) -> Resolution:
    """The parser's customer against the customers the sender may report on: found, ask which, or unknown."""
    if not said or not (said.get("text") or said.get("match")):
        return Resolution("none")
    by_name = {c.name: c for c in pool}
    match, score = said.get("match"), said.get("score") or 0
    if match in by_name and score >= ACCEPT_SCORE:
        return Resolution("found", session.get(Customer, by_name[match].id))
    if match in by_name and score >= ASK_SCORE:
        others = [c for c in close_candidates(said.get("text") or match, pool) if c.name != match]
        return Resolution("ask", candidates=[by_name[match], *others][:MAX_CHOICES])
    named = [c for c in pool if (said.get("text") or "") in (c.name, *c.aliases)]
    if len(named) == 1:
        return Resolution("found", session.get(Customer, named[0].id))
    return Resolution("unknown", name=said.get("text") or match)


def close_candidates(text: str, pool: list[CustomerName]) -> list[CustomerName]:
    scored = [(max(fuzz.WRatio(text, n) for n in (c.name, *c.aliases)), c) for c in pool]
    return [c for score, c in sorted(scored, key=lambda p: -p[0]) if score >= ASK_SCORE][:MAX_CHOICES]


def may_report_on(session: Session, user: User, customer: Customer) -> bool:
    return repo.may_know(session, user, customer)


def for_command(session: Session, user: User, query: str, usage: str) -> Customer:
    """The one customer `query` names among those the sender may report on; a CommandError otherwise."""
    pool = list(session.scalars(select(Customer).where(Customer.id.in_([c.id for c in reportable(session, user)]))))
    found = repo.search(session, query, pool)
    if not found:
        raise CommandError(f"{texts.CUSTOMER_NOT_FOUND.format(query=query)}\n{usage}")
    if len(found) > 1:
        raise CommandError(texts.CUSTOMER_AMBIGUOUS.format(names="、".join(c.name for c in found[:5]),
                                                           first=f"{found[0].name} …"))
    return found[0]


def similar_customers(session: Session, user: User, name: str) -> list[Customer]:
    """Customers the sender may report on that may be the company `name` names: their short names (the parser's,
    docs/customer_names.md) are alike, or an alias's is."""
    wanted = short_name(name)
    ids = [c.id for c in reportable(session, user)]
    similar = [c for c in session.scalars(select(Customer).where(Customer.id.in_(ids)).order_by(Customer.id))
               if any(_alike(_short(known), wanted) for known in (c.name, *(c.aliases or [])))]
    return similar[:MAX_CHOICES]


def alike_names(name: str, names: list[str]) -> list[str]:
    """Those of `names` (other than `name` itself) that may be the same company, by the rule of similar_customers."""
    wanted = short_name(name)
    return [n for n in names if n != name and _alike(_short(n), wanted)][:MAX_CHOICES]


@lru_cache(maxsize=65536)
def _short(name: str) -> str:
    return short_name(name)


def _alike(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    if len(short) < 2:
        return False
    return long.startswith(short) or (len(short) >= 3 and short in long) or fuzz.ratio(a, b) >= ACCEPT_SCORE


def learn_alias(log, customer: Customer, said: str | None) -> None:
    """A name the rep used and then confirmed (picked from a question) names this customer from now on."""
    said = (said or "").strip()
    if len(said) >= 2 and said != customer.name and said not in (customer.aliases or []):
        log.set(customer, "aliases", [*(customer.aliases or []), said])
