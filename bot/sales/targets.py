"""Setting a target: who may set one for whom, and the change itself, filed as a report so /撤销 takes it back;
a rep given a target is told (through the outbox, withdrawn by /撤销 while unsent)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from bot import texts
from bot.reports.period import Period
from bot.reports.target_text import figure
from bot.reports.targets import period_kind
from bot.sales.changes import ChangeLog
from bot.sales.command_reports import command_report, finish_command_report, notify
from bot.sales.errors import CommandError
from bot.sales.vocabulary import Kpi
from bot.storage.customers import visible_owner_ids
from bot.storage.models import Target, Team, User
from bot.storage.targets import target_for


@dataclass(frozen=True)
class Subject:
    """Whose target: a team (the team's total) or one rep."""

    name: str
    team: Team | None = None
    rep: User | None = None


def settable(ctx) -> tuple[list[Team], list[User]]:
    """The teams and reps the sender may set targets for: a manager their team and its members, an admin all;
    the visibility rule of bot/storage/customers.py."""
    owners = visible_owner_ids(ctx.session, ctx.user)
    teams = select(Team).order_by(Team.id)
    people = select(User).where(User.active.is_(True)).order_by(User.id)
    if owners is not None:
        teams = teams.where(Team.id == ctx.user.team_id)
        people = people.where(User.id.in_(owners))
    return list(ctx.session.scalars(teams)), list(ctx.session.scalars(people))


def subject_named(ctx, name: str) -> Subject:
    teams, people = settable(ctx)
    for person in people:
        if person.name == name:
            return Subject(person.name, rep=person)
    for team in teams:
        if team.name == name:
            return Subject(team.name, team=team)
    names = "、".join([t.name for t in teams] + [p.name for p in people])
    raise CommandError(texts.TARGET_UNKNOWN_WHO.format(name=name, names=names))


def set_target(ctx, period: Period, subject: Subject, kpi: Kpi, value: Decimal) -> str:
    """Create or change the subject's target on `kpi` for the period; the confirmation says the old value."""
    kind = period_kind(period)
    team_id, user_id = (subject.team.id, None) if subject.team else (None, subject.rep.id)
    row = target_for(ctx.session, kind, period.start, kpi.value, team_id=team_id, user_id=user_id)
    shown = figure(kpi, value)
    if row is not None and row.value == value:
        raise CommandError(texts.TARGET_SAME.format(who=subject.name, period=period.label, kpi=kpi.label, value=shown))
    log = ChangeLog()
    report = command_report(ctx, None)
    old = ""
    if row is None:
        log.add(ctx.session, Target(period_kind=kind.value, period_start=period.start, team_id=team_id,
                                    user_id=user_id, kpi=kpi.value, value=value, set_by_id=ctx.user.id,
                                    set_at=ctx.now))
    else:
        old = texts.TARGET_SET_OLD.format(value=figure(kpi, row.value))
        log.set(row, "value", value)
        log.set(row, "set_by_id", ctx.user.id)
        log.set(row, "set_at", ctx.now)
    reply = texts.TARGET_SET.format(who=subject.name, period=period.label, kpi=kpi.label, value=shown, old=old)
    if subject.rep is not None and subject.rep.id != ctx.user.id:
        notify(ctx, log, subject.rep, texts.TARGET_NOTICE.format(manager=ctx.user.name, period=period.label,
                                                                 kpi=kpi.label, value=shown), f"target:{report.id}")
        reply += texts.TARGET_SET_TOLD.format(name=subject.rep.name)
    ctx.session.flush()
    finish_command_report(report, log)
    return reply
