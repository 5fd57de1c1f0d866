"""Whose numbers a report shows: a team, one rep, or everyone; and the names of the reps in it."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.storage.models import Team, User


@dataclass(frozen=True)
class Scope:
    label: str
    owner_ids: list[int] | None  # None: everyone (admin)
    names: dict[int, str]  # owner id -> name, for per-rep lines
    per_rep: bool  # show per-rep lines (a team view)
    team_id: int | None = None  # the team whose figures these are (its targets apply)


def owned_by(query, column, owner_ids: list[int] | None):
    """`query` limited to rows whose `column` is one of `owner_ids`; None means everyone's."""
    return query if owner_ids is None else query.where(column.in_(owner_ids))


def team_scope(session: Session, team_id: int) -> Scope:
    team = session.get(Team, team_id)
    members = list(session.scalars(select(User).where(User.team_id == team_id).order_by(User.id)))
    return Scope(team.name if team else str(team_id), [u.id for u in members], {u.id: u.name for u in members}, True,
                 team_id)


def rep_scope(user: User) -> Scope:
    return Scope(user.name, [user.id], {user.id: user.name}, False)


def everyone_scope(session: Session, label: str) -> Scope:
    users = list(session.scalars(select(User).order_by(User.id)))
    return Scope(label, None, {u.id: u.name for u in users}, True)
