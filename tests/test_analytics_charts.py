"""Charts and the monthly summary: PNG images with the CJK font, text that fits a phone; the trend counts orders by
order date (the world and the demo data), with whole-number ticks on its count axis and its legend inside the plot."""
from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from test_analytics_world import add_orders_and_needs, build_world

from bot.demo import load_demo
from bot.reports.charts import _pyplot, cjk_font_path, trend_figure
from bot.reports.period import month
from bot.reports.summary import monthly_summary
from bot.reports.trends import orders_by_month

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def world(services, frozen_clock):
    with services.db.session() as s:
        ids = build_world(s)
        team_id = ids["east"].id
    return team_id


def test_cjk_font_ships_with_mplfonts():
    assert cjk_font_path().is_file()


def test_monthly_summary_has_funnel_kpis_and_chart(world, services):
    with services.db.session() as s:
        reply = monthly_summary(s, world, 2026, 11)
    assert reply.text.startswith("【月度小结】华东 2026年11月") and "转化率    66.7%" in reply.text
    assert "个人：张伟 90万、李娜 40万" in reply.text and len(reply.text.splitlines()) <= 15
    assert reply.image is not None and reply.image.png.startswith(PNG)


def test_monthly_summary_of_an_empty_month_has_no_chart(world, services):
    with services.db.session() as s:
        reply = monthly_summary(s, world, 2025, 1)
    assert "没有商机" in reply.text and reply.image is None


def test_trend_command_sends_an_image_with_text_fallback(world, chat):
    reply = chat.as_("赵敏").send("/趋势")
    assert reply.image.png.startswith(PNG)
    assert reply.text.splitlines()[:2] == ["华东 近6个月订单趋势", "6月 订单1单 5万（已成交0单）"]


@pytest.fixture
def ordered_world(services, frozen_clock):
    with services.db.session() as s:
        add_orders_and_needs(s, build_world(s))
    return services


def test_trend_counts_orders_by_order_date_not_by_deal_wins(ordered_world, chat):
    # 华东: C4's October order; in November 001–005 (007 is cancelled, 006 and 008 are 华南's)
    assert chat.as_("赵敏").say("/趋势").splitlines()[1:7] == [
        "6月 订单1单 5万（已成交0单）", "7月 订单0单 0元（已成交0单）", "8月 订单0单 0元（已成交0单）",
        "9月 订单0单 0元（已成交0单）", "10月 订单1单 30万（已成交1单）", "11月 订单5单 228万（已成交3单）"]
    assert chat.as_("刘洋").say("/趋势").splitlines()[6] == "11月 订单2单 12万（已成交2单）"
    assert chat.as_("张伟").say("/趋势 上月").splitlines()[6] == "10月 订单0单 0元（已成交0单）"


def test_trend_chart_has_integer_count_ticks_and_the_legend_inside():
    fig = trend_figure(["9月", "10月", "11月"], [300_000.0, 0.0, 1_250_000.0], [1, 0, 2], "趋势")
    try:
        fig.canvas.draw()
        _, counts = fig.axes
        ticks = counts.get_yticks()
        assert len(ticks) >= 3 and all(float(t).is_integer() for t in ticks)
        legend = counts.get_legend()
        assert not fig.legends and legend is not None and legend._loc == 2  # "upper left" of the axes
        assert [t.get_text() for t in legend.get_texts()] == ["订单额（万）", "订单数"]
        inside, box = counts.get_window_extent(), legend.get_window_extent()
        assert inside.contains(*box.p0) and inside.contains(*box.p1)
    finally:
        _pyplot().close(fig)


TREND_LINE = re.compile(r"^(\d+)月 订单(\d+)单 .+（已成交(\d+)单）$")


def test_demo_trend_shows_the_orders_of_july_to_october(services, frozen_clock, chat):
    """The demo loaded on 2026-12-01 has 27 orders worth 591万 ordered in July–October (issue 16: /趋势 showed 0)."""
    frozen_clock.set(datetime(2026, 12, 1, 10))
    with services.db.session() as s:
        load_demo(s, date(2026, 12, 1), "Asia/Shanghai")
        months = orders_by_month(s, [month(2026, m, "Asia/Shanghai") for m in (7, 8, 9, 10)], None)
    assert (sum(m.count for m in months), sum(m.amount for m in months)) == (27, Decimal(5_910_000))
    counts = {}
    for manager in ("赵敏", "孙磊"):  # the two teams' managers: together everyone
        for line in chat.as_(manager).say("/趋势").splitlines()[1:7]:
            m, n, _ = TREND_LINE.match(line).groups()
            counts[int(m)] = counts.get(int(m), 0) + int(n)
    assert [counts[m] for m in (7, 8, 9, 10)] == [m.count for m in months]


def test_funnel_chart_command_sends_an_image(world, chat):
    reply = chat.as_("赵敏").send("/漏斗图")
    assert reply.image.png.startswith(PNG) and reply.text.startswith("华东 2026年11月")
