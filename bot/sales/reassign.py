"""Reassignment: a manager hands customers, with their open deals, to a teammate (someone leaving hands all of
theirs); the new owner is told, and the change is one report, so /撤销 takes it back."""
from __future__ import annotations

from sqlalchemy import select

from bot import texts
from bot.sales.changes import ChangeLog
from bot.sales.errors import CommandError
from bot.sales.command_reports import command_report, finish_command_report, notify
from bot.sales.pool import take_out
from bot.sales.vocabulary import OPEN_STAGES
from bot.storage import customers as repo
from bot.storage.models import Customer, Opportunity, User

NAMED_IN_NOTICE = 5


def assignable(ctx) -> list[User]:
    """Who the sender may hand customers to: their team (an admin: everyone)."""
    query = select(User).order_by(User.id)
    owners = repo.visible_owner_ids(ctx.session, ctx.user)
    if owners is not None:
        query = query.where(User.id.in_(owners))
    return list(ctx.session.scalars(query))


def person_named(ctx, name: str) -> User:
    """The teammate called `name`; an unknown name is answered with the names that work."""
    people = assignable(ctx)
    for person in people:
        if person.name == name:
            return person
    raise CommandError(texts.REASSIGN_UNKNOWN_REP.format(name=name, names="、".join(p.name for p in people)))


def customers_of(ctx, rep: User) -> list[Customer]:
    return list(ctx.session.scalars(select(Customer).where(Customer.owner_id == rep.id).order_by(Customer.id)))


def reassign(ctx, moved: list[Customer], new_owner: User) -> int:
    """Give `moved` and their open deals to `new_owner`, tell them, and file it as a report; returns the deals moved."""
    moved = [c for c in moved if c.owner_id != new_owner.id]
    if not moved:
        raise CommandError(texts.REASSIGN_ALREADY.format(owner=new_owner.name))
    log = ChangeLog()
    report = command_report(ctx, moved[0].id if len(moved) == 1 else None)
    deals = list(ctx.session.scalars(select(Opportunity).where(
        Opportunity.customer_id.in_([c.id for c in moved]), Opportunity.stage.in_(OPEN_STAGES),
        Opportunity.owner_id != new_owner.id)))
    for customer in moved:
        if customer.owner_id is None:  # from the team's pool: it leaves the pool, recorded like a claim
            take_out(ctx, log, customer, new_owner.id, "assign")
        log.set(customer, "owner_id", new_owner.id)
        log.set(customer, "pool_notice_at", None)  # the new owner gets their own notice before any release
    for deal in deals:
        log.set(deal, "owner_id", new_owner.id)
    if new_owner.id != ctx.user.id:
        notify(ctx, log, new_owner, texts.REASSIGN_NOTICE.format(who=ctx.user.name, customers=named(moved)),
               f"reassign:{report.id}")
    ctx.session.flush()  # a pool event's id, for the report
    finish_command_report(report, log)
    ctx.session.flush()
    ctx.session.expire_all()  # owner relationships loaded before still name the old owner
    return len(deals)


def named(moved: list[Customer]) -> str:
    names = "、".join(c.name for c in moved[:NAMED_IN_NOTICE])
    return names if len(moved) <= NAMED_IN_NOTICE else texts.REASSIGN_AND_MORE.format(names=names, n=len(moved))
