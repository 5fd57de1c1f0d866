"""The workdays reminders go out on: the first of a month or a week (holidays from bot.nlp.calendar)."""
from __future__ import annotations

from datetime import date, timedelta

from bot.nlp.calendar import is_workday, next_workday


def first_workday_of_month(year: int, month: int) -> date:
    return next_workday(date(year, month, 1))


def first_workday_of_week(day: date) -> date | None:
    """The first workday of `day`'s Monday–Sunday week (None when the whole week is off)."""
    monday = day - timedelta(days=day.weekday())
    for offset in range(7):
        if is_workday(monday + timedelta(days=offset)):
            return monday + timedelta(days=offset)
    return None
