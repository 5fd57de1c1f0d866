"""Chinese workdays: public holidays are off, 调休 make-up weekends are on (chinesecalendar), else Mon–Fri."""
from __future__ import annotations

import logging
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

log = logging.getLogger(__name__)


@lru_cache(maxsize=None)
def _warn_unknown_year(year: int) -> None:
    log.warning("chinesecalendar has no holiday data for %s: treating Monday–Friday as workdays", year)


def is_workday(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        _warn_unknown_year(day.year)
        return day.weekday() < 5


def first_workday_of_month(year: int, month: int) -> date:
    day = date(year, month, 1)
    while not is_workday(day):
        day += timedelta(days=1)
    return day


def first_workday_of_week(day: date) -> date | None:
    """The first workday of `day`'s Monday–Sunday week (None when the whole week is off)."""
    monday = day - timedelta(days=day.weekday())
    for offset in range(7):
        if is_workday(monday + timedelta(days=offset)):
            return monday + timedelta(days=offset)
    return None
