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


def test_years_without_calendar_data_keep_the_statutory_days_off_with_a_warning(caplog):
    calendar._warn_unknown_year.cache_clear()
    with caplog.at_level(logging.WARNING):
        assert not calendar.is_workday(date(2027, 1, 1))  # 元旦, a Friday: no digest, no monthly summary
        assert calendar.next_workday(date(2027, 1, 1)) == date(2027, 1, 4)
        assert calendar.is_workday(date(2030, 1, 2)) and not calendar.is_workday(date(2030, 1, 5))
    assert "2027" in caplog.text and "2030" in caplog.text
    assert [calendar.holiday_name(date(2027, 2, d)) for d in range(4, 11)] == [
        None, "春节", "春节", "春节", "春节", None, None]  # 除夕 Feb 5 … 初三 Feb 8; the 调休 bridge is unknown
    assert calendar.holiday_name(date(2027, 10, 1)) == "国庆节" and calendar.holiday_name(date(2027, 10, 4)) is None
    assert calendar.holiday_name(date(2027, 4, 5)) == "清明节" and calendar.holiday_name(date(2027, 6, 9)) == "端午节"
    assert calendar.holiday_name(date(2027, 9, 15)) == "中秋节" and not calendar.is_workday(date(2027, 9, 15))
    assert calendar.after_holiday(date(2026, 12, 20), "春节") is None  # the break's length is announced, not known


@pytest.mark.parametrize("year", [2015, 2019, 2023, 2025, 2026])
def test_the_statutory_days_computed_for_a_year_are_days_off_in_its_published_calendar(year):
    # 2015–2024 had one 春节 day fewer and no 除夕 by law, and 劳动节 one day: check what every version shares.
    for day, name in calendar.statutory_days_off(year).items():
        if year >= 2025 or (name not in ("春节", "劳动节")):
            assert not calendar.chinese_calendar.is_workday(day), (day, name)
            assert calendar._CHINESE_NAMES.get(calendar.chinese_calendar.holidays.get(day)) == name, (day, name)


@pytest.mark.parametrize("text, expected", [
    ("明天", date(2026, 11, 6)), ("改到周四", date(2026, 11, 12)), ("下周三", date(2026, 11, 11)),
    ("2026-12-05", date(2026, 12, 5)), ("11月25日", date(2026, 11, 25)), (" 12/5 ", date(2026, 12, 5)),
    ("12-5", date(2026, 12, 5)), ("12月5", date(2026, 12, 5)), ("1月5日", date(2027, 1, 5)), ("节后", None),
    ("今天", date(2026, 11, 5)), ("2026-11-01", date(2026, 11, 1)),
    ("昨天", None), ("上周三", None), ("改天吧", None), ("", None),
])
def test_read_date_reads_a_date_typed_alone_in_local_time(text, expected):
    assert read_date(text, THU_0700) == expected
