"""Opportunity and order codes: one atomic counter per prefix, so reports filed at once never share a code, and a
month keeps counting past 999 (codes order by their serial as a number). Runs on the suite's database, SQLite or
PostgreSQL."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.storage.codes import code_order, next_opportunity_code, next_order_code, note_code
from bot.storage.bookkeeping import CodeCounter
from bot.storage.models import Customer, Opportunity, Order, Team, User
from helpers import APOLOGY

DAY = date(2026, 11, 18)


@pytest.fixture
def owner(db) -> tuple[int, int]:
    with db.session() as s:
        team = Team(name="华东", dept_code="SAL")
        rep = User(name="张伟", role="rep", team=team)
        customer = Customer(name="锦程物流", owner=rep)
        s.add_all([team, rep, customer])
        s.flush()
        return rep.id, customer.id


def _file_deal(db, owner: tuple[int, int]) -> tuple[str, str]:
    """One unit of work like a filed report: a new opportunity and its order, each with a fresh code."""
    rep_id, customer_id = owner
    with db.session() as s:
        opp = Opportunity(code=next_opportunity_code(s, "SAL", DAY), customer_id=customer_id, owner_id=rep_id)
        s.add(opp)
        s.flush()
        order = Order(code=next_order_code(s, DAY), customer_id=customer_id, owner_id=rep_id, opportunity_id=opp.id,
                      amount=Decimal(1000), ordered_on=DAY)
        s.add(order)
        return opp.code, order.code


def test_codes_taken_in_parallel_threads_are_all_different_and_consecutive(db, owner):
    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(lambda _: _file_deal(db, owner), range(48)))
    opportunities, orders = sorted(c for c, _ in codes), sorted(o for _, o in codes)
    assert opportunities == [f"202611-SAL-{n:03d}" for n in range(1, 49)]
    assert orders == [f"SO202611{n:03d}" for n in range(1, 49)]


def test_a_month_counts_on_past_999_and_codes_order_by_number(db, owner):
    rep_id, customer_id = owner
    with db.session() as s:  # codes stored before the month's counter existed (as an old database has them)
        s.add(Opportunity(code="202611-SAL-998", customer_id=customer_id, owner_id=rep_id))
    with db.session() as s:
        made = [next_opportunity_code(s, "SAL", DAY) for _ in range(3)]
        made.append(next_opportunity_code(s, "HB", DAY))
        made.append(next_order_code(s, date(2026, 12, 1)))
    assert made == ["202611-SAL-999", "202611-SAL-1000", "202611-SAL-1001", "202611-HB-001", "SO202612001"]
    assert sorted(["SO2026111000", "SO202612001", "SO202611999"], key=code_order) == [
        "SO202611999", "SO2026111000", "SO202612001"]


def test_a_rolled_back_report_gives_its_serial_back(db, owner):
    with pytest.raises(RuntimeError):
        with db.session() as s:
            assert next_order_code(s, DAY) == "SO202611001"
            raise RuntimeError("the report failed after taking its code")
    with db.session() as s:
        assert next_order_code(s, DAY) == "SO202611001"


def test_an_imported_code_moves_its_counter_past_it(db, owner):
    with db.session() as s:
        assert next_order_code(s, DAY) == "SO202611001"
        note_code(s, "SO202611040")
        note_code(s, "SO202611007")  # lower than the counter: leaves it alone
        note_code(s, "202611-HB-012")
        assert next_order_code(s, DAY) == "SO202611041"
        assert next_opportunity_code(s, "HB", DAY) == "202611-HB-013"
        assert s.get(CodeCounter, "SO202611").last == 41


def test_reports_opening_deals_at_once_all_file_without_an_apology(chat, db):
    reps = [f"rep{i}" for i in range(6)]
    for rep in reps:
        assert chat.as_(rep).say(f"/新客户 {rep}精密机械有限公司").startswith(f"已新建客户「{rep}精密机械有限公司」")

    def report(rep: str) -> str:
        return chat.as_(rep).say(f"今天拜访了{rep}精密机械，客户预算20万")

    with ThreadPoolExecutor(max_workers=6) as pool:
        replies = list(pool.map(report, reps))
    assert not [r for r in replies if APOLOGY in r]
    assert all(reply.startswith(f"已记录：{rep}精密机械有限公司") for rep, reply in zip(reps, replies))
    with db.session() as s:
        codes = list(s.scalars(select(Opportunity.code)))
    assert sorted(codes) == [f"202611-SAL-{n:03d}" for n in range(1, 7)]  # reps without a team: BOT_DEPT_CODE
