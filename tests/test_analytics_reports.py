"""Funnel and KPIs on the hand-computed world of test_analytics_world.py, and their edge cases."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from test_analytics_world import W, add_opportunity, build_world

from bot.reports.funnel import funnel
from bot.reports.kpis import kpis
from bot.reports.period import month, parse_period
from bot.reports.scope import team_scope

NOV, OCT = month(2026, 11, "Asia/Shanghai"), month(2026, 10, "Asia/Shanghai")


@pytest.fixture
def world(db):
    with db.session() as s:
        ids = build_world(s)
        yield s, {k: v.id for k, v in ids["people"].items()}, ids["east"].id


def test_funnel_counts_active_opportunities_by_furthest_stage(world):
    s, people, east = world
    f = funnel(s, NOV, team_scope(s, east).owner_ids).team
    assert f.reached == {"initial": 4, "needs": 3, "proposal": 3, "negotiation": 2, "won": 2}
    assert f.lost == 1
    assert f.amounts["initial"] == Decimal(215 * W) and f.amounts["negotiation"] == Decimal(145 * W)
    assert f.won_amount == Decimal(130 * W)
    assert f.conversion("needs") == pytest.approx(0.75) and f.conversion("initial") is None


def test_funnel_leaves_out_deals_closed_before_the_month(world):
    s, people, east = world
    f = funnel(s, OCT, team_scope(s, east).owner_ids).team
    assert f.reached == {"initial": 2, "needs": 2, "proposal": 1, "negotiation": 1, "won": 1}
    assert f.won_amount == Decimal(30 * W) and f.lost == 0


def test_funnel_splits_per_rep(world):
    s, people, east = world
    by_owner = funnel(s, NOV, team_scope(s, east).owner_ids).by_owner
    assert by_owner[people["张伟"]].won_amount == Decimal(90 * W) and by_owner[people["张伟"]].total == 2
    assert by_owner[people["李娜"]].won_amount == Decimal(40 * W) and by_owner[people["李娜"]].lost == 0


def test_empty_month_has_no_division_by_zero(world):
    s, _, east = world
    f = funnel(s, month(2026, 5, "Asia/Shanghai"), team_scope(s, east).owner_ids).team
    assert f.total == 0 and all(f.conversion(st) is None for st in f.reached)
    k = kpis(s, month(2026, 5, "Asia/Shanghai"), None)
    assert k.conversion.value is None and k.average_deal.value is None and k.sales_cycle.value is None


def test_all_lost_month_converts_nothing_to_won(db):
    with db.session() as s:
        ids = build_world(s)
        zw = ids["people"]["张伟"]
        for i in range(3):
            add_opportunity(s, f"202605-SAL-00{i}", zw, ids["customers"]["C1"], date(2026, 5, 2),
                            [("initial", date(2026, 5, 2)), ("lost", date(2026, 5, 9))], 10 * W, lost_reason="竞品")
        f = funnel(s, month(2026, 5, "Asia/Shanghai"), [zw.id]).team
        assert (f.total, f.lost, f.won, f.conversion("needs")) == (3, 3, 0, 0.0)
        assert kpis(s, month(2026, 5, "Asia/Shanghai"), [zw.id]).conversion.value == 0.0


def test_kpis_follow_the_business_formulas(world):
    s, _, east = world
    k = kpis(s, NOV, team_scope(s, east).owner_ids)
    assert (k.leads, k.won_customers, k.won_amount, k.repeat_customers, k.sales_days) == (3, 2, Decimal(130 * W), 1, 22)
    assert k.conversion.value == pytest.approx(2 / 3)
    assert k.average_deal.value == pytest.approx(65 * W)
    assert k.repurchase.value == pytest.approx(0.5)
    assert k.sales_cycle.value == pytest.approx(11.0)


def test_kpis_of_one_rep_count_only_their_deals(world):
    s, people, _ = world
    k = kpis(s, NOV, [people["张伟"]])
    assert (k.leads, k.won_customers, k.won_amount, k.repeat_customers, k.sales_days) == (1, 1, Decimal(90 * W), 0, 13)


@pytest.mark.parametrize("word,expected", [("上月", (2026, 10)), ("2026-10", (2026, 10)), ("2026年9月", (2026, 9)),
                                           ("12月", (2025, 12)), ("本月", (2026, 11))])
def test_period_words_name_the_right_month(word, expected):
    p = parse_period(word, date(2026, 11, 18), "Asia/Shanghai")
    assert (p.start.year, p.start.month) == expected


def test_quarter_previous_is_the_quarter_before():
    q = parse_period("本季度", date(2026, 2, 1), "Asia/Shanghai")
    assert (q.start, q.end, q.previous().start) == (date(2026, 1, 1), date(2026, 4, 1), date(2025, 10, 1))
