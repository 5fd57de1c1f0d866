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


def build_review_world(s) -> dict[str, int]:
    """For the monthly review of Tue 2026-12-01 (tier window: orders after 2025-12-01). 赵敏 manages (钱进 too, muted)
    张伟, 李娜 (muted), 王强 (nothing to review) and 孙丽 (left). 张伟's customers:
    华为 B: won 30万 2025-06 (outside), 35万 2026-03 and 25万 2026-10, cooperating since 2024-05 -> A at 60万.
    久远机械 C: won 10万 2024-08, last contact 2025-03 -> D (nothing bought in a year, no contact in it); lost.
    老主顾 C: won 25万 2026-05, stored 25万 already, cooperating since 2024-01 -> B (the tier alone changes).
    稳定电子 C: won 2025-05 (outside), stored 5万, contacted twice this year -> stays C, annual purchase 0.
    手设集团 A set by hand: won 1万 2026-01 -> stays A.
    甲科技 B: no orders, last visit 2026-08-01 -> lost 122 days.
    乙制造 D: open deal with a 50万 budget, an unsolved 高 requirement -> high potential.
    丙贸易 D: intent order SO202610001 20万 on 10-15 (47 days) -> stale.
    导入客户 B: no activity but 最近联系 2026-10-30 from an import -> not lost.
    新线索 D: created 2026-06-01, never contacted -> lost, never.
    李娜's 丁物流 C: last contact 2026-07-01 -> lost. 孙丽's 戊电子: last contact 2026-01-01 -> lost.
    王强's 王记 C: an intent order of 11-20 (not stale yet), called 11-28 -> nothing."""
    from datetime import date
    from decimal import Decimal

    from bot.storage.models import Opportunity, Order

    team = Team(name="华东销售部", dept_code="SAL")
    people = {key: User(name=name, role=role, team=team, muted=muted, active=active) for key, name, role, muted, active in (
        ("manager", "赵敏", "manager", False, True), ("qian", "钱进", "manager", True, True),
        ("zhang", "张伟", "rep", False, True), ("li", "李娜", "rep", True, True), ("wang", "王强", "rep", False, True),
        ("sun", "孙丽", "rep", False, False))}
    s.add_all([team, *people.values()])
    s.flush()
    zhang = people["zhang"]
    c = {name: Customer(name=name, tier=tier, owner=people[owner], created_at=SINCE, **extra)
         for name, tier, owner, extra in (
             ("华为", "B", "zhang", {"cooperating_since": date(2024, 5, 1), "annual_purchase": Decimal(350_000)}),
             ("久远机械", "C", "zhang", {"cooperating_since": date(2024, 8, 1)}),
             ("老主顾", "C", "zhang", {"cooperating_since": date(2024, 1, 1), "annual_purchase": Decimal(250_000)}),
             ("稳定电子", "C", "zhang", {"annual_purchase": Decimal(50_000)}),
             ("手设集团", "A", "zhang", {"tier_manual": True}),
             ("甲科技", "B", "zhang", {}), ("乙制造", "D", "zhang", {}), ("丙贸易", "D", "zhang", {}),
             ("导入客户", "B", "zhang", {"last_contact_at": at("2026-10-30")}),
             ("丁物流", "C", "li", {}), ("戊电子", "C", "sun", {}), ("王记", "C", "wang", {}))}
    c["新线索"] = Customer(name="新线索", tier="D", owner=zhang, created_at=at("2026-06-01"))
    s.add_all(c.values())
    s.flush()

    def won(customer: str, code: str, amount: int, day: str, status: str = "已成交") -> Order:
        return Order(code=code, customer=c[customer], owner_id=c[customer].owner_id, amount=Decimal(amount),
                     status=status, ordered_on=date.fromisoformat(day))

    def contact(customer: str, day: str) -> Activity:
        return Activity(customer=c[customer], user_id=c[customer].owner_id, type="call", occurred_at=at(day))

    s.add_all([
        won("华为", "SO202506001", 300_000, "2025-06-10"), won("华为", "SO202603001", 350_000, "2026-03-10"),
        won("华为", "SO202610002", 250_000, "2026-10-20"), contact("华为", "2026-11-20"),
        won("久远机械", "SO202408001", 100_000, "2024-08-01"), contact("久远机械", "2025-03-01"),
        won("老主顾", "SO202605001", 250_000, "2026-05-06"), contact("老主顾", "2026-11-10"),
        won("稳定电子", "SO202505001", 50_000, "2025-05-01"), contact("稳定电子", "2026-06-10"),
        contact("稳定电子", "2026-11-15"),
        won("手设集团", "SO202601001", 10_000, "2026-01-05"), contact("手设集团", "2026-11-01"),
        contact("甲科技", "2026-08-01"),
        Opportunity(code="202611-SAL-001", customer=c["乙制造"], owner=zhang, stage="needs",
                    expected_amount=Decimal(500_000)),
        Requirement(customer=c["乙制造"], user_id=zhang.id, description="急需一批接口模块", importance="高"),
        contact("乙制造", "2026-11-25"),
        won("丙贸易", "SO202610001", 200_000, "2026-10-15", "待处理"), contact("丙贸易", "2026-11-20"),
        won("王记", "SO202611009", 30_000, "2026-11-20", "待处理"), contact("王记", "2026-11-28"),
        contact("丁物流", "2026-07-01"), contact("戊电子", "2026-01-01"),
    ])
    s.flush()
    return {**{k: u.id for k, u in people.items()}, **{k: v.id for k, v in c.items()}}
