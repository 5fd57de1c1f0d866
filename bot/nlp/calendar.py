"""China's public holidays and workdays (the pinned chinesecalendar package): the one home of that knowledge.

chinesecalendar only knows the years the State Council has published (2004 up to its release's last year).
Outside them there is no holiday data: every Monday–Friday is a workday, no day is a holiday, and a warning is
logged once per year so an out-of-date package shows in the logs instead of silently moving reminders.
"""

import bisect
import functools
import logging
from datetime import date, timedelta

import chinese_calendar

log = logging.getLogger(__name__)

# chinesecalendar names holidays in English; these are the names people use in chat.
_CHINESE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}
_HOLIDAY_DAYS = sorted(chinese_calendar.holidays)


@functools.lru_cache(maxsize=None)
def _warn_unknown_year(year: int) -> None:
    log.warning("chinesecalendar has no holiday data for %s: treating Monday–Friday as workdays", year)


def is_workday(day: date) -> bool:
    """Public holidays are off, 调休 make-up weekends are on; Monday–Friday outside the known years."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        _warn_unknown_year(day.year)
        return day.weekday() < 5


def holiday_name(day: date) -> str | None:
    """The Chinese name of the public holiday `day` is a day off for (国庆节, 春节 …); None on other days."""
    return _CHINESE_NAMES.get(chinese_calendar.holidays.get(day))


def next_workday(day: date) -> date:
    """`day` itself when it is a workday, else the first workday after it."""
    while not is_workday(day):
        day += timedelta(days=1)
    return day


def next_holiday(today: date, name: str | None = None) -> tuple[str, date] | None:
    """The next public holiday on or after `today` (the one called `name` when given): its name and first day.
    None when the known data has no such holiday ahead."""
    for day in _HOLIDAY_DAYS[bisect.bisect_left(_HOLIDAY_DAYS, today):]:
        found = holiday_name(day)
        if name is None or found == name:
            first = day
            while holiday_name(first - timedelta(days=1)) == found:
                first -= timedelta(days=1)
            return found, first
    return None


def after_holiday(today: date, name: str | None = None) -> date | None:
    """节后 / 国庆后: the first workday once the next (named) holiday's break is over; None beyond the known data."""
    found = next_holiday(today, name)
    if found is None:
        return None
    day = found[1]
    while holiday_name(day) or not is_workday(day):  # the break: the holiday and the weekend days off with it
        day += timedelta(days=1)
    return day
