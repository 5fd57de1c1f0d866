"""A small, exactly known world for the reminder tests, and a fake channel that records or fails sends."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.notifier.channels import RetryableSendError
from bot.storage.models import Activity, FollowUp, Customer, Requirement, Team, User

TZ = ZoneInfo("Asia/Shanghai")
SINCE = datetime(2025, 1, 1, tzinfo=TZ)


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=TZ)


class FakeChannel:
    name = "console"

    def __init__(self, failures: int = 0):
        self.sent: list[tuple[str, dict]] = []
        self.failures = failures

    def send(self, target: str, payload: dict) -> None:
        if self.failures:
            self.failures -= 1
            raise RetryableSendError("HTTP 500")
        self.sent.append((target, payload))

    def texts_to(self, target: str) -> list[str]:
        return [p["text"] for t, p in self.sent if t == target]


def build_world(s) -> dict[str, int]:
    """赵敏 manages 张伟, 李娜 (muted) and 王强 (nothing due). Customers:
    甲科技 A: last visit 6-01, a call 9-10 (A: quiet 7 days; and one touch in September).
    乙制造 B: last call 9-01, so its monthly call is due 10-01.
    丙贸易 D: emailed 9-10 promising 寄样品 on 9-16 (a promise: never capped).
    丁物流 C (李娜's): promised 9-15.
    戊电子 D: a requirement filed Mon 11-02 08:00 and never answered."""
    team = Team(name="华东销售部", dept_code="SAL")
    manager = User(name="赵敏", role="manager", team=team)
    zhang = User(name="张伟", role="rep", team=team)
    li = User(name="李娜", role="rep", team=team, muted=True)
    wang = User(name="王强", role="rep", team=team)
    s.add_all([team, manager, zhang, li, wang])
    s.flush()
    c = {name: Customer(name=name, tier=tier, owner=owner, created_at=SINCE) for name, tier, owner in (
        ("甲科技", "A", zhang), ("乙制造", "B", zhang), ("丙贸易", "D", zhang), ("丁物流", "C", li), ("戊电子", "D", zhang))}
    s.add_all(c.values())
    s.flush()
    s.add_all([
        Activity(customer=c["甲科技"], user=zhang, type="visit", occurred_at=at("2026-06-01")),
        Activity(customer=c["甲科技"], user=zhang, type="call", occurred_at=at("2026-09-10")),
        Activity(customer=c["乙制造"], user=zhang, type="call", occurred_at=at("2026-09-01")),
        Activity(customer=c["丙贸易"], user=zhang, type="email", occurred_at=at("2026-09-10")),
        FollowUp(customer=c["丙贸易"], user=zhang, due_date=at("2026-09-16").date(), action="寄样品"),
        Activity(customer=c["丁物流"], user=li, type="email", occurred_at=at("2026-09-10")),
        FollowUp(customer=c["丁物流"], user=li, due_date=at("2026-09-15").date()),
        Activity(customer=c["丁物流"], user=li, type="visit", occurred_at=at("2026-09-11")),
        Activity(customer=c["戊电子"], user=zhang, type="email", occurred_at=at("2026-09-01")),
        Requirement(customer=c["戊电子"], user_id=zhang.id, description="交期能不能提前", created_at=at("2026-11-02", 8)),
    ])
    s.flush()
    return {"manager": manager.id, "zhang": zhang.id, "li": li.id, "wang": wang.id, **{k: v.id for k, v in c.items()}}
