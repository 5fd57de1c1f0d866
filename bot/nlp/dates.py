"""Dates and clock times in a message, resolved against an injected `now` (weeks start on Monday)."""

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from . import lexicon
from .numerals import small_int
from .text import Clauses

_WD = "[一二三四五六日天1-7]"
_WEEKDAYS = {c: i for i, c in enumerate("一二三四五六日")} | {"天": 6} | {str(i + 1): i for i in range(7)}
_DAY_WORDS = {"今": 0, "明": 1, "次": 1, "隔": 1, "后": 2, "大": 3}
_PART_DAY = {"初": 1, "上旬": 1, "中": 15, "中旬": 15, "下旬": 21}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    day: date | None  # None: the text describes the past
    time: str | None = None
    time_span: tuple[int, int] | None = None

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


@dataclass(frozen=True)
class ClockTime:
    start: int
    end: int
    hour: int
    minute: int

    @property
    def text(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"


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
        found = today.replace(day=min(day, calendar.monthrange(today.year, today.month)[1]))
        return found
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
    ("/.", r"(?P<m>\d{1,2})[/.](?P<d>\d{1,2})(?![\d.%万亿千百kKwW元块台套件个箱吨倍折])",
     _unless_after("0123456789.¥$/-ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", _calendar_date)),
    ("号日", rf"(?P<d>{_NUMERAL})[号日](?!楼|线|门|院|仓|库|店|机|位|车间|窗口)", _unless_after("0123456789月.第型编", _bare_day)),
]
# Each rule names characters its matches must contain, so most rules skip most messages unread.
_COMPILED = [(frozenset(chars), re.compile(p), fn) for chars, p, fn in _RULES]

_LEX = lexicon.load("lexicon")
_PERFECTIVE = re.compile(r"了(?!解)|过(?![去来])|已")
_FUTURE = lexicon.word_regex(_LEX["future_markers"])
_CONTACT_VERB = lexicon.word_regex(_LEX["contact_verbs_today_past"])

_PERIOD = re.compile("(?:上午|早上|早晨|中午|下午|晚上|傍晚|凌晨|明早|明晚|今早|今晚|早|晚)$")
_CLOCK = re.compile(
    r"(?P<h>[\d零一二两三四五六七八九十]{1,3})点钟?"
    r"(?P<m>半|一刻|三刻|(?P<mm>[0-5]?\d|[一二三四五]?十[一二三四五六七八九]?|[零一二三四五六七八九])分?)?"
    r"|(?P<h2>[01]?\d|2[0-3]):(?P<mm2>[0-5]\d)(?![\d:])"
    r"|(?P<noon>中午)"
)
# "3点要求" lists three points; "便宜一点" is "a bit cheaper"; neither is a clock time.
_NOT_CLOCK_AFTER = re.compile(r"[个条项]|要求|建议|意见|问题|原因|需求|内容|理由|考虑|想法")
_CLOCK_OK_AFTER = "半钟分前后左到至以再去来开见的,。;!?、: "
_AFTERNOON = ("中午", "下午", "晚上", "傍晚", "晚", "明晚", "今晚")


def find_times(text: str) -> list[ClockTime]:
    times = []
    for m in _CLOCK.finditer(text):
        if m["noon"]:
            hour_next = _CLOCK.match(text, m.end())
            if not (hour_next and (hour_next["h"] or hour_next["h2"])):  # 中午12点 is read at the 12
                times.append(ClockTime(m.start(), m.end(), 12, 0))
            continue
        start = m.start()
        if start and (text[start - 1].isdigit() or text[start - 1] in ".:"):
            continue
        period = _PERIOD.search(text, max(0, start - 2), start)
        hour, minute = small_int(m["h"] or m["h2"]), _minutes(m)
        if hour is None or minute is None or hour > 24 or not _plausible_clock(m, text, period):
            continue
        period_word = period[0] if period else None
        times.append(ClockTime(period.start() if period else start, m.end(), _to_24h(hour, period_word), minute))
    return times


def _minutes(m) -> int | None:
    if m["mm2"]:
        return int(m["mm2"])
    words = {None: 0, "半": 30, "一刻": 15, "三刻": 45}
    if m["m"] in words:
        return words[m["m"]]
    minute = small_int(m["mm"])
    return minute if minute is not None and minute < 60 else None


def _plausible_clock(m, text: str, period: str | None) -> bool:
    after = text[m.end():m.end() + 4]
    if m["h2"] or period:
        return True
    if _NOT_CLOCK_AFTER.match(after):
        return False
    if m["h"].isdigit():
        return True
    return m["h"] != "一" and (not after or after[0] in _CLOCK_OK_AFTER or bool(m["m"]))


def _to_24h(hour: int, period: str | None) -> int:
    if period in _AFTERNOON and hour < 12 and not (period == "中午" and hour >= 10):
        return hour + 12
    if period is None and 1 <= hour <= 7:
        return hour + 12  # business hours: a bare 3点 is 15:00
    return hour % 24


def _non_overlapping(found):
    kept, last_end = [], -1
    for start, end, result in sorted(found, key=lambda f: (f[0], f[0] - f[1])):
        if start >= last_end:
            kept.append((start, end, result))
            last_end = end
    return kept


def _raw_mentions(text: str, today: date):
    found, present = [], set(text)
    for chars, pattern, resolve in _COMPILED:
        if chars.isdisjoint(present):
            continue
        for m in pattern.finditer(text):
            result = resolve(m, today)
            if result is not None:
                found.append((m.start(), m.end(), result if isinstance(result, tuple) else (result, None)))
    return _non_overlapping(found)


def find_dates(text: str, clauses: Clauses, now: datetime) -> list[DateMention]:
    """Every date expression in order; `day` is None for those that describe the past."""
    today = now.date()
    mentions = []
    for start, end, (day, past_test) in _raw_mentions(text, today):
        clause = text[slice(*clauses.span(start))]
        if day is not None and (day < today or _reads_as_past(past_test, clause, text[end:clauses.span(start)[1]])):
            day = None
        mentions.append(DateMention(start, end, day))
    return _attach_times(text, clauses, mentions, find_times(text), now)


def _reads_as_past(test: str | None, clause: str, after: str) -> bool:
    # 今天拜访了… reports today's visit; 今天下午必须发货 is a deadline.
    if test == "today":
        if _PERFECTIVE.search(clause):
            return True
        return bool(_CONTACT_VERB.search(clause)) and not _FUTURE.search(clause)
    if test == "after":
        return bool(_PERFECTIVE.search(after)) and not _FUTURE.search(clause)
    return False


def _attach_times(text, clauses, mentions, times, now):
    for t in times:
        clause_no = clauses.index(t.start)
        same = [i for i, m in enumerate(mentions) if clauses.index(m.start) == clause_no]
        if same:
            i = min(same, key=lambda i: abs(mentions[i].start - t.start))
            if mentions[i].day and mentions[i].time is None:
                mentions[i] = replace(mentions[i], time=t.text, time_span=(t.start, t.end))
            continue
        mentions.append(_time_alone(t, text[slice(*clauses.span(t.start))], now))
    return sorted(mentions, key=lambda m: m.start)


def _time_alone(t: ClockTime, clause: str, now: datetime) -> DateMention:
    """A clock time with no day means today, or tomorrow once that time has passed."""
    if _PERFECTIVE.search(clause):
        return DateMention(t.start, t.end, None)
    later_today = (t.hour, t.minute) > (now.hour, now.minute)
    day = now.date() + timedelta(days=0 if later_today else 1)
    return DateMention(t.start, t.end, day, t.text, (t.start, t.end))
