"""Calendar dates written out: a year, a month (named or 下个月), and the day in it — a number, a part of the
month (初/中旬/底) or the Nth weekday (第一个星期一, 最后一个周五)."""

import calendar
from datetime import date, timedelta

from .numerals import CN_DIGITS, small_int

NUMERAL = r"[\d一二三四五六七八九十]{1,3}"
PARTS = "初|中旬|中|底|末|上旬|下旬"
WD = "[一二三四五六日天1-7]"
WEEKDAYS = {c: i for i, c in enumerate("一二三四五六日")} | {"天": 6} | {str(i + 1): i for i in range(7)}
PART_DAY = {"初": 1, "上旬": 1, "中": 15, "中旬": 15, "下旬": 21}
_YEAR_WORDS = {"今年": 0, "明年": 1, "后年": 2}


def add_months(day: date, months: int, day_of_month: int | None = None) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day_of_month or day.day, last))


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _year(groups: dict, today: date) -> int | None:
    """The year written (2027, 27, 二〇二七) or said (明年); None when none is."""
    if groups.get("yw"):
        return today.year + _YEAR_WORDS[groups["yw"]]
    written = groups.get("y")
    if not written:
        return None
    if not written.isdigit():
        written = "".join(str(CN_DIGITS[c]) for c in written)
    return int(written) + (2000 if len(written) == 2 else 0)


def _nth_weekday(year: int, month: int, nth: str, weekday: str) -> date | None:
    wd = WEEKDAYS[weekday]
    if nth == "最后一个":
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - wd) % 7)
    first = date(year, month, 1)
    day = first + timedelta(days=(wd - first.weekday()) % 7, weeks=small_int(nth[1]) - 1)
    return day if day.month == month else None


def _day_in_month(groups: dict, year: int, month: int) -> date | None:
    """The day the words name in that month: a number, a part (月初 1st, 中旬 15th, 下旬 21st, 底 last), the
    Nth weekday, or the 1st when only the month is said."""
    if groups.get("nth"):
        return _nth_weekday(year, month, groups["nth"], groups["wd"])
    last = calendar.monthrange(year, month)[1]
    if groups.get("d"):
        day = small_int(groups["d"].strip("初日号"))  # 下月初五, 12月5号
        return date(year, month, day) if day and day <= last else None
    part = groups.get("part")
    return date(year, month, last if part in ("底", "末") else PART_DAY.get(part, 1))


def calendar_date(m, today):
    """M月D日, 2027年3月3号, 十月第一个星期一, 12/25: this year unless written, next year once past."""
    groups = m.groupdict()
    month = small_int(groups["m"])
    if not month or not 1 <= month <= 12:
        return None
    year = _year(groups, today)
    if year is None and month == today.month and not (groups.get("d") or groups.get("part") or groups.get("nth")):
        return None  # "11月" said in November names no day
    found = _day_in_month(groups, year or today.year, month)
    if found is None or year is not None or found >= today:
        return found
    return _day_in_month(groups, today.year + 1, month), "after"


def compact_date(m, today):
    """20270115: a date only when the digits make a real day."""
    try:
        return date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None


def relative_month(m, today):
    """下个月 (the 1st), 下月10号, 下个月中旬, 下个月第二个周五, 本月底; 本月 alone names no day."""
    prefix = m["p"]
    ahead = 2 if prefix.startswith("下下") else 1 if prefix[:1] in ("下", "次") else 0
    groups = m.groupdict()
    if not ahead and not (groups.get("d") or groups.get("part") or groups.get("nth")):
        return None
    first = add_months(today, ahead, 1)
    return _day_in_month(groups, first.year, first.month)
