"""The team's pool (公海): claiming a customer from it, and what a report on a customer in it must do first.

A claim makes the customer, with its open deals, the claimer's; it is one report, so /撤销 puts it back into the pool
(and gives the day's claim back). Each person may claim BOT_POOL_CLAIMS_PER_DAY customers a local day. Releases are
the pool_release job's (bot/notifier/pool_release.py)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from bot import texts
from bot.clock import local, to_utc
from bot.formatting import month_day
from bot.sales.changes import ChangeLog
from bot.sales.command_reports import command_report, finish_command_report
from bot.sales.errors import CommandError
from bot.sales.vocabulary import OPEN_STAGES
from bot.storage.models import Customer, Opportunity, PoolEvent, User


@dataclass(frozen=True)
class Claimed:
    deals: int  # open deals that came with it
    left_today: int  # claims the claimer has left today


def ensure_owned(customer: Customer) -> None:
    """A report needs an owner to file under and to tell: a customer in the pool is claimed first."""
    if customer.owner_id is None:
        raise CommandError(texts.POOL_REPORT_CLAIM_FIRST.format(name=customer.name))


def claims_today(ctx) -> int:
    start = to_utc(datetime.combine(ctx.local_now.date(), time()), ctx.tz)
    return ctx.session.scalar(select(func.count(PoolEvent.id)).where(
        PoolEvent.kind == "claim", PoolEvent.to_user_id == ctx.user.id, PoolEvent.at >= start)) or 0


def claims_left(ctx) -> int:
    return max(ctx.settings.get("BOT_POOL_CLAIMS_PER_DAY") - claims_today(ctx), 0)


def last_event(session, customer: Customer) -> PoolEvent | None:
    return session.scalars(select(PoolEvent).where(PoolEvent.customer_id == customer.id)
                           .order_by(PoolEvent.at.desc(), PoolEvent.id.desc()).limit(1)).first()


def claim(ctx, customer: Customer) -> Claimed:
    """Give the pool customer `customer` to the sender; over the day's cap, say when it resets."""
    ctx.session.refresh(customer, with_for_update=True)  # two teammates claiming at once: the second finds it taken
    if customer.owner_id is not None:
        raise CommandError(texts.CLAIM_NOT_IN_POOL.format(name=customer.name, owner=customer.owner.name))
    cap, taken = ctx.settings.get("BOT_POOL_CLAIMS_PER_DAY"), claims_today(ctx)
    if taken >= cap:
        tomorrow = ctx.local_now.date() + timedelta(days=1)
        raise CommandError(texts.CLAIM_CAP.format(n=taken, cap=cap, day=month_day(tomorrow)))
    log = ChangeLog()
    report = command_report(ctx, customer.id)
    take_out(ctx, log, customer, ctx.user.id, "claim")
    deals = list(ctx.session.scalars(select(Opportunity).where(
        Opportunity.customer_id == customer.id, Opportunity.stage.in_(OPEN_STAGES),
        Opportunity.owner_id != ctx.user.id)))
    for deal in deals:
        log.set(deal, "owner_id", ctx.user.id)
    ctx.session.flush()
    finish_command_report(report, log)
    ctx.session.flush()
    ctx.session.expire_all()  # the owner relationship loaded before still says none
    return Claimed(len(deals), max(cap - taken - 1, 0))


def take_out(ctx, log: ChangeLog, customer: Customer, owner_id: int, kind: str) -> None:
    """`customer` leaves the pool to `owner_id` (kind claim, or assign by /转交), its quiet days counted anew; the
    event names whom it was released from."""
    released = last_event(ctx.session, customer)
    log.add(ctx.session, PoolEvent(customer_id=customer.id, kind=kind, to_user_id=owner_id, team_id=customer.pool_team_id,
                                   from_user_id=released.from_user_id if released is not None else None, at=ctx.now))
    for field, value in (("owner_id", owner_id), ("pool_team_id", None), ("released_at", None),
                         ("pool_notice_at", None), ("claimed_at", ctx.now)):
        log.set(customer, field, value)


def pool_line(session, customer: Customer, tz: str) -> str | None:
    """The customer card's line: in the pool since when and from whom, or claimed from it; None if never there."""
    event = last_event(session, customer)
    if event is None:
        return None
    owner = session.get(User, event.from_user_id).name if event.from_user_id else "-"
    day = month_day(local(event.at, tz).date())
    if customer.owner_id is None:
        return texts.CARD_POOL.format(day=day, owner=owner, name=customer.name)
    if event.kind in ("claim", "assign") and event.to_user_id == customer.owner_id:
        return texts.CARD_CLAIMED.format(day=day, owner=owner)
    return None
