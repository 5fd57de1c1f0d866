"""China's public holidays and workdays (the pinned chinesecalendar package): the one home of that knowledge.

chinesecalendar only knows the years the State Council has published (2004 up to its release's last year).
Outside them only the statutory days off are known (全国年节及纪念日放假办法, as revised for 2025: 元旦 1 day, 春节 4
from 除夕, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3), found from the lunar calendar and the 清明 solar term; the bridge
days and make-up weekends (调休) are announced each year and cannot be known, so every other Monday–Friday is a
workday. A warning is logged once per year so an out-of-date package shows in the logs. "节后" is not guessed there:
the break's length depends on the 调休 (after_holiday answers None and the user is asked).
"""

import bisect
import functools
import logging
from datetime import date, timedelta

import chinese_calendar
from lunardate import LunarDate

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


_KNOWN_YEARS = range(_HOLIDAY_DAYS[0].year, _HOLIDAY_DAYS[-1].year + 1)


@functools.lru_cache(maxsize=None)
def _warn_unknown_year(year: int) -> None:
    log.warning("chinesecalendar has no holiday data for %s: only the statutory days off are kept, no 调休", year)


def _qingming(year: int) -> date:
    """The 清明 solar term (April 4–6), by the usual formula for 2001–2099."""
    y = year % 100
    return date(year, 4, int(y * 0.2422 + 4.81) - y // 4)


@functools.lru_cache(maxsize=None)
def statutory_days_off(year: int) -> dict[date, str]:
    """The days off the law fixes for `year`, with their names (no bridge days)."""
    days = {date(year, 1, 1): "元旦", date(year, 5, 1): "劳动节", date(year, 5, 2): "劳动节", _qingming(year): "清明节",
            LunarDate(year, 5, 5).toSolarDate(): "端午节", LunarDate(year, 8, 15).toSolarDate(): "中秋节"}
    days.update({date(year, 10, d): "国庆节" for d in (1, 2, 3)})
    new_year = LunarDate(year, 1, 1).toSolarDate()
    days.update({new_year + timedelta(days=offset): "春节" for offset in (-1, 0, 1, 2)})
    return days


def is_workday(day: date) -> bool:
    """Public holidays are off, 调休 make-up weekends are on; outside the known years, Monday–Friday except the
    statutory days off."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        _warn_unknown_year(day.year)
        return day.weekday() < 5 and day not in statutory_days_off(day.year)


def holiday_name(day: date) -> str | None:
    """The Chinese name of the public holiday `day` is a day off for (国庆节, 春节 …); None on other days."""
    if day.year not in _KNOWN_YEARS:
        return statutory_days_off(day.year).get(day)
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
