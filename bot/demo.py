"""Loads the demo data set (bot/demo_data.py) relative to today: 6 months of history, deterministic, loaded once."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import demo_data as D
from bot.clock import to_utc
from bot.reports.tiers import tier_for
from bot.storage.codes import next_opportunity_code, next_order_code
from bot.storage.models import (Activity, Contact, Customer, FollowUp, GroupChat, Opportunity, Order, Requirement,
                                StageChange, Team, User)
from bot.storage.opportunities import value_band
from bot.sales.vocabulary import PIPELINE, WIN_PATH, LostReason, Source

TIER_PURCHASE = {"A": (600_000, 2_000_000, 5), "B": (200_000, 480_000, 2), "C": (30_000, 180_000, 1), "D": (0, 0, 0)}
CADENCE_DAYS = {"A": 18, "B": 28, "C": 45, "D": 75}


class DemoLoader:
    def __init__(self, session: Session, today: date, tz: str, seed: int = 7):
        self.s, self.today, self.tz, self.rng = session, today, tz, random.Random(seed)

    def at(self, day: date, hour: int = 10) -> datetime:
        return to_utc(datetime.combine(day, time(hour, self.rng.choice((0, 15, 30, 45)))), self.tz)

    def load(self) -> dict[str, int]:
        reps = self.people()
        customers = [self.customer(row, reps[i % len(reps)]) for i, row in enumerate(D.CUSTOMERS)]
        self.s.flush()
        for i, c in enumerate(customers):
            self.history(c, with_opportunity=(i % 4 != 3), stage=PIPELINE[(i + i // len(reps)) % len(PIPELINE)])
        return {"customers": len(customers), "reps": len(reps)}

    def people(self) -> list[User]:
        reps: list[User] = []
        for team_name, spec in D.TEAMS.items():
            team = Team(name=team_name, dept_code=spec["code"])
            self.s.add(team)
            self.s.add(User(name=spec["manager"], role="manager", team=team))
            self.s.add(GroupChat(platform="console", chat_id=spec["group"], title=spec["group"], team=team))
            reps += [User(name=n, role="rep", team=team) for n in spec["reps"]]
        self.s.add_all(reps)
        self.s.flush()
        return reps

    def customer(self, row: tuple, owner: User) -> Customer:
        name, aliases, industry, region, size, tier, phone = row
        low, high, years = TIER_PURCHASE[tier]
        since = self.today - timedelta(days=int(365 * years + self.rng.randint(30, 300))) if years else None
        purchase = Decimal(self.rng.randrange(low, high + 1, 10_000)) if high else None
        c = Customer(name=name, aliases=aliases, industry=industry, region=region, size=size, owner=owner,
                     kind="老" if tier != "D" else "新", source=self.rng.choice(Source.labels()), phone=phone,
                     annual_purchase=purchase, cooperating_since=since)
        c.tier = tier_for(purchase, since, tier != "D", self.today)
        for _ in range(self.rng.randint(1, 2)):
            c.contacts.append(Contact(name=self.rng.choice(D.CONTACT_SURNAMES), title=self.rng.choice(D.CONTACT_TITLES)))
        self.s.add(c)
        return c

    def history(self, c: Customer, with_opportunity: bool, stage: str) -> None:
        day = self.today - timedelta(days=180 - self.rng.randint(0, 20))
        last: Activity | None = None
        while day < self.today:
            last = self.activity(c, day)
            day += timedelta(days=CADENCE_DAYS[c.tier] + self.rng.randint(-5, 8))
        if last is not None:
            self.s.add(FollowUp(customer=c, user=c.owner, activity=last,
                                due_date=self.today + timedelta(days=self.rng.randint(-4, 9)), action="再跟进"))
            c.last_contact_at = last.occurred_at
        if with_opportunity:
            self.opportunity(c, stage)
        if c.tier != "D":
            self.order(c, self.today - timedelta(days=self.rng.randint(2, 150)), None)

    def activity(self, c: Customer, day: date) -> Activity:
        topic, tags = self.rng.choice(D.TOPICS)
        contact = c.contacts[0]
        kind = self.rng.choice(["visit", "call", "call", "wechat", "email", "meeting", "demo"])
        verb = {"visit": "拜访了", "call": "电话沟通", "wechat": "微信沟通", "email": "邮件联系",
                "meeting": "开会对接", "demo": "现场演示"}[kind]
        short = c.aliases[0] if c.aliases else c.name
        a = Activity(customer=c, user=c.owner, type=kind, occurred_at=self.at(day),
                     raw_text=f"{verb}{short}{contact.name}{contact.title}，{topic}，下周再跟进")
        self.s.add(a)
        self.s.add(FollowUp(customer=c, user=c.owner, activity=a, due_date=day + timedelta(days=7), action="再跟进",
                            status="done", closed_at=self.at(day + timedelta(days=7), 17)))
        if self.rng.random() < 0.35:
            self.requirement(c, a, topic, tags, day)
        return a

    def requirement(self, c: Customer, a: Activity, topic: str, tags: list[str], day: date) -> None:
        age = (self.today - day).days
        status = "已解决" if age > 30 else self.rng.choice(["未跟进", "跟进中", "已解决"])
        r = Requirement(customer=c, user_id=c.owner_id, activity=a, tags=tags, description=topic,
                        importance="高" if c.tier == "A" or "紧急补货" in tags else self.rng.choice(["中", "低"]),
                        status=status, created_at=a.occurred_at)
        if status != "未跟进":
            r.responded_at = a.occurred_at + timedelta(hours=self.rng.randint(2, 30))
        if status == "已解决":
            r.resolved_at = a.occurred_at + timedelta(hours=self.rng.randint(24, 96))
        self.s.add(r)

    def opportunity(self, c: Customer, stage: str) -> None:
        created = self.today - timedelta(days=self.rng.randint(5, 150))
        amount = Decimal(self.rng.randrange(80_000, 1_500_000, 10_000))
        o = Opportunity(code=next_opportunity_code(self.s, c.owner.team.dept_code, created), customer=c, owner=c.owner,
                        title=f"{self.rng.choice(D.PRODUCTS)[0]}项目", stage=stage, expected_amount=amount,
                        value_band=value_band(amount), source=c.source, created_at=self.at(created),
                        probability={"initial": "低", "needs": "低", "proposal": "中", "negotiation": "高"}.get(stage),
                        expected_close=self.today + timedelta(days=self.rng.randint(3, 60)))
        self.s.add(o)
        path = list(WIN_PATH[: WIN_PATH.index(stage) + 1]) if stage != "lost" else ["initial", "needs", "lost"]
        step = max(1, (self.today - created).days // len(path))
        for i, (before, after) in enumerate(zip([None, *path], path)):
            self.s.add(StageChange(opportunity=o, from_stage=before, to_stage=after, by_id=c.owner_id,
                                   at=self.at(min(created + timedelta(days=i * step), self.today))))
        if stage in ("won", "lost"):
            o.closed_at = self.at(min(created + timedelta(days=len(path) * step), self.today))
            o.expected_close = None
        if stage == "won":
            o.contract_amount = amount * Decimal("0.95")
            self.order(c, o.closed_at.date(), o)
        if stage == "lost":
            o.lost_reason = self.rng.choice(LostReason.labels())

    def order(self, c: Customer, day: date, opp: Opportunity | None) -> None:
        product, model = self.rng.choice(D.PRODUCTS)
        demand = self.rng.choice(["标准品", "定制化", "紧急补货"])
        status = self.rng.choice(["待处理", "已处理", "已成交"]) if opp is None else "已成交"
        self.s.add(Order(code=next_order_code(self.s, day), customer=c, opportunity=opp, owner_id=c.owner_id,
                         amount=opp.contract_amount if opp else Decimal(self.rng.randrange(20_000, 400_000, 5_000)),
                         product=product, model=model, quantity=self.rng.randint(1, 200), unit="台", demand_type=demand,
                         status=status, ordered_on=day, created_at=self.at(day),
                         fulfilment="已交付" if status == "已成交" else ("生产中" if status == "已处理" else None),
                         delivered_on=day + timedelta(days=12) if status == "已成交" else None,
                         satisfaction=self.rng.choice(["完全满足", "部分满足", "未满足"]) if demand == "紧急补货" else None))


def demo_loaded(session: Session) -> bool:
    return session.scalar(select(Team.id).where(Team.name.in_(list(D.TEAMS)))) is not None


def load_demo(session: Session, today: date, tz: str) -> dict[str, int] | None:
    """Load the demo set unless it is there already (None then)."""
    if demo_loaded(session):
        return None
    return DemoLoader(session, today, tz).load()
