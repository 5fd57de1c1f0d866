"""/分析 on the hand-computed world (test_analytics_world: build_world + add_orders_and_needs): each dimension,
the new/old rule, the urgent unmet rate and its alarm, the needs trend, and who sees what."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from test_analytics_world import W, add_orders_and_needs, build_world

from bot.reports import analysis as A
from bot.reports.dealt_before import first_dealings, is_old
from bot.reports.period import month, months_back
from bot.reports.summary import monthly_summary
from bot.reports.trends import needs_by_month
from bot.storage.models import Customer, Order, User

NOV = month(2026, 11, "Asia/Shanghai")


@pytest.fixture
def world(services, frozen_clock):
    with services.db.session() as s:
        ids = build_world(s)
        add_orders_and_needs(s, ids)
    return ids


def ids_of(services, *names):
    with services.db.session() as s:
        return [s.scalar(select(User.id).where(User.name == n)) for n in names]


def test_sources_count_new_opportunities_and_their_wins(world, services):
    with services.db.session() as s:
        rows = {g.label: (g.count, g.share) for g in A.sources(s, NOV, None)}
    assert rows == {"线上": (3, 1.0), "转介绍": (1, 0.0)}


def test_lost_reasons_count_losses_in_the_period(world, services):
    with services.db.session() as s:
        assert [(g.label, g.count, g.amount) for g in A.lost_reasons(s, NOV, None)] == [("价格", 1, Decimal(50 * W))]


# Each order as new or old: the customer had bought (an 已成交 order on an earlier day, or 合作起始 before) or not.
@pytest.mark.parametrize("code, kind, why", [
    ("SO202606001", "新", "C1's first order; 已处理 is not a purchase"),
    ("SO202611001", "新", "C1 had only the 已处理 June order before"),
    ("SO202611004", "老", "C1 bought on 11-03 (SO202611001)"),
    ("SO202610001", "新", "C4's first order, although C4 is stored as 老"),
    ("SO202611003", "老", "C4 bought on 10-15"),
    ("SO202611002", "老", "C2 has cooperated since 2025-03 (合作起始)"),
    ("SO202611005", "新", "C3 never bought"),
    ("SO202611006", "新", "C5's first day of buying"),
    ("SO202611008", "新", "same day as C5's other order: not earlier"),
])
def test_an_order_is_old_only_if_its_customer_bought_before_that_day(world, services, code, kind, why):
    with services.db.session() as s:
        order = s.scalars(select(Order).where(Order.code == code)).one()
        first = first_dealings(s, {order.customer_id}, services.settings.timezone)
        old = is_old(first, order.customer_id, order.ordered_on)
    assert ("老" if old else "新") == kind, why


def test_new_vs_old_counts_orders_by_the_status_when_ordered(world, services):
    with services.db.session() as s:
        rows = {g.label: (g.count, g.amount, g.share) for g in A.new_vs_old(s, NOV, None)}
    assert rows == {"新": (4, Decimal(172 * W), 0.25), "老": (3, Decimal(68 * W), 0.0)}


def test_a_new_customers_first_win_counts_as_new_and_the_next_day_as_old(services, chat, frozen_clock):
    chat.say("/新客户 甬达汽车零部件有限公司")
    assert "合同签订" in chat.say("/赢单 甬达 50万")
    assert "新客户   1单     50万" in chat.say("/分析 新老客户")
    frozen_clock.advance(days=1)
    chat.say("/赢单 甬达 20万")
    reply = chat.say("/分析 新老客户")
    assert "新客户   1单     50万" in reply and "老客户   1单     20万" in reply


def test_the_kpis_and_the_analysis_agree_on_who_dealt_with_us_before(services, chat, frozen_clock):
    """One rule (bot/reports/dealt_before.py): a customer cooperating since last year is 老 for /分析 and a
    二次合作客户 for /业绩, and so is one won yesterday; one won for the first time today is new to both."""
    chat.say("/新客户 甬达汽车零部件有限公司")
    chat.say("/新客户 博远精工科技有限公司")
    with services.db.session() as s:
        s.scalars(select(Customer).where(Customer.name.startswith("甬达"))).one().cooperating_since = date(2025, 3, 1)
    chat.say("/赢单 甬达 50万")
    chat.say("/赢单 博远 30万")
    reply = chat.say("/分析 新老客户")
    assert "新客户   1单     30万" in reply and "老客户   1单     50万" in reply
    assert "二次合作 1 / 成交客户 2" in chat.say("/业绩")


@pytest.mark.parametrize("dimension, expected", [
    (A.regions, [("未填", 1, 150), ("深圳", 3, 72), ("广州", 2, 12), ("苏州", 1, 6)]),
    (A.products, [("MES", 2, 210), ("未填", 3, 18), ("网关", 2, 12)]),
    (A.amount_bands, [("10万以下", 4, 20), ("10-50万", 1, 10), ("50-100万", 1, 60), ("100万以上", 1, 150)]),
])
def test_order_dimensions_count_amount_and_share(world, services, dimension, expected):
    with services.db.session() as s:
        groups = dimension(s, NOV, None)
    assert [(g.label, g.count, g.amount) for g in groups] == [(label, n, Decimal(wan * W)) for label, n, wan in expected]
    assert [round(g.share, 4) for g in groups] == [round(wan / 240, 4) for _, _, wan in expected]


def test_a_band_holds_its_lower_bound(world, services):
    with services.db.session() as s:
        [ten] = [g for g in A.amount_bands(s, NOV, None) if g.label == "10-50万"]
    assert ten.count == 1  # SO202611001 is exactly 10万


@pytest.mark.parametrize("unmet, rated, rate, alarming", [
    (0, 0, None, False), (3, 10, 0.3, False), (4, 10, 0.4, True), (1, 1, 1.0, True), (0, 4, 0.0, False),
])
def test_urgent_unmet_rate_alarms_above_30_percent(unmet, rated, rate, alarming):
    u = A.UrgentUnmet(unmet, rated, unrated=2)
    assert (u.rate, u.alarming) == (rate, alarming)


@pytest.mark.parametrize("owners, expected", [
    (None, (1, 3, 1)),  # 部分满足, 完全满足, 未满足 rated; 刘洋's SO202611006 unrated
    (("张伟", "李娜", "赵敏"), (1, 3, 0)),
    (("张伟",), (0, 1, 0)),
    (("刘洋",), (0, 0, 1)),
])
def test_urgent_unmet_counts_rated_urgent_orders_in_scope(world, services, owners, expected):
    owner_ids = None if owners is None else ids_of(services, *owners)
    with services.db.session() as s:
        u = A.urgent_unmet(s, NOV, owner_ids)
    assert (u.unmet, u.rated, u.unrated) == expected


def test_urgent_topic_shows_the_rate_and_the_warning(world, chat):
    reply = chat.as_("赵敏").say("/分析 紧急订单")
    assert "未满足率 1/3 = 33%" in reply
    assert "⚠️ 2026年11月 紧急订单未满足率 33%（1/3），超过30%" in reply
    assert "⚠️" not in chat.say("/分析 紧急订单")  # 张伟's own: 0/1
    only_unrated = chat.as_("刘洋").say("/分析 紧急订单")
    assert "未评价" in only_unrated and "未满足率" not in only_unrated


def test_analysis_menu_carries_this_months_alarm(world, chat):
    reply = chat.as_("赵敏").say("/分析")
    assert "区域、金额档、产品、需求" in reply and "紧急订单未满足率 33%" in reply
    assert "⚠️" not in chat.as_("刘洋").say("/分析")


def test_monthly_summary_warns_on_unmet_urgent_orders(world, services):
    with services.db.session() as s:
        east = monthly_summary(s, world["east"].id, 2026, 11, chart=False).text
        south = monthly_summary(s, world["south"].id, 2026, 11, chart=False).text
    assert east.splitlines()[-1].startswith("⚠️ 2026年11月 紧急订单未满足率 33%")
    assert "⚠️" not in south


def test_needs_trend_counts_each_need_tag_per_local_month(world, services):
    with services.db.session() as s:
        everyone = needs_by_month(s, months_back(NOV, 3), None)
        zhang = needs_by_month(s, months_back(NOV, 3), ids_of(services, "张伟"))
    assert everyone == {"定制化": [1, 0, 2], "紧急补货": [0, 1, 1], "交付": [0, 0, 1], "培训": [1, 0, 0]}
    assert zhang == {"定制化": [1, 0, 2], "培训": [1, 0, 0]}


def test_needs_trend_command_ranks_by_this_month(world, chat):
    lines = chat.as_("老板").say("/分析 需求 趋势").splitlines()
    assert lines[:2] == ["全公司 2026年11月 需求分类趋势", "月份：9月 → 10月 → 11月"]
    assert [line.split()[0] for line in lines[2:]] == ["定制化", "紧急补货", "交付", "培训"]
    assert lines[2].endswith("1 → 0 → 2  较上月 +2") and lines[3].endswith("较上月 持平")


def test_needs_trend_of_a_quarter_is_its_three_months(world, chat):
    lines = chat.as_("老板").say("/分析 需求 本季度").splitlines()
    assert lines[:2] == ["全公司 2026年Q4 需求分类趋势", "月份：10月 → 11月 → 12月"]
    assert "定制化  0 → 2 → 0  较上月 -2" in lines


@pytest.mark.parametrize("sender, group, first_line, region_line", [
    ("张伟", None, "张伟 2026年11月 区域分布", "深圳     3单     72万  占 100%"),
    ("张伟", "华东群", "华东 2026年11月 区域分布", "未填     1单    150万  占 66%"),
    ("赵敏", None, "华东 2026年11月 区域分布", "深圳     3单     72万  占 32%"),
    ("刘洋", None, "刘洋 2026年11月 区域分布", "广州     2单     12万  占 100%"),
    ("老板", None, "全公司 2026年11月 区域分布", "广州     2单     12万  占 5%"),
])
def test_region_analysis_follows_the_visibility_rule(world, chat, sender, group, first_line, region_line):
    lines = chat.as_(sender, group=group).say("/分析 区域").splitlines()
    assert lines[0] == first_line and region_line in lines


def test_trend_word_only_goes_with_a_trend_topic(world, chat):
    assert "按月趋势可以看：需求" in chat.say("/分析 区域 趋势")
    assert "按月趋势可以看：需求" in chat.say("/分析 趋势")


def test_budget_against_won_amount(world, services):
    with services.db.session() as s:
        g = A.budget_vs_amount(s, NOV, None)
    assert (g.count, g.amount, Decimal(g.note)) == (3, Decimal(330 * W), Decimal(345 * W))


def test_custom_requirement_response_time_per_rep(world, services):
    with services.db.session() as s:
        [g] = A.custom_response_hours(s, NOV, None)
    assert (g.label, g.count, g.share, g.note) == ("张伟", 2, 6.0, "1")


def test_analysis_command_in_a_group_hides_other_teams(world, chat):
    reply = chat.as_("张伟", group="华东群").say("/分析 来源")
    assert "线上  商机  2" in reply and "客户C" not in reply


def test_analysis_without_topic_lists_topics(world, chat):
    assert "行业、新老客户、来源、输单原因" in chat.say("/分析")

