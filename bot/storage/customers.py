"""The visibility rule, in one place, and customer look-ups under it.

Two levels. Details (cards, lists, numbers): a rep sees their own customers, a manager the team's, an admin all.
Existence and owner ("华为 is 李娜's"): anyone in the team knows the team's customers, since reps report on
teammates' customers and the owner is told; an admin knows all. Outside that a customer does not exist for the
user: every look-up answers as for a name nobody registered ("没找到"). Groups add rules of their own
(bot/reports/audience.py): a group's team figures only for that team's members.

A customer in a team's pool (公海, bot/sales/pool.py) has no owner: it is known to and seen by everyone in that team
(they may claim it), and by admins; no other team learns it exists.
"""
from __future__ import annotations

from typing import TypeVar

from sqlalchemy import Select, false, or_, select
from sqlalchemy.orm import Session

from bot.storage.models import Customer, User
from bot.storage.users import teammates_ids

TIER_ORDER = {"A": 0, "B": 1, "C": 2, "D": 3}
R = TypeVar("R")


def visible_owner_ids(session: Session, user: User) -> list[int] | None:
    """Owner ids whose customers `user` may see; None means all (admin)."""
    if user.role == "admin":
        return None
    if user.role == "manager":
        return teammates_ids(session, user)
    return [user.id]


def known_owner_ids(session: Session, user: User) -> list[int] | None:
    """Owner ids whose customers `user` may know exist, and who owns them (and report on); None means all."""
    if user.role == "admin":
        return None
    return teammates_ids(session, user)


def in_own_pool(user: User, customer) -> bool:
    """`customer` (a Customer or a row with owner_id and pool_team_id) is in the pool of `user`'s team."""
    return customer.owner_id is None and user.team_id is not None and customer.pool_team_id == user.team_id


def _owned_or_team_pool(query: Select, owners: list[int] | None, user: User) -> Select:
    if owners is None:
        return query
    if user.team_id is None:
        return query.where(Customer.owner_id.in_(owners))
    return query.where(or_(Customer.owner_id.in_(owners), Customer.pool_team_id == user.team_id))


def may_know(session: Session, user: User, customer) -> bool:
    """`customer` (a Customer or any row with owner_id and pool_team_id) exists for `user`."""
    owners = known_owner_ids(session, user)
    return owners is None or customer.owner_id in owners or in_own_pool(user, customer)


def name_taken(session: Session, name: str) -> bool:
    """A customer of this exact name exists anywhere (names are unique company-wide)."""
    return session.scalar(select(Customer.id).where(Customer.name == name)) is not None


def known_customers(session: Session, user: User, query: Select | None = None) -> Select:
    """`query` (whole customer rows by default) narrowed to the customers `user` may know of."""
    query = select(Customer) if query is None else query
    return _owned_or_team_pool(query, known_owner_ids(session, user), user)


def visible_customers(session: Session, user: User, query: Select | None = None) -> Select:
    """`query` (whole customer rows by default) narrowed to the customers `user` may see."""
    query = select(Customer) if query is None else query
    return _owned_or_team_pool(query, visible_owner_ids(session, user), user)


def can_see(session: Session, user: User, customer: Customer) -> bool:
    owners = visible_owner_ids(session, user)
    return owners is None or customer.owner_id in owners or in_own_pool(user, customer)


def team_pool(session: Session, user: User, query: Select | None = None) -> Select:
    """`query` narrowed to the customers in `user`'s team's pool (an admin: every team's)."""
    query = (select(Customer) if query is None else query).where(Customer.owner_id.is_(None))
    if user.role == "admin":
        return query
    return query.where(Customer.pool_team_id == user.team_id) if user.team_id is not None else query.where(false())


def _names(customer: Customer) -> list[str]:
    return [customer.name, *(customer.aliases or [])]


def search(session: Session, query: str, candidates: list[Customer] | None = None) -> list[Customer]:
    """Customers named `query`: exact name or alias first, else those whose name or alias contains it."""
    query = query.strip().lower()
    pool = candidates if candidates is not None else list(session.scalars(select(Customer)))
    exact = [c for c in pool if query in (n.lower() for n in _names(c))]
    if exact:
        return exact
    return [c for c in pool if any(query in n.lower() or n.lower() in query for n in _names(c) if len(n) >= 2)]


def sort_by_tier(rows: list[R]) -> list[R]:
    """Customers, or rows with `tier` and `name`: A first, then by name."""
    return sorted(rows, key=lambda c: (TIER_ORDER.get(c.tier, 9), c.name))
