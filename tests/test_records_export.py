"""python -m bot export --format json: every record with the keys integrations rely on, in their formats."""
from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from bot.__main__ import run_subcommand
from bot.clock import to_utc
from bot.storage.models import Activity, Contact, Customer, FollowUp, Opportunity, Order, Requirement, Team, User

TZ = "Asia/Shanghai"
# The keys docs/replay_export.md promises (more may be added, none of these removed or renamed).
KEYS = {
    "user": {"name", "role", "team"},
    "customer": {"name", "aliases", "owner", "tier", "kind", "industry", "source", "contacts", "activities", "follow_ups",
                 "requirements", "opportunities", "orders"},
    "contacts": {"name", "title", "phone", "email", "active"},
    "activities": {"type", "at", "text"},
    "follow_ups": {"date", "time", "action", "status"},
    "requirements": {"tags", "status", "importance", "created_at", "responded_at", "resolved_at"},
    "opportunities": {"code", "created_at", "stage", "budget", "budget_max", "quote", "contract", "expected_close",
                      "probability", "lead_score", "lost_reason"},
    "orders": {"code", "amount", "unit_price", "quantity", "unit", "product", "status", "fulfilment", "delivered_on",
               "demand_type", "paid"},
}


def at(*args) -> datetime:
    return to_utc(datetime(*args), TZ)


def build_world(db) -> None:
    with db.session() as s:
        rep = User(name="孙磊", team=Team(name="华北销售部", dept_code="HB"))
        c = Customer(name="恒岳重工机械股份有限公司", aliases=["恒岳"], owner=rep, tier="B", kind="老", industry="工程机械",
                     source="展会", created_at=at(2026, 11, 23, 9, 5))
        s.add_all([User(name="郑强", role="manager", team=rep.team), c,
                   Customer(name="坤泰吊装设备有限公司", owner=rep)])
        s.flush()
        s.add_all([
            Contact(customer=c, name="王部长", title="设备部部长", phone="13912345678", email="wang@hengyue.cn"),
            Contact(customer=c, name="李工", active=False),
            Activity(customer_id=c.id, user_id=rep.id, type="call", occurred_at=at(2026, 11, 23, 10, 40), raw_text="打了电话"),
            Activity(customer_id=c.id, user_id=rep.id, type="visit", occurred_at=at(2026, 11, 24, 10, 0), raw_text="撤销了",
                     undone_at=at(2026, 11, 24, 10, 1)),
            FollowUp(customer_id=c.id, user_id=rep.id, due_date=date(2026, 11, 26), due_time="10:00", action="细聊"),
            FollowUp(customer_id=c.id, user_id=rep.id, due_date=date(2026, 11, 25), action="开会", status="done",
                     closed_at=at(2026, 11, 25, 11, 45)),
            FollowUp(customer_id=c.id, user_id=rep.id, due_date=date(2026, 11, 30), status="cancelled"),
            Requirement(customer_id=c.id, user_id=rep.id, tags=["定制化"], importance="高", status="已解决",
                        created_at=at(2026, 11, 25, 11, 45), responded_at=at(2026, 11, 26, 14, 10),
                        resolved_at=at(2026, 11, 27, 16, 0)),
            Opportunity(code="202611-HB-001", customer_id=c.id, owner_id=rep.id, stage="won", expected_amount=Decimal("3000000"),
                        budget_max=Decimal("3500000"), quote_amount=Decimal("700000"), contract_amount=Decimal("680000.50"),
                        expected_close=date(2026, 11, 30), probability="高", lead_score=25, created_at=at(2026, 11, 23, 10, 40)),
            Order(code="SO202611001", customer_id=c.id, owner_id=rep.id, amount=Decimal("680000"), unit_price=Decimal("34000"),
                  quantity=20, unit="台", product="防碰撞模块", status="已成交", fulfilment="生产中", demand_type="定制化",
                  ordered_on=date(2026, 11, 27), delivered_on=date(2026, 12, 7), paid=Decimal("300000")),
        ])


def exported(services, capsys, *extra) -> dict:
    assert run_subcommand(["export", "--format", "json", *extra], services) == 0
    return json.loads(capsys.readouterr().out)


def test_every_promised_key_is_there(services, capsys):
    build_world(services.db)
    doc = exported(services, capsys)
    assert all(KEYS["user"] <= set(u) for u in doc["users"])
    for customer in doc["customers"]:
        assert KEYS["customer"] <= set(customer)
        for part in ("contacts", "activities", "follow_ups", "requirements", "opportunities", "orders"):
            assert all(KEYS[part] <= set(row) for row in customer[part]), part
    assert doc["customers"][0]["orders"] and doc["customers"][1]["orders"] == []


def test_values_are_numbers_in_yuan_iso_dates_and_local_times(services, capsys):
    build_world(services.db)
    doc = exported(services, capsys)
    assert {u["name"]: (u["role"], u["team"]) for u in doc["users"]} == {"孙磊": ("rep", "华北销售部"),
                                                                         "郑强": ("manager", "华北销售部")}
    c = doc["customers"][0]
    assert (c["name"], c["aliases"], c["owner"], c["tier"], c["kind"], c["industry"], c["source"]) == (
        "恒岳重工机械股份有限公司", ["恒岳"], "孙磊", "B", "老", "工程机械", "展会")
    assert c["contacts"] == [
        {"name": "王部长", "title": "设备部部长", "phone": "13912345678", "email": "wang@hengyue.cn", "active": True},
        {"name": "李工", "title": None, "phone": None, "email": None, "active": False}]
    assert c["activities"] == [{"type": "call", "at": "2026-11-23T10:40:00+08:00", "text": "打了电话"}]  # undone one left out
    assert [(f["date"], f["time"], f["action"], f["status"]) for f in c["follow_ups"]] == [
        ("2026-11-25", None, "开会", "done"), ("2026-11-26", "10:00", "细聊", "open"), ("2026-11-30", None, None, "cancelled")]
    assert {k: c["requirements"][0][k] for k in KEYS["requirements"]} == {
        "tags": ["定制化"], "status": "已解决", "importance": "高", "created_at": "2026-11-25T11:45:00+08:00",
        "responded_at": "2026-11-26T14:10:00+08:00", "resolved_at": "2026-11-27T16:00:00+08:00"}
    assert {k: c["opportunities"][0][k] for k in KEYS["opportunities"]} == {
        "code": "202611-HB-001", "created_at": "2026-11-23T10:40:00+08:00", "stage": "won", "budget": 3000000,
        "budget_max": 3500000, "quote": 700000, "contract": 680000.5, "expected_close": "2026-11-30", "probability": "高",
        "lead_score": 25, "lost_reason": None}
    assert {k: c["orders"][0][k] for k in KEYS["orders"]} == {
        "code": "SO202611001", "amount": 680000, "unit_price": 34000, "quantity": 20, "unit": "台", "product": "防碰撞模块",
        "status": "已成交", "fulfilment": "生产中", "delivered_on": "2026-12-07", "demand_type": "定制化", "paid": 300000}
    assert isinstance(c["orders"][0]["amount"], int)


def test_output_file_gets_the_same_document(services, capsys, tmp_path):
    build_world(services.db)
    on_stdout = exported(services, capsys)
    assert run_subcommand(["export", "--format", "json", "--output", str(tmp_path / "records.json")], services) == 0
    assert "2 个客户" in capsys.readouterr().out
    assert json.loads((tmp_path / "records.json").read_text(encoding="utf-8"))["customers"] == on_stdout["customers"]


def test_the_excel_export_still_needs_its_file_and_still_works(services, capsys, tmp_path, frozen_clock):
    build_world(services.db)
    assert run_subcommand(["export", "--period", "2026-11"], services) == 2
    assert "请给出输出文件" in capsys.readouterr().out
    assert run_subcommand(["export", "--period", "2026-11", str(tmp_path / "out.xlsx")], services) == 0
    assert "已导出 2026年11月" in capsys.readouterr().out and (tmp_path / "out.xlsx").stat().st_size > 0
