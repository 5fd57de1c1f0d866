"""/目标 through dispatch over the analytics world (November 2026, frozen on Wednesday the 18th): setting a team's and
a rep's target, who may, bad input, /撤销, /业绩 against the pro-rated target, and the monthly summary's flags."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.notifier.runner import run_job
from bot.reports.kpis import kpi_table, kpi_tables
from bot.reports.period import month, quarter_of
from bot.reports.summary import monthly_summary
from bot.sales.parsing import target_value
from bot.sales.vocabulary import Kpi
from bot.storage.bookkeeping import Outbox
from bot.storage.models import Activity, Target, Team, User
from test_analytics_world import at, build_world


@pytest.fixture
def world(services, frozen_clock):
    with services.db.session() as s:
        ids = build_world(s)
        zw = ids["people"]["张伟"]
        s.add_all([Activity(customer=ids["customers"]["C1"], user_id=zw.id, type="visit", occurred_at=at(date(2026, 11, d)))
                   for d in (3, 9, 16)])
    return services


def _targets(services) -> list[tuple]:
    with services.db.session() as s:
        return [(t.period_kind, t.period_start, t.team_id is not None, t.kpi, t.value)
                for t in s.scalars(select(Target).order_by(Target.id))]


def _pending(services) -> list[str]:
    with services.db.session() as s:
        return [o.payload["text"] for o in s.scalars(select(Outbox).where(Outbox.status == "pending"))]


def test_a_manager_sets_the_teams_month_target_and_kpi_compares_it_pro_rated(world, chat):
    boss = chat.as_("赵敏")
    assert boss.say("/目标 本月 成交额 300万").startswith("已设 华东 2026年11月 成交额目标 300万。")
    assert _targets(world) == [("month", date(2026, 11, 1), True, "won_amount", Decimal(3_000_000))]
    reply = boss.say("/业绩")
    assert "对比目标（已过 18/30 天，累计指标按进度比）：" in reply
    assert "⚠️ 华东 成交额 130万/300万（按进度应 180万，-28%）" in reply  # 130 / (300 × 18/30) − 1


def test_a_reps_targets_name_them_and_they_are_told(world, chat):
    boss = chat.as_("赵敏")
    reply = boss.say("/目标 张伟 本月 成交额 100万")
    assert "已设 张伟 2026年11月 成交额目标 100万" in reply and "已通知张伟" in reply
    assert any("赵敏 给你设了 2026年11月 成交额目标 100万" in text for text in _pending(world))
    boss.say("/目标 李娜 本月 转化率 35%")
    boss.say("/目标 张伟 拜访次数 10")
    mine = chat.say("/目标")  # 张伟 sees his own: 90万 against 60万 by now, 3 visits against 6
    assert mine.startswith("张伟 2026年11月 目标（已过 18/30 天")
    assert "张伟 成交额 90万/100万（按进度应 60万，+50%）" in mine and "⚠️" not in mine.split("\n")[2]
    assert "⚠️ 张伟 拜访次数 3/10（按进度应 6，-50%）" in mine and "李娜" not in mine
    team = boss.say("/目标")
    assert "李娜 转化率 50%/35%（+43%）" in team and "张伟 成交额" in team


def test_a_quarter_target_is_shown_for_the_quarter(world, chat):
    boss = chat.as_("赵敏")
    assert "2026年Q4 新客户数目标 5" in boss.say("/目标 本季度 新客户数 5")
    assert "⚠️ 华东 新客户数 2/5（按进度应 2.7，-25%）" in boss.say("/业绩 本季度")  # 49 of 92 days
    assert "对比目标" not in boss.say("/业绩")  # the month has no target


def test_in_a_bound_group_a_target_without_a_name_is_the_groups_team(world, chat):
    assert "已设 华东" in chat.as_("赵敏", group="华东群").say("/目标 本月 成交单数 5")
    assert "华东 成交单数 2/5" in chat.as_("张伟", group="华东群").say("/目标")


def test_changing_a_target_says_the_old_value_and_undo_takes_each_step_back(world, chat):
    boss = chat.as_("赵敏")
    boss.say("/目标 本月 成交额 300万")
    assert "（原来 300万）" in boss.say("/目标 本月 成交额 250万")
    assert "已经是 250万，没有改" in boss.say("/目标 本月 成交额 250万")
    assert "撤销" in boss.say("/撤销")
    assert [t[-1] for t in _targets(world)] == [Decimal(3_000_000)]
    assert "华东 成交额 130万/300万" in boss.say("/目标")


def test_undo_removes_a_new_target(world, chat):
    boss = chat.as_("赵敏")
    boss.say("/目标 张伟 本季度 复购率 20%")
    boss.say("/撤销")
    assert _targets(world) == []
    assert "华东 还没有 2026年11月 的目标" in boss.say("/目标")


def test_undo_withdraws_the_unsent_notice_to_the_rep(world, chat):
    chat.as_("赵敏").say("/目标 李娜 本月 成交单数 3")
    assert any("成交单数目标 3" in text for text in _pending(world))
    chat.as_("赵敏").say("/撤销")
    assert not any("成交单数目标" in text for text in _pending(world)) and _targets(world) == []


@pytest.mark.parametrize("sender, text, expected", [
    ("张伟", "/目标 本月 成交额 300万", "只有经理可以设目标"),
    ("赵敏", "/目标 本月 利润 300万", "没有「利润」这个指标。可以设：成交额、成交单数、新客户数、线索数、转化率、复购率、客单价、拜访次数"),
    ("赵敏", "/目标 刘洋 本月 成交额 300万", "没有叫「刘洋」的同事或团队。可以设：华东、张伟、李娜、赵敏"),
    ("赵敏", "/目标 本月 成交额", "用法：/目标 本月 成交额 300万"),
    ("赵敏", "/目标 本月 转化率 150%", "转化率的目标值看不懂「150%」，请写百分比，例如 35%"),
    ("赵敏", "/目标 本月 成交额 35%", "成交额的目标值看不懂「35%」，请写金额，例如 300万"),
    ("老板", "/目标 本月 成交额 300万", "你不在任何团队"),
    ("张伟", "/目标 李娜", "只能看自己的数字"),
])
def test_bad_input_answers_with_the_right_form(world, chat, sender, text, expected):
    assert expected in chat.as_(sender).say(text)
    assert _targets(world) == []


def test_an_admin_names_any_team_and_sees_every_teams_targets(world, chat):
    admin = chat.as_("老板")
    assert "已设 华南" in admin.say("/目标 华南 本月 成交额 100万")
    admin.say("/目标 华东 本月 成交额 100万")
    everyone = admin.say("/目标")
    assert "华东 成交额 130万/100万" in everyone and "华南 成交额 200万/100万" in everyone


def test_a_monthly_summary_with_every_target_met_says_so(world, chat, frozen_clock):
    chat.as_("赵敏").say("/目标 本月 成交单数 2")
    with world.db.session() as s:
        east = s.scalars(select(Team.id).where(Team.name == "华东")).one()
        text = monthly_summary(s, east, 2026, 11, chart=False).text
    assert text.endswith("目标 1 项，没有落后超过15%的。") and "⚠️" not in text


def test_the_monthly_summary_names_the_rep_behind_target_and_not_the_one_above(world, chat, frozen_clock):
    boss = chat.as_("赵敏")
    boss.say("/目标 张伟 本月 成交额 100万")  # 90万: 10 % below, within the 15 % allowed
    boss.say("/目标 李娜 本月 成交额 100万")  # 40万: 60 % below
    boss.say("/目标 本月 成交额 120万")  # the team: 130万, above
    frozen_clock.set(datetime(2026, 12, 1, 9, 30))
    assert run_job(world, "monthly_summary", date(2026, 12, 1)) == 1
    [text] = [t for t in _pending(world) if t.startswith("【月度小结】")]
    assert "⚠️ 李娜 成交额 40万/100万（-60%）" in text
    assert "⚠️ 张伟" not in text and "⚠️ 华东" not in text and len(text.splitlines()) <= 15


@pytest.mark.parametrize("kpi, typed, value", [
    (Kpi.WON_AMOUNT, "300万", Decimal(3_000_000)), (Kpi.WON_AMOUNT, "1.2亿", Decimal(120_000_000)),
    (Kpi.AVERAGE_DEAL, "五十万", Decimal(500_000)), (Kpi.CONVERSION, "35%", Decimal("0.35")),
    (Kpi.CONVERSION, "35", Decimal("0.35")), (Kpi.REPURCHASE, "百分之十", Decimal("0.1")),
    (Kpi.REPURCHASE, "三成五", Decimal("0.35")), (Kpi.VISITS, "二十次", Decimal(20)), (Kpi.WON_DEALS, "8单", Decimal(8)),
    (Kpi.WON_AMOUNT, "300", None), (Kpi.CONVERSION, "120%", None), (Kpi.VISITS, "0", None), (Kpi.LEADS, "30%", None),
])
def test_a_target_is_read_in_its_kpis_unit(kpi, typed, value):
    assert target_value(kpi, typed) == value


def test_several_periods_in_one_call_give_each_periods_own_figures(world):
    with world.db.session() as s:
        east = s.scalars(select(Team.id).where(Team.name == "华东")).one()
        owners = [u for u, in s.execute(select(User.id).where(User.team_id == east))]
        nov = month(2026, 11, "Asia/Shanghai")
        q4 = quarter_of(nov.start, "Asia/Shanghai")
        for periods in ([nov, nov.previous()], [q4, q4.previous()], [nov, q4.previous()]):
            assert kpi_tables(s, periods, owners) == [kpi_table(s, p, owners) for p in periods]
        together = kpi_tables(s, [nov, nov.previous()], owners)
        assert (together[0].total.won_deals, together[1].total.won_deals, together[0].total.visits) == (2, 1, 3)
        assert together[0].by_owner[owners[0]].won_amount == Decimal(900_000)
        with pytest.raises(ValueError):
            kpi_tables(s, [nov, q4], owners)
