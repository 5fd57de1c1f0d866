"""The pool (公海) rule, run by the pool_release job: a customer nobody has followed up for its tier's days goes to
its team's pool; its owner is told some days before, and a release always comes at least that long after the notice.

One query loads the candidates (owned, the owner in a team, quiet long enough to be near their day, not protected);
`decide` is pure; `run` writes the notices' and releases' columns, the pool events, and the messages to send.
Protected, never released: customers with a won deal or a won order, and those with an open deal past 方案提交.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, exists, insert, or_, select, update
from sqlalchemy.orm import Session

from bot import texts
from bot.clock import local
from bot.formatting import month_day
from bot.sales.vocabulary import PAST_PROPOSAL, OrderStatus, Stage
from bot.storage.models import Customer, Opportunity, Order, PoolEvent, User

NAMED_PER_MESSAGE = 10  # a longer list ends with 等 N 家; the pool itself is listed by /公海
CHUNK = 500  # ids per IN list: far below every driver's bound on parameters


@dataclass(frozen=True)
class PoolLimits:
    days: dict[str, int]  # tier -> days without a follow-up before release
    notice_days: int

    @classmethod
    def from_settings(cls, settings) -> PoolLimits:
        default = settings.get("BOT_POOL_DAYS")
        return cls({"A": settings.get("BOT_POOL_DAYS_A"), "B": settings.get("BOT_POOL_DAYS_B"), "C": default,
                    "D": default}, settings.get("BOT_POOL_NOTICE_DAYS"))


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    tier: str
    owner_id: int
    team_id: int
    quiet_since: datetime  # the last contact, the claim from the pool, or the creation, whichever is latest
    notice_at: datetime | None


@dataclass(frozen=True)
class Push:
    """A message for the job to enqueue to `user` under the idempotency key `key`."""

    user: User
    key: str
    text: str


@dataclass(frozen=True)
class Decision:
    customer: Candidate
    release_on: date


def decide(candidates: list[Candidate], day: date, tz: str, limits: PoolLimits) -> tuple[list[Decision], list[Decision]]:
    """(notices to send today, releases due today). A notice counts only if it came after the last follow-up."""
    notices, releases = [], []
    warn = timedelta(days=limits.notice_days)
    for c in candidates:
        due = local(c.quiet_since, tz).date() + timedelta(days=limits.days[c.tier])
        if c.notice_at is None or c.notice_at < c.quiet_since:
            if day >= due - warn:
                notices.append(Decision(c, max(due, day + warn)))
        elif day >= max(due, local(c.notice_at, tz).date() + warn):
            releases.append(Decision(c, day))
    return notices, releases


def _protected() -> Select:
    deal = exists().where(Opportunity.customer_id == Customer.id,
                          Opportunity.stage.in_([Stage.WON.value, *(s.value for s in PAST_PROPOSAL)]))
    order = exists().where(Order.customer_id == Customer.id, Order.status == OrderStatus.WON.value)
    return or_(deal, order)


def _cutoff(now: datetime, limits: PoolLimits) -> datetime:
    """Quiet since before this, a customer may be near its day (a day early: local dates round)."""
    return now - timedelta(days=max(min(limits.days.values()) - limits.notice_days - 1, 0))


def _quiet_and_unprotected(cutoff: datetime) -> tuple:
    return (or_(Customer.last_contact_at.is_(None), Customer.last_contact_at < cutoff),
            or_(Customer.claimed_at.is_(None), Customer.claimed_at < cutoff), ~_protected())


def candidates(session: Session, now: datetime, limits: PoolLimits) -> list[Candidate]:
    """Owned customers of an owner in a team, created and quiet since before the cutoff, unprotected."""
    cutoff = _cutoff(now, limits)
    query = (select(Customer.id, Customer.name, Customer.tier, Customer.owner_id, User.team_id, Customer.created_at,
                    Customer.last_contact_at, Customer.claimed_at, Customer.pool_notice_at)
             .join(User, User.id == Customer.owner_id)
             .where(User.team_id.is_not(None), Customer.created_at < cutoff, *_quiet_and_unprotected(cutoff)))
    return [Candidate(r.id, r.name, r.tier, r.owner_id, r.team_id,
                      max(t for t in (r.created_at, r.last_contact_at, r.claimed_at) if t is not None), r.pool_notice_at)
            for r in session.connection().execute(query)]


def _release(session: Session, releases: list[Decision], now: datetime, limits: PoolLimits) -> list[Decision]:
    """The releases whose customer is still as `candidates` read it: the same owner, quiet and unprotected. A report,
    a claim, a hand-over or a deal past 方案提交 committed while the job ran keeps the customer where it is (on
    PostgreSQL the update waits for such a transaction and then tests the row as it committed it)."""
    groups: dict[tuple[int, int], list[int]] = {}
    for d in releases:
        groups.setdefault((d.customer.owner_id, d.customer.team_id), []).append(d.customer.id)
    guard = _quiet_and_unprotected(_cutoff(now, limits))
    released = set()
    for (owner_id, team_id), ids in groups.items():
        released |= _set(session, ids, Customer.owner_id == owner_id, *guard,
                         owner_id=None, pool_team_id=team_id, released_at=now)
    return [d for d in releases if d.customer.id in released]


def run(session: Session, day: date, now: datetime, tz: str, limits: PoolLimits) -> list[Push]:
    """Notice and release for `day`; the messages for the caller to enqueue (keys per user and day: a re-run of the
    same day finds nothing new to do and its keys already written)."""
    notices, releases = decide(candidates(session, now, limits), day, tz, limits)
    _set(session, [d.customer.id for d in notices], pool_notice_at=now)
    releases = _release(session, releases, now, limits)
    if releases:
        session.execute(insert(PoolEvent), [{"customer_id": d.customer.id, "kind": "release", "at": now,
                                             "from_user_id": d.customer.owner_id, "team_id": d.customer.team_id}
                                            for d in releases])
    return _owner_notices(session, notices, day, limits) + _manager_notices(session, releases, day, now, tz)


def _set(session: Session, ids: list[int], *where, **values) -> set[int]:
    """Set `values` on the customers of `ids` that also meet `where`; the ids it changed."""
    changed = set()
    for start in range(0, len(ids), CHUNK):
        changed.update(session.connection().execute(
            update(Customer).where(Customer.id.in_(ids[start:start + CHUNK]), *where).values(**values)
            .returning(Customer.id)).scalars())
    return changed


def _named(decisions: list[Decision], line) -> str:
    shown = "、".join(line(d) for d in decisions[:NAMED_PER_MESSAGE])
    return shown if len(decisions) <= NAMED_PER_MESSAGE else texts.POOL_AND_MORE.format(names=shown, n=len(decisions))


def _owner_notices(session: Session, notices: list[Decision], day: date, limits: PoolLimits) -> list[Push]:
    by_owner: dict[int, list[Decision]] = {}
    for d in notices:
        by_owner.setdefault(d.customer.owner_id, []).append(d)
    owners = session.scalars(select(User).where(User.id.in_(list(by_owner)), User.active.is_(True))) if by_owner else []
    messages = []
    for owner in owners:
        mine = sorted(by_owner[owner.id], key=lambda d: (d.release_on, d.customer.name))
        text = texts.POOL_NOTICE.format(customers=_named(mine, lambda d: texts.POOL_NOTICE_LINE.format(
            name=d.customer.name, tier=d.customer.tier, day=month_day(d.release_on))), days=limits.notice_days)
        messages.append(Push(owner, f"pool_notice:user:{owner.id}:{day.isoformat()}", text))
    return messages


def _manager_notices(session: Session, releases: list[Decision], day: date, now: datetime, tz: str) -> list[Push]:
    by_team: dict[int, list[Decision]] = {}
    for d in releases:
        by_team.setdefault(d.customer.team_id, []).append(d)
    if not by_team:
        return []
    names = dict(session.execute(select(User.id, User.name).where(
        User.id.in_({d.customer.owner_id for d in releases}))).tuples().all())
    managers = session.scalars(select(User).where(User.team_id.in_(list(by_team)), User.role == "manager",
                                                  User.active.is_(True)).order_by(User.id))
    messages = []
    for manager in managers:
        released = sorted(by_team[manager.team_id], key=lambda d: (d.customer.tier, d.customer.name))
        text = texts.POOL_RELEASED.format(n=len(released), customers=_named(released, lambda d: texts.POOL_RELEASED_LINE
                                          .format(name=d.customer.name, tier=d.customer.tier,
                                                  owner=names.get(d.customer.owner_id, "-"),
                                                  days=(local(now, tz).date() - local(d.customer.quiet_since, tz).date()).days)))
        messages.append(Push(manager, f"pool_released:user:{manager.id}:{day.isoformat()}", text))
    return messages

