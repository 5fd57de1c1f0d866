"""/本月漏斗 /漏斗 /业绩 through dispatch: who sees which numbers, in single and group chats."""
from __future__ import annotations

import pytest
from test_analytics_world import build_world


@pytest.fixture
def world(services, frozen_clock):
    with services.db.session() as s:
        build_world(s)
    return services


def test_rep_in_single_chat_sees_own_funnel(world, chat):
    reply = chat.say("/本月漏斗")
    assert reply.startswith("张伟 2026年11月") and "商机 2 个" in reply
    assert "李娜" not in reply


def test_manager_in_single_chat_sees_team_with_reps(world, chat):
    reply = chat.as_("赵敏").say("/本月漏斗")
    assert reply.startswith("华东 2026年11月") and "商机 4 个" in reply
    assert "张伟 商机2 成交1 90万" in reply and "李娜 商机2 成交1 40万" in reply


def test_bound_group_shows_team_totals_without_customer_names(world, chat):
    reply = chat.as_("张伟", group="华东群").say("/本月漏斗")
    assert reply.startswith("华东 2026年11月") and "客户C" not in reply
    assert "刘洋" not in reply


def test_unbound_group_falls_back_to_the_sender(world, chat):
    assert chat.as_("李娜", group="闲聊群").say("/本月漏斗").startswith("李娜 2026年11月")


def test_rep_cannot_ask_for_a_colleague(world, chat):
    assert "只能看自己的" in chat.say("/漏斗 李娜")


def test_manager_can_ask_for_a_rep_but_not_another_team(world, chat):
    boss = chat.as_("赵敏")
    assert boss.say("/漏斗 李娜").startswith("李娜 2026年11月")
    assert "只能看自己的" in boss.say("/漏斗 刘洋")


def test_admin_sees_everyone(world, chat):
    assert "商机 5 个" in chat.as_("老板").say("/本月漏斗")


def test_funnel_takes_last_month_and_a_month_number(world, chat):
    boss = chat.as_("赵敏")
    assert boss.say("/漏斗 上月").startswith("华东 2026年10月")
    assert boss.say("/漏斗 2026-10") == boss.say("/漏斗 上月")


def test_funnel_reply_fits_a_phone_screen(world, chat):
    assert len(chat.as_("赵敏").say("/本月漏斗").splitlines()) <= 15


def test_bad_period_gets_a_hint(world, chat):
    assert "看不懂「2026-13」" in chat.say("/漏斗 2026-13")


def test_empty_month_says_so(world, chat):
    assert "没有商机" in chat.say("/漏斗 2025-01")


def test_kpi_shows_numerators_and_denominators(world, chat):
    reply = chat.as_("赵敏").say("/业绩")
    assert "转化率    66.7%  成交客户 2 / 线索 3" in reply
    assert "客单价      65万  成交额 130万 / 成交客户 2" in reply
    assert "复购率    50.0%  二次合作 1 / 成交客户 2" in reply
    assert "销售周期  11.0天  总天数 22 / 成交客户 2" in reply


def test_kpi_for_a_quarter(world, chat):
    assert "2026年Q4" in chat.as_("赵敏").say("/业绩 本季度")
