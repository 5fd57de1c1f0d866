"""The date table as rules: each finds a date expression and resolves it against today.

A resolver returns None (not a date after all), a date, or (date, past_test), the date being None
when the words can only describe the past and past_test naming how to tell a report from a plan.
"""

import calendar
import re
from datetime import date, timedelta

from .numerals import small_int

_WD = "[一二三四五六日天1-7]"
_WEEKDAYS = {c: i for i, c in enumerate("一二三四五六日")} | {"天": 6} | {str(i + 1): i for i in range(7)}
_DAY_WORDS = {"今": 0, "明": 1, "次": 1, "隔": 1, "后": 2, "大": 3}
_PART_DAY = {"初": 1, "上旬": 1, "中": 15, "中旬": 15, "下旬": 21}


def _add_months(day: date, months: int, day_of_month: int | None = None) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day_of_month or day.day, last))


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _weekday(m, today):
    prefix, day = m["p"] or "", m["d"]
    monday = today - timedelta(days=today.weekday())
    weeks = 2 if prefix.startswith("下下") else 1 if prefix.startswith("下") else 0
    if prefix.startswith("上"):
        return None, None
    if day is None:
        return monday + timedelta(weeks=weeks) if weeks else None
    if day == "末":
        saturday = monday + timedelta(days=5, weeks=weeks)
        return saturday if weeks or today.weekday() < 5 else saturday + timedelta(weeks=1)
    wd = _WEEKDAYS[day]
    if prefix:
        return monday + timedelta(days=wd, weeks=weeks)
    this_week = monday + timedelta(days=wd)
    return today + timedelta(days=(wd - today.weekday() - 1) % 7 + 1), "after" if this_week <= today else None


def _month_part(m, today):
    prefix, part = m["p"] or "", m["part"]
    ahead = 2 if prefix.startswith("下下") else 1 if prefix[:1] in ("下", "次") else 0
    if part is None:
        return _add_months(today, ahead, 1) if ahead else None
    first = _add_months(today, ahead, 1)
    day = _month_end(first) if part in ("底", "末") else first.replace(day=_PART_DAY[part])
    if day < today and not prefix:
        return _month_end(_add_months(today, 1, 1)) if part in ("底", "末") else _add_months(day, 1)
    return day


def _year_part(m, today):
    groups = m.groupdict()
    year = today.year + (1 if groups.get("next") else 0)
    return date(year, 1, 1) if groups.get("next") and groups.get("part") in (None, "初") else date(year, 12, 31)


def _day_word(m, today):
    return today + timedelta(days=_DAY_WORDS[m[0][0]]), "today" if m[0][0] == "今" else None


def _relative(m, today):
    n = 0.5 if m["n"] == "半" else small_int(m["n"])
    unit = m["unit"]
    if n is None or n > 400 or (n == 0.5 and unit not in ("月", "年")):
        return None
    if unit in ("天", "日"):
        return today + timedelta(days=n)
    if unit in ("周", "星期", "礼拜"):
        return today + timedelta(weeks=n)
    if unit == "工作日":
        return _add_workdays(today, int(n))
    months = 12 * n if unit == "年" else n
    return today + timedelta(days=15) if months == 0.5 else _add_months(today, int(months))


def _add_workdays(day: date, n: int) -> date:
    while n > 0:
        day += timedelta(days=1)
        n -= day.weekday() < 5
    return day


def _calendar_date(m, today):
    groups = m.groupdict()
    month, day = small_int(groups["m"]), small_int(groups["d"]) if groups.get("d") else None
    if not month or not 1 <= month <= 12:
        return None
    year = int(groups["y"]) if groups.get("y") else today.year
    if day is None:
        part = groups.get("part")
        if part is None and month == today.month and not groups.get("y"):
            return None
        day = calendar.monthrange(year, month)[1] if part in ("底", "末") else _PART_DAY.get(part, 1)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    found = date(year, month, day)
    if found < today and not groups.get("y"):
        return _add_months(found, 12), "after"
    return found


def _bare_day(m, today):
    day = small_int(m["d"])
    if not day or day > 31:
        return None
    if day >= today.day:
        return today.replace(day=min(day, calendar.monthrange(today.year, today.month)[1]))
    return _add_months(today, 1, day), "after"


_NUMERAL = r"[\d一二三四五六七八九十]{1,3}"
_PARTS = "初|中旬|中|底|末|上旬|下旬"


def _unless_after(chars: str, resolve):
    """Guard a rule by the character before its match (每周一 is a habit, 112月 no month)."""
    def guarded(m, today):
        before = m.string[m.start() - 1] if m.start() else ""
        return None if before and before in chars else resolve(m, today)
    return guarded


_NUMERAL_CHARS = "0123456789一二两三四五六七八九十"
_RULES = [
    ("昨前去刚上", r"昨天|昨日|昨晚|前天|去年|前几天|前两天|刚才|刚刚|上上?个?(?:周|星期|礼拜)" + _WD + r"?|上个?月(?:初|中旬?|底|末|上旬|下旬)?",
     lambda m, today: (None, None)),
    ("周星礼", rf"(?P<p>下下个?|下个?|本|这个?|上上?个?)?(?:周|星期|礼拜)(?P<d>{_WD}|末)?", _unless_after("每", _weekday)),
    ("月", rf"(?P<p>下下个?月|下个?月|次月|本月|这个?月)(?P<part>{_PARTS})?", _month_part),
    ("月旬", r"月(?P<part>初|中旬|中|底|末)|(?P<part2>上旬|中旬|下旬)",
     _unless_after(_NUMERAL_CHARS, lambda m, today: _month_part({"p": "", "part": m["part"] or m["part2"]}, today))),
    ("年", r"(?P<next>明年)(?P<part>初|底|末|年底)?|今年年?(?:底|末)", _year_part),
    ("年", r"年(?:底|末|前|内)", _unless_after(_NUMERAL_CHARS + "个去前每上", _year_part)),
    ("天日早晚儿", r"大后天|后天|明天|明日|明早|明晚|明儿|今天|今日|今早|今晚|今儿|次日|隔天", _day_word),
    ("后内", r"(?P<n>[\d一二两三四五六七八九十半]{1,3})个?(?P<unit>天|日|周|星期|礼拜|月|工作日|年)(?:之?后|以后|之?内|以内)",
     _relative),
    ("过", r"过(?P<n>[\d一二两三四五六七八九十]{1,3})天", lambda m, today: _relative({"n": m["n"], "unit": "天"}, today)),
    ("-/.年", r"(?P<y>20\d\d)[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})[日号]?", _calendar_date),
    ("月", rf"(?P<m>{_NUMERAL})月份?(?:(?P<d>{_NUMERAL})[日号]?|(?P<part>{_PARTS}))?",
     _unless_after(_NUMERAL_CHARS, _calendar_date)),
    ("/.", r"(?P<m>\d{1,2})[/.](?P<d>\d{1,2})(?![\d.%万亿千百kKwW元块台套件个箱吨倍折~]|\s*[-–—]\s*\d+(?:\.\d+)?\s*[万亿千百kKwW元块])",
     _unless_after("0123456789.¥$/-ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", _calendar_date)),
    ("号日", rf"(?P<d>{_NUMERAL})[号日](?!楼|线|门|院|仓|库|店|机|位|车间|窗口)", _unless_after("0123456789月.第型编", _bare_day)),
]
# Each rule names characters its matches must contain, so most rules skip most messages unread.
_COMPILED = [(frozenset(chars), re.compile(p), fn) for chars, p, fn in _RULES]


def _non_overlapping(found):
    kept, last_end = [], -1
    for start, end, result in sorted(found, key=lambda f: (f[0], f[0] - f[1])):
        if start >= last_end:
            kept.append((start, end, result))
            last_end = end
    return kept


def raw_mentions(text: str, today: date):
    found, present = [], set(text)
    for chars, pattern, resolve in _COMPILED:
        if chars.isdisjoint(present):
            continue
        for m in pattern.finditer(text):
            result = resolve(m, today)
            if result is not None:
                found.append((m.start(), m.end(), result if isinstance(result, tuple) else (result, None)))
    return _non_overlapping(found)
