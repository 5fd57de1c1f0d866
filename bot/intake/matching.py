"""Which customer a report is about: the parser's match, close candidates to ask about, teammates' customers, duplicates."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.intake.parsing import CustomerRef
from bot.storage import customers as repo
from bot.storage.models import Customer, User
from bot.storage.users import teammates_ids

ACCEPT_SCORE = 85
ASK_SCORE = 50
MAX_CHOICES = 3
SUFFIXES = re.compile(r"(股份有限公司|有限责任公司|有限公司|集团|股份|公司)$")


@dataclass
class Resolution:
    kind: str  # found / ask / unknown / none
    customer: Customer | None = None
    candidates: list[CustomerRef] = field(default_factory=list)
    name: str | None = None


def resolve(session: Session, user: User, said: dict[str, Any] | None, visible: list[CustomerRef]) -> Resolution:
    if not said or not (said.get("text") or said.get("match")):
        return Resolution("none")
    by_name = {c.name: c for c in visible}
    match, score = said.get("match"), said.get("score") or 0
    if match in by_name and score >= ACCEPT_SCORE:
        return Resolution("found", session.get(Customer, by_name[match].id))
    if match in by_name and score >= ASK_SCORE:
        others = [c for c in close_candidates(said.get("text") or match, visible) if c.name != match]
        return Resolution("ask", candidates=[by_name[match], *others][:MAX_CHOICES])
    teammates = teammate_customer(session, user, said.get("text") or "")
    if teammates is not None:
        return Resolution("found", teammates)
    return Resolution("unknown", name=said.get("text") or match)


def close_candidates(text: str, pool: list[CustomerRef]) -> list[CustomerRef]:
    scored = [(max(fuzz.WRatio(text, n) for n in names_of(c)), c) for c in pool]
    return [c for score, c in sorted(scored, key=lambda p: -p[0]) if score >= ASK_SCORE][:MAX_CHOICES]


def teammate_customer(session: Session, user: User, text: str) -> Customer | None:
    """A teammate's customer named exactly like `text` (reps report on teammates' customers; owners are told)."""
    if not text or user.team_id is None:
        return None
    others = [i for i in teammates_ids(session, user) if i != user.id]  # own customers went to the parser already
    pool = list(session.scalars(select(Customer).where(Customer.owner_id.in_(others))))
    found = repo.search(session, text, pool)
    return found[0] if len(found) == 1 else None


def may_report_on(session: Session, user: User, customer: Customer) -> bool:
    return repo.can_see(session, user, customer) or customer.owner_id in teammates_ids(session, user)


def names_of(customer: Customer) -> list[str]:
    return [customer.name, *(customer.aliases or [])]


def core(name: str) -> str:
    return SUFFIXES.sub("", name.strip())


def similar_customers(session: Session, name: str, phone: str | None = None) -> list[Customer]:
    """Existing customers that may be the same company: close name, an alias, or the same phone."""
    wanted = core(name)
    similar = []
    for customer in session.scalars(select(Customer).order_by(Customer.id)):
        if phone and customer.phone == phone:
            similar.append(customer)
            continue
        if any(_alike(known, wanted) for known in map(core, names_of(customer))):
            similar.append(customer)
    return similar[:MAX_CHOICES]


def _alike(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    if len(short) < 2:
        return False
    return long.startswith(short) or (len(short) >= 3 and short in long) or fuzz.ratio(a, b) >= ACCEPT_SCORE
