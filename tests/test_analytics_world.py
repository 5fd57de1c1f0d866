"""A small hand-computed world for the analytics tests (imported by the other test_analytics_* files).

November 2026 (Asia/Shanghai), team 华东 (张伟, 李娜, manager 赵敏), team 华南 (刘洋):
o1 张伟 C1 created 11-02: 初步接洽 → 需求确认 11-05 → 方案提交 11-10 → 商务谈判 11-12 → 合同签订 11-15, 100万/contract 90万
o2 张伟 C2 created 10-10: 初步接洽 → 需求确认 10-20 → 方案提交 11-03 → 已流失 11-08 (价格), 50万
o3 李娜 C3 created 11-05: 初步接洽 only, 20万
o4 李娜 C4 created 09-01: 初步接洽 → 需求确认 09-10 → 合同签订 10-15, contract 30万
o5 李娜 C4 created 11-01: 初步接洽 → 合同签订 11-10 (skips stages), 45万/contract 40万
o6 刘洋 C5 created 11-03: 初步接洽 → 合同签订 11-06, contract 200万 (the other team)

add_orders_and_needs adds, for /分析 and /趋势 (regions 深圳 C1 C2, 苏州 C4, 广州 C5, C3 none; C2 合作起始 2025-03):
SO202610001 C4 李娜 30万 已成交 10-15 (its October win); in November
SO202611001 C1 张伟 10万 定制化 已成交 11-03 网关      SO202611002 C2 张伟 2万 紧急补货 已处理 11-04 网关 部分满足
SO202611003 C4 李娜 6万 紧急补货 已成交 11-06 完全满足  SO202611004 C1 张伟 60万 已成交 11-20 MES
SO202611005 C3 李娜 150万 紧急补货 已处理 11-12 MES 未满足  SO202611006 C5 刘洋 8万 紧急补货 已成交 11-05 (unrated)
SO202611007 C2 张伟 3万 已取消 11-09                  SO202611008 C5 刘洋 4万 已成交 11-05 (same day as 006)
and requirements: 张伟 [定制化, 培训] 09-10, 李娜 [紧急补货] 10-31 23:30, 张伟 [定制化] and [定制化, 价格] at
November's first instant, 李娜 [紧急补货, 交付] 11-12.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from bot.clock import to_utc
from bot.storage.models import Customer, GroupChat, Opportunity, Order, Requirement, StageChange, Team, User

TZ = "Asia/Shanghai"
W = 10_000


def at(day: date) -> datetime:
    return to_utc(datetime.combine(day, time(10)), TZ)


def add_opportunity(s, code: str, owner: User, customer: Customer, created: date, path: list[tuple[str, date]],
                    expected: int, contract: int | None = None, lost_reason: str | None = None,
                    source: str = "线上") -> Opportunity:
    stage, last_day = path[-1]
    o = Opportunity(code=code, owner=owner, customer=customer, stage=stage, created_at=at(created),
                    expected_amount=Decimal(expected), source=source, lost_reason=lost_reason,
                    contract_amount=Decimal(contract) if contract else None,
                    closed_at=at(last_day) if stage in ("won", "lost") else None)
    s.add(o)
    s.flush()
    previous = None
    for to_stage, day in path:
        s.add(StageChange(opportunity_id=o.id, from_stage=previous, to_stage=to_stage, at=at(day), by_id=owner.id))
        previous = to_stage
    return o


def build_world(s) -> dict[str, object]:
    east, south = Team(name="华东", dept_code="SAL"), Team(name="华南", dept_code="SAS")
    people = {n: User(name=n, role="rep", team=east) for n in ("张伟", "李娜")}
    people["赵敏"] = User(name="赵敏", role="manager", team=east)
    people["刘洋"] = User(name="刘洋", role="rep", team=south)
    people["老板"] = User(name="老板", role="admin")
    s.add_all([east, south, *people.values()])
    s.add(GroupChat(platform="console", chat_id="华东群", title="华东群", team=east))
    s.add(GroupChat(platform="console", chat_id="闲聊群", title="闲聊群"))
    owners = {"C1": "张伟", "C2": "张伟", "C3": "李娜", "C4": "李娜", "C5": "刘洋"}
    kinds = {"C4": "老"}
    industries = {"C1": "通信", "C2": "通信", "C3": "汽车", "C4": "汽车", "C5": "医疗"}
    cust = {k: Customer(name=f"客户{k}", owner=people[v], kind=kinds.get(k, "新"), industry=industries[k], source="展会")
            for k, v in owners.items()}
    s.add_all(cust.values())
    s.flush()
    d = lambda m, day: date(2026, m, day)  # noqa: E731
    zw, ln = people["张伟"], people["李娜"]
    add_opportunity(s, "202611-SAL-001", zw, cust["C1"], d(11, 2), [("initial", d(11, 2)), ("needs", d(11, 5)),
                    ("proposal", d(11, 10)), ("negotiation", d(11, 12)), ("won", d(11, 15))], 100 * W, 90 * W)
    add_opportunity(s, "202610-SAL-001", zw, cust["C2"], d(10, 10), [("initial", d(10, 10)), ("needs", d(10, 20)),
                    ("proposal", d(11, 3)), ("lost", d(11, 8))], 50 * W, lost_reason="价格", source="展会")
    add_opportunity(s, "202611-SAL-002", ln, cust["C3"], d(11, 5), [("initial", d(11, 5))], 20 * W, source="转介绍")
    add_opportunity(s, "202609-SAL-001", ln, cust["C4"], d(9, 1), [("initial", d(9, 1)), ("needs", d(9, 10)),
                    ("won", d(10, 15))], 30 * W, 30 * W)
    add_opportunity(s, "202611-SAL-003", ln, cust["C4"], d(11, 1), [("initial", d(11, 1)), ("won", d(11, 10))],
                    45 * W, 40 * W)
    add_opportunity(s, "202611-SAS-001", people["刘洋"], cust["C5"], d(11, 3), [("initial", d(11, 3)),
                    ("won", d(11, 6))], 200 * W, 200 * W)
    s.add(Order(code="SO202606001", customer=cust["C1"], owner_id=zw.id, amount=Decimal(5 * W), status="已处理",
                ordered_on=d(6, 1)))
    s.flush()
    return {"people": people, "customers": cust, "east": east, "south": south}


def add_orders_and_needs(s, ids: dict[str, object]) -> None:
    c, p = ids["customers"], ids["people"]
    zw, ln, ly = p["张伟"].id, p["李娜"].id, p["刘洋"].id
    for key, region in (("C1", "深圳"), ("C2", "深圳"), ("C4", "苏州"), ("C5", "广州")):
        c[key].region = region
    c["C2"].cooperating_since = date(2025, 3, 1)
    rows = [("SO202610001", "C4", ln, 30, "标准品", "已成交", (10, 15), None, None),
            ("SO202611001", "C1", zw, 10, "定制化", "已成交", (11, 3), "网关", None),
            ("SO202611002", "C2", zw, 2, "紧急补货", "已处理", (11, 4), "网关", "部分满足"),
            ("SO202611003", "C4", ln, 6, "紧急补货", "已成交", (11, 6), None, "完全满足"),
            ("SO202611004", "C1", zw, 60, "标准品", "已成交", (11, 20), "MES", None),
            ("SO202611005", "C3", ln, 150, "紧急补货", "已处理", (11, 12), "MES", "未满足"),
            ("SO202611006", "C5", ly, 8, "紧急补货", "已成交", (11, 5), None, None),
            ("SO202611007", "C2", zw, 3, "标准品", "已取消", (11, 9), "网关", None),
            ("SO202611008", "C5", ly, 4, "标准品", "已成交", (11, 5), None, None)]
    s.add_all(Order(code=code, customer=c[key], owner_id=owner, amount=Decimal(wan * W), demand_type=demand,
                    status=status, ordered_on=date(2026, *day), product=product, satisfaction=rated)
              for code, key, owner, wan, demand, status, day, product, rated in rows)
    nov = to_utc(datetime(2026, 11, 1), TZ)
    s.add_all([
        Requirement(customer=c["C1"], user_id=zw, tags=["定制化", "培训"], created_at=at(date(2026, 9, 10))),
        Requirement(customer=c["C4"], user_id=ln, tags=["紧急补货"],
                    created_at=to_utc(datetime(2026, 10, 31, 23, 30), TZ)),
        Requirement(customer=c["C1"], user_id=zw, tags=["定制化"], created_at=nov, responded_at=nov + timedelta(hours=6)),
        Requirement(customer=c["C2"], user_id=zw, tags=["定制化", "价格"], created_at=nov),
        Requirement(customer=c["C3"], user_id=ln, tags=["紧急补货", "交付"], created_at=at(date(2026, 11, 12))),
    ])
    s.flush()


def test_world_opportunities_end_in_their_last_stage(db):
    with db.session() as s:
        build_world(s)
        stages = dict(s.query(Opportunity.code, Opportunity.stage).all())
    assert stages["202610-SAL-001"] == "lost" and stages["202611-SAL-002"] == "initial"
