"""The monthly customer review (seed 001 每月梳理, seed 003 清理无效订单): pure rules over ReviewData.

Tiers are recomputed from the bot's own order history (bot.reports.tiers); each rep gets their lost-contact customers,
high-potential ones and stale intent orders; each team's managers get the counts per rep and the worst items."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple
from zoneinfo import ZoneInfo

from bot.reports.tiers import tier_for

TIER_RANK = {"A": 0, "B": 1, "C": 2, "D": 3}


class ReviewUser(NamedTuple):
    id: int
    name: str
    role: str
    team_id: int | None
    muted: bool
    active: bool


class ReviewCustomer(NamedTuple):
    id: int
    name: str
    tier: str
    tier_manual: bool
    owner_id: int
    cooperating_since: date | None
    annual_purchase: Decimal | None


class Purchases(NamedTuple):
    """A customer's won orders: their sum within the tier window, and the first one ever."""
    in_window: Decimal
    first_ordered_on: date


class IntentOrder(NamedTuple):
    code: str
    customer_id: int
    amount: Decimal
    ordered_on: date


@dataclass
class ReviewData:
    today: date
    now: datetime  # aware UTC
    tz: str
    users: dict[int, ReviewUser] = field(default_factory=dict)
    teams: dict[int, str] = field(default_factory=dict)  # id -> name
    customers: dict[int, ReviewCustomer] = field(default_factory=dict)
    purchases: dict[int, Purchases] = field(default_factory=dict)  # only customers with a won order
    contacts_in_window: dict[int, int] = field(default_factory=dict)
    silent: dict[int, datetime | None] = field(default_factory=dict)  # not contacted for the setting's days: last contact
    budgets: dict[int, Decimal] = field(default_factory=dict)  # the largest budget of the customer's open deals
    urgent_needs: set[int] = field(default_factory=set)  # customers with an unsolved 高 or 紧急补货 requirement
    intents: list[IntentOrder] = field(default_factory=list)  # pending longer than the setting allows


class TierMove(NamedTuple):
    customer_id: int
    name: str
    old: str
    new: str
    annual_purchase: Decimal
    contacts: int


class Lost(NamedTuple):
    customer_id: int
    name: str
    tier: str
    days: int | None  # days since the last contact; None: never contacted


class Prospect(NamedTuple):
    customer_id: int
    name: str
    budget: Decimal


class StaleIntent(NamedTuple):
    code: str
    name: str
    amount: Decimal
    ordered_on: date
    days: int


@dataclass
class RepReview:
    tiers: list[TierMove] = field(default_factory=list)
    lost: list[Lost] = field(default_factory=list)
    prospects: list[Prospect] = field(default_factory=list)
    intents: list[StaleIntent] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.tiers or self.lost or self.prospects or self.intents)


@dataclass
class Recomputed:
    moves: list[TierMove]
    purchases: dict[int, Decimal]  # customer id -> new annual purchase, where it differs from the stored one


def recompute_tiers(data: ReviewData) -> Recomputed:
    """Customers with a won order are re-tiered from it (a hand-set tier stays); those without keep the tier they
    were imported or set with, as the bot holds no purchase history to judge them by."""
    moves, purchases = [], {}
    for customer_id, bought in data.purchases.items():
        c = data.customers.get(customer_id)
        if c is None:
            continue
        if c.annual_purchase != bought.in_window:
            purchases[customer_id] = bought.in_window
        contacts = data.contacts_in_window.get(customer_id, 0)
        new = tier_for(bought.in_window, c.cooperating_since or bought.first_ordered_on, True, data.today, contacts)
        if not c.tier_manual and new != c.tier:
            moves.append(TierMove(customer_id, c.name, c.tier, new, bought.in_window, contacts))
    return Recomputed(moves, purchases)


def lost_contact(data: ReviewData, new_tiers: dict[int, str]) -> list[Lost]:
    """The silent customers (the loader picked them), each at its tier after this review's changes; worst first."""
    tz = ZoneInfo(data.tz)
    found = [Lost(cid, c.name, new_tiers.get(cid, c.tier), (data.today - last.astimezone(tz).date()).days
                  if last is not None else None)
             for cid, last in data.silent.items() if (c := data.customers.get(cid)) is not None]
    return sorted(found, key=worst_first)


def worst_first(lost: Lost) -> tuple:
    """Higher tiers first, then the longest silence (never contacted longest of all)."""
    return TIER_RANK.get(lost.tier, len(TIER_RANK)), -(lost.days if lost.days is not None else 10**6), lost.name


def prospects(data: ReviewData) -> list[Prospect]:
    """High potential: an open deal with a stated budget and an urgent unsolved need; the largest budget first."""
    found = [Prospect(cid, data.customers[cid].name, budget) for cid, budget in data.budgets.items()
             if cid in data.urgent_needs and cid in data.customers]
    return sorted(found, key=lambda p: (-p.budget, p.name))


def review_by_owner(data: ReviewData, moves: list[TierMove]) -> dict[int, RepReview]:
    """Each customer owner's review; owners with nothing to review are left out."""
    reviews: dict[int, RepReview] = {}

    def of(customer_id: int) -> RepReview:
        return reviews.setdefault(data.customers[customer_id].owner_id, RepReview())

    for move in moves:
        of(move.customer_id).tiers.append(move)
    for lost in lost_contact(data, {m.customer_id: m.new for m in moves}):
        of(lost.customer_id).lost.append(lost)
    for prospect in prospects(data):
        of(prospect.customer_id).prospects.append(prospect)
    for o in sorted(data.intents, key=lambda o: (o.ordered_on, o.code)):
        if o.customer_id in data.customers:
            name = data.customers[o.customer_id].name
            of(o.customer_id).intents.append(StaleIntent(o.code, name, o.amount, o.ordered_on,
                                                         (data.today - o.ordered_on).days))
    return {owner: review for owner, review in reviews.items() if review}


def team_reps(data: ReviewData) -> dict[int, list[ReviewUser]]:
    """Each team's active reps, in id order."""
    teams: dict[int, list[ReviewUser]] = {}
    for u in sorted(data.users.values(), key=lambda u: u.id):
        if u.role == "rep" and u.active and u.team_id is not None:
            teams.setdefault(u.team_id, []).append(u)
    return teams


def managers(data: ReviewData, team_id: int) -> list[ReviewUser]:
    """Who gets the team's summary: its active, unmuted managers."""
    return [u for u in sorted(data.users.values(), key=lambda u: u.id)
            if u.role == "manager" and u.team_id == team_id and u.active and not u.muted]
