"""Senders as Users: found by platform identity, registered as reps on first message."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.storage.models import Team, User
from bot.types import IncomingMessage

NAME_CHARS = 64  # users.name
IDENTITY_COLUMN = {"wecom": "wecom_userid", "wecom_aibot": "wecom_userid", "dingtalk": "dingtalk_staff_id"}


def _lookup(session: Session, platform: str, sender_id: str) -> User | None:
    column = IDENTITY_COLUMN.get(platform)
    if column is None:
        return session.scalars(select(User).where(User.name == sender_id).order_by(User.id)).first()
    return session.scalars(select(User).where(getattr(User, column) == sender_id)).first()


def sender_user(session: Session, msg: IncomingMessage) -> User:
    """The User behind a message; an unknown sender becomes a rep named as the platform names them."""
    user = _lookup(session, msg.platform, msg.sender_id)
    if user is not None:
        if msg.sender_name and user.name == msg.sender_id:
            user.name = msg.sender_name
        return user
    user = User(name=(msg.sender_name or msg.sender_id)[:NAME_CHARS], role="rep")
    column = IDENTITY_COLUMN.get(msg.platform)
    if column is None:
        session.add(user)
        session.flush()
        return user
    setattr(user, column, msg.sender_id)
    try:
        with session.begin_nested():  # a first message from the same new sender may be creating them right now
            session.add(user)
    except IntegrityError:
        user = _lookup(session, msg.platform, msg.sender_id)
        if user is None:
            raise
    return user


def find_by_name(session: Session, name: str) -> list[User]:
    return list(session.scalars(select(User).where(User.name == name).order_by(User.id)))


def team_by_name(session: Session, name: str) -> Team | None:
    return session.scalars(select(Team).where(Team.name == name)).first()


def get_or_create_team(session: Session, name: str, dept_code: str) -> Team:
    team = team_by_name(session, name)
    if team is None:
        team = Team(name=name, dept_code=dept_code)
        session.add(team)
        session.flush()
    return team


def teammates_ids(session: Session, user: User) -> list[int]:
    """Ids of the users in `user`'s team, read once per session: one message asks several times (visibility,
    reportable customers, matching) and a team does not change under a running message."""
    if user.team_id is None:
        return [user.id]
    cache = session.info.setdefault("teammates", {})
    if user.team_id not in cache:
        cache[user.team_id] = list(session.scalars(select(User.id).where(User.team_id == user.team_id)))
    return list(cache[user.team_id])
