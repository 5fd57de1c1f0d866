"""Public holidays and workdays (bot.nlp.calendar) and the one reader of a date typed alone (bot.nlp.read_date)."""

import logging
from datetime import date, datetime

import pytest

from bot.nlp import calendar, read_date

THU_0700 = datetime(2026, 11, 5, 7, 0)


def test_holidays_have_their_chinese_names_and_make_up_weekends_are_workdays():
    assert calendar.holiday_name(date(2026, 10, 1)) == "国庆节"
    assert calendar.holiday_name(date(2026, 2, 17)) == "春节"
    assert calendar.holiday_name(date(2026, 10, 10)) is None and calendar.is_workday(date(2026, 10, 10))
    assert calendar.holiday_name(date(2026, 11, 21)) is None and not calendar.is_workday(date(2026, 11, 21))


def test_next_workday_skips_the_whole_break():
    assert calendar.next_workday(date(2026, 10, 1)) == date(2026, 10, 8)
    assert calendar.next_workday(date(2026, 11, 18)) == date(2026, 11, 18)
    assert calendar.next_workday(date(2026, 11, 21)) == date(2026, 11, 23)


def test_after_a_holiday_is_the_first_workday_once_its_break_is_over():
    assert calendar.after_holiday(date(2026, 9, 10)) == date(2026, 9, 28)  # 中秋 comes first
    assert calendar.after_holiday(date(2026, 9, 10), "国庆节") == date(2026, 10, 8)
    assert calendar.after_holiday(date(2026, 10, 3)) == date(2026, 10, 8)  # during the break: after this one
    assert calendar.after_holiday(date(2026, 1, 20), "春节") == date(2026, 2, 24)


def test_years_without_calendar_data_fall_back_to_monday_to_friday_with_a_warning(caplog):
    calendar._warn_unknown_year.cache_clear()
    with caplog.at_level(logging.WARNING):
        assert calendar.is_workday(date(2030, 1, 1)) and not calendar.is_workday(date(2030, 1, 5))
    assert "2030" in caplog.text
    assert calendar.holiday_name(date(2030, 10, 1)) is None
    assert calendar.after_holiday(date(2029, 11, 1)) is None


@pytest.mark.parametrize("text, expected", [
    ("明天", date(2026, 11, 6)), ("改到周四", date(2026, 11, 12)), ("下周三", date(2026, 11, 11)),
    ("2026-12-05", date(2026, 12, 5)), ("11月25日", date(2026, 11, 25)), (" 12/5 ", date(2026, 12, 5)),
    ("12-5", date(2026, 12, 5)), ("12月5", date(2026, 12, 5)), ("1月5日", date(2027, 1, 5)), ("节后", None),
    ("今天", date(2026, 11, 5)), ("2026-11-01", date(2026, 11, 1)),
    ("昨天", None), ("上周三", None), ("改天吧", None), ("", None),
])
def test_read_date_reads_a_date_typed_alone_in_local_time(text, expected):
    assert read_date(text, THU_0700) == expected
