"""Charts and the monthly summary: PNG images with the CJK font, text that fits a phone."""
from __future__ import annotations

import pytest
from test_analytics_world import build_world

from bot.reports.charts import cjk_font_path
from bot.reports.summary import monthly_summary

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
    assert reply.image.png.startswith(PNG) and "11月 成交2单 130万" in reply.text


def test_funnel_chart_command_sends_an_image(world, chat):
    reply = chat.as_("赵敏").send("/漏斗图")
    assert reply.image.png.startswith(PNG) and reply.text.startswith("华东 2026年11月")
