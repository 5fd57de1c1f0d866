"""/分析 on the hand-computed world: sources, lost reasons, new vs old customers, budget."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from test_analytics_world import W, build_world

from bot.reports import analysis as A
from bot.reports.period import month
from bot.storage.models import Order, Requirement

NOV = month(2026, 11, "Asia/Shanghai")


@pytest.fixture
def world(services, frozen_clock):
    with services.db.session() as s:
        ids = build_world(s)
        c = ids["customers"]
        zw = ids["people"]["张伟"]
        s.add_all([
            Order(code="SO202611001", customer=c["C1"], owner_id=zw.id, amount=Decimal(10 * W), demand_type="定制化",
                  status="已成交", ordered_on=date(2026, 11, 3), product="网关"),
            Order(code="SO202611002", customer=c["C2"], owner_id=zw.id, amount=Decimal(2 * W), demand_type="紧急补货",
                  status="已处理", ordered_on=date(2026, 11, 4), satisfaction="部分满足", product="网关"),
            Order(code="SO202611003", customer=c["C4"], owner_id=ids["people"]["李娜"].id, amount=Decimal(6 * W),
                  demand_type="紧急补货", status="已成交", ordered_on=date(2026, 11, 6), satisfaction="完全满足"),
            Requirement(customer=c["C1"], user_id=zw.id, tags=["定制化"], created_at=NOV.start_utc,
                        responded_at=NOV.start_utc.replace(hour=NOV.start_utc.hour + 6)),
            Requirement(customer=c["C2"], user_id=zw.id, tags=["定制化", "价格"], created_at=NOV.start_utc),
        ])
    return services


def test_sources_count_new_opportunities_and_their_wins(world):
    with world.db.session() as s:
        rows = {g.label: (g.count, g.share) for g in A.sources(s, NOV, None)}
    assert rows == {"线上": (3, 1.0), "转介绍": (1, 0.0)}


def test_lost_reasons_count_losses_in_the_period(world):
    with world.db.session() as s:
        assert [(g.label, g.count, g.amount) for g in A.lost_reasons(s, NOV, None)] == [("价格", 1, Decimal(50 * W))]


def test_new_vs_old_shares_custom_orders(world):
    with world.db.session() as s:
        rows = {g.label: (g.count, g.share) for g in A.new_vs_old(s, NOV, None)}
    assert rows == {"新": (2, 0.5), "老": (1, 0.0)}


def test_urgent_orders_fulfilment_shares(world):
    with world.db.session() as s:
        rows = {g.label: g.count for g in A.urgent_fulfilment(s, NOV, None)}
    assert rows == {"完全满足": 1, "部分满足": 1, "未满足": 0}


def test_budget_against_won_amount(world):
    with world.db.session() as s:
        g = A.budget_vs_amount(s, NOV, None)
    assert (g.count, g.amount, Decimal(g.note)) == (3, Decimal(330 * W), Decimal(345 * W))


def test_custom_requirement_response_time_per_rep(world):
    with world.db.session() as s:
        [g] = A.custom_response_hours(s, NOV, None)
    assert (g.label, g.count, g.share, g.note) == ("张伟", 2, 6.0, "1")


def test_analysis_command_in_a_group_hides_other_teams(world, chat):
    reply = chat.as_("张伟", group="华东群").say("/分析 来源")
    assert "线上  商机  2" in reply and "客户C" not in reply


def test_analysis_without_topic_lists_topics(world, chat):
    assert "行业、新老客户、来源、输单原因" in chat.say("/分析")
