"""Whose numbers a chat request may see.

In a single chat (or an unbound group) the customer visibility rule (bot/storage/customers.py): a rep sees their
own, a manager the team, an admin everyone. In a group bound to a team (GroupChat matched by platform + chat id) the
team's figures, but only for members of that team and admins — anyone else in the group is refused; per-rep lines
and a named rep only for managers and admins, a rep may name only themselves. A named person narrows a scope to one
rep, allowed only inside what the requester may see.
"""
from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from bot import texts
from bot.sales.errors import CommandError
from bot.context import Context
from bot.reports.scope import Scope, everyone_scope, rep_scope, team_scope
from bot.storage.customers import visible_owner_ids
from bot.storage.models import GroupChat, User
from bot.storage.users import find_by_name


def bound_team_id(ctx: Context) -> int | None:
    msg = ctx.message
    if not msg.is_group or not msg.chat_id:
        return None
    return ctx.session.scalar(select(GroupChat.team_id).where(
        GroupChat.platform == msg.platform, GroupChat.chat_id == msg.chat_id))


def base_scope(ctx: Context) -> Scope:
    team_id = bound_team_id(ctx)
    if team_id is not None:
        if ctx.user.role != "admin" and ctx.user.team_id != team_id:
            raise CommandError(texts.GROUP_NOT_YOUR_TEAM)
        scope = team_scope(ctx.session, team_id)
        return scope if ctx.user.role != "rep" else replace(scope, per_rep=False)
    owners = visible_owner_ids(ctx.session, ctx.user)
    if owners is None:
        return everyone_scope(ctx.session, "全公司")
    if owners != [ctx.user.id] and ctx.user.team_id is not None:
        return team_scope(ctx.session, ctx.user.team_id)
    return rep_scope(ctx.user)


def person_scope(ctx: Context, name: str) -> Scope:
    """One rep's scope, if the requester may see that rep's numbers here."""
    people = find_by_name(ctx.session, name)
    if not people:
        raise CommandError(texts.PERSON_UNKNOWN.format(name=name))
    base = base_scope(ctx)
    person: User = people[0]
    if base.owner_ids is not None and person.id not in base.owner_ids:
        raise CommandError(texts.PERSON_NOT_VISIBLE.format(name=name))
    if bound_team_id(ctx) is not None and ctx.user.role == "rep" and person.id != ctx.user.id:
        raise CommandError(texts.GROUP_PERSON_NOT_YOURS.format(name=name))
    return rep_scope(person)
