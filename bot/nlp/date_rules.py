"""The date table as rules: each finds a date expression and resolves it against today.

A resolver returns None (not a date after all), a date, or (date, past_test), the date being None
when the words can only describe the past and past_test naming how to tell a report from a plan.
The resolvers of calendar dates (years, months, weekdays in a month) live in date_forms.py.
"""

import re
from datetime import date, timedelta

from . import calendar as holidays
from .date_forms import (NUMERAL, PART_DAY, PARTS, WD, WEEKDAYS, add_months, calendar_date, compact_date,
                         month_end, relative_month)
from .numerals import small_int

_DAY_WORDS = {"今天": 0, "今日": 0, "今早": 0, "今晚": 0, "今儿": 0, "本日": 0, "明天": 1, "明日": 1, "明早": 1,
              "明晚": 1, "明儿": 1, "次日": 1, "隔天": 1, "后天": 2, "大后天": 3, "大大后天": 4}


def _weekday(m, today):
    prefix, day = m["p"] or "", m["d"]
    monday = today - timedelta(days=today.weekday())
    weeks = 2 if prefix.startswith("下下") else 1 if prefix[:1] in ("下", "次") else 0
    if prefix.startswith("上"):
        return None, None
    if day == "内":  # 本周内: by this week's Friday; 下周内: next week, from its Monday
        return max(today, monday + timedelta(days=4)) if not weeks else monday + timedelta(weeks=weeks)
    if day is None:
        return monday + timedelta(weeks=weeks) if weeks else None
    if day == "末":
        saturday = monday + timedelta(days=5, weeks=weeks)
        return saturday if weeks or today.weekday() < 5 else saturday + timedelta(weeks=1)
    wd = WEEKDAYS[day]
    if prefix:
        return monday + timedelta(days=wd, weeks=weeks)
    this_week = monday + timedelta(days=wd)
    return today + timedelta(days=(wd - today.weekday() - 1) % 7 + 1), "after" if this_week <= today else None


def _month_part(m, today):
    """月底 / 月中 / 下旬 with no month: this month's, or next month's once it has passed."""
    part = m["part"] or m["part2"]
    day = month_end(today) if part in ("底", "末") else today.replace(day=PART_DAY[part])
    if day < today:
        return month_end(add_months(today, 1, 1)) if part in ("底", "末") else add_months(day, 1)
    return day


def _year_part(m, today):
    groups = m.groupdict()
    year = today.year + (1 if groups.get("next") else 0)
    return date(year, 1, 1) if groups.get("next") and groups.get("part") in (None, "初") else date(year, 12, 31)


def _quarter(m, today):
    """本季度末 / 季末: the quarter's last day; 下季度 / 下个季度初: the next quarter's first day."""
    ahead = 1 if m["p"] else 0
    first = add_months(today.replace(day=1), 3 * ahead - (today.month - 1) % 3, 1)
    return month_end(add_months(first, 2, 1)) if m["part"] in ("末", "底") else first if ahead else None


def _day_word(m, today):
    word = m[0]
    return today + timedelta(days=_DAY_WORDS[word]), "tonight" if word == "今晚" else "today" if word[0] in "今本" else None


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
    if m.groupdict().get("half"):  # 一个半月 / 两个半月: half a month more
        return add_months(today, int(months), None) + timedelta(days=15) if unit == "月" else add_months(today, int(months) + 6)
    return today + timedelta(days=15) if months == 0.5 else add_months(today, int(months))


def _add_workdays(day: date, n: int) -> date:
    while n > 0:
        day += timedelta(days=1)
        n -= holidays.is_workday(day)
    return day


def _bare_day(m, today):
    day = small_int(m["d"])
    if not day or day > 31:
        return None
    if day >= today.day:
        return today.replace(day=min(day, month_end(today).day))
    return add_months(today, 1, day), "after"


_HOLIDAY_NAMES = {"春节": "春节", "过年": "春节", "年": "春节", "国庆": "国庆节", "国庆节": "国庆节", "五一": "劳动节",
                  "劳动节": "劳动节", "元旦": "元旦", "中秋": "中秋节", "中秋节": "中秋节", "端午": "端午节",
                  "端午节": "端午节", "清明": "清明节", "清明节": "清明节"}
# Holidays on a fixed day of the Gregorian year (the lunar ones are only known through chinesecalendar's data).
_FIXED_DAYS = {"元旦": (1, 1), "情人节": (2, 14), "妇女节": (3, 8), "植树节": (3, 12), "愚人节": (4, 1), "五一": (5, 1),
               "劳动节": (5, 1), "青年节": (5, 4), "儿童节": (6, 1), "建党节": (7, 1), "建军节": (8, 1), "教师节": (9, 10),
               "国庆": (10, 1), "国庆节": (10, 1), "万圣节": (10, 31), "光棍节": (11, 11), "双十一": (11, 11),
               "双十二": (12, 12), "平安夜": (12, 24), "圣诞": (12, 25), "圣诞节": (12, 25)}


def _around_holiday(m, today):
    """节后 / 国庆后 / 过完年: the first workday after the break; 节前 / 国庆前: the last workday before it."""
    groups = m.groupdict()
    name = _HOLIDAY_NAMES.get(groups.get("name") or groups.get("done") or "")
    if (groups.get("rel") or "").endswith("前"):
        found = holidays.next_holiday(today, name)
        day = found and found[1] - timedelta(days=1)
        while day and day > today and not holidays.is_workday(day):
            day -= timedelta(days=1)
        return day if day and day >= today else None
    return holidays.after_holiday(today, name)


def _fixed_holiday(m, today):
    month, day = _FIXED_DAYS[m["fixed"]]
    found = date(today.year, month, day)
    return found if found >= today else found.replace(year=today.year + 1)


def _unless_after(chars: str, resolve):
    """Guard a rule by the character before its match (每周一 is a habit, 112月 no month)."""
    def guarded(m, today):
        before = m.string[m.start() - 1] if m.start() else ""
        return None if before and before in chars else resolve(m, today)
    return guarded


_NUMERAL_CHARS = "0123456789一二两三四五六七八九十〇零"
_YEAR = r"(?:(?P<y>20\d\d|\d\d|[二两][〇零][一二三四五六七八九〇零]{2})年|(?P<yw>今年|明年|后年))"
_IN_MONTH = (rf"(?:(?P<d>初[一二三四五六七八九十](?![\d一二三四五六七八九十])[日号]?|{NUMERAL}[日号]<OPT>)|月?(?P<part>{PARTS})"
             rf"|的?(?P<nth>第[一二三四五1-5]个?|最后一个)(?:周|星期|礼拜)(?P<wd>{WD}))")
_AROUND = r"(?P<rel>之?后|以后|过后|回来|结束后?|之?前|以前)"
_SHIFT = r"往后推?|向后推?|延后|推迟|推后|后延|延期|顺延|往后延|推"
_NOT_AFTER_NUMERIC = "0123456789.¥$/-ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_RULES = [
    ("昨前去刚上", r"昨天|昨日|昨晚|大?前天|去年|前几天|前两天|刚才|刚刚|上上?个?(?:周|星期|礼拜)" + WD
     + r"?|上个?月(?:初|中旬?|底|末|上旬|下旬)?", lambda m, today: (None, None)),
    # 下周三或周四 / 下周一到周三: the second day keeps the first one's week, and the first day is the date.
    ("周星礼", rf"(?P<p>下下个?|下个?|次|本|这个?|上上?个?)?(?:周|星期|礼拜)(?:的?(?:周|星期|礼拜)(?={WD}|末))?"
     rf"(?P<d>{WD}|末|内)?(?(p)(?:(?:或者?|到|至|和|、|~|-)(?:周|星期|礼拜)?{WD}(?![号日点]))?)", _unless_after("每", _weekday)),
    ("月", rf"(?P<p>下下个?月|下个?月|次月|本月|这个?月)(?:{_IN_MONTH.replace('<OPT>', '')})?", relative_month),
    ("月旬", r"月(?P<part>初|中旬|中|底|末)|(?P<part2>上旬|中旬|下旬)", _unless_after(_NUMERAL_CHARS, _month_part)),
    ("季", r"(?:(?P<p>下个?)|本|这个?)?季度?(?P<part>初|末|底)?", _unless_after("一二三四每上", _quarter)),
    ("年", r"(?P<next>明年)(?P<part>初|底|末|年底)?|今年年?(?:底|末)", _year_part),
    ("年", r"年(?:底|末|前|内)", _unless_after(_NUMERAL_CHARS + "个去前每上", _year_part)),
    ("天日早晚儿", "|".join(sorted(_DAY_WORDS, key=len, reverse=True)), _day_word),
    ("后内", r"(?P<n>[\d一二两三四五六七八九十半]{1,3})(?P<half>个半)?个?(?P<unit>天|日|周|星期|礼拜|月|工作日|年)(?:之?后|以后|之?内|以内)",
     _relative),
    # 半小时后回电话: later today (the clock time itself is not kept).
    ("时钟分", r"[\d一二两三四五六七八九十半]{1,3}个?半?(?:小时|钟头|分钟)(?:之?后|以后|之?内|以内)", lambda m, today: today),
    ("过推延", rf"(?:过|{_SHIFT})(?P<n>[\d一二两三四五六七八九十半]{{1,3}})个?(?P<unit>天|周|星期|礼拜|月|工作日)(?![前内])",
     _unless_after("超经通越度难错路放", _relative)),
    ("春过国五劳元中端清", r"(?P<name>春节|过年|国庆节?|五一|劳动节|元旦|中秋节?|端午节?|清明节?)(?:假期|长假|放假)?" + _AROUND,
     _around_holiday),
    # A bare 节 stands alone (节后, 等节后); 劳动节后 or 环节后 is another word's end.
    ("节假放收", r"(?:(?:(?<![\u4e00-\u9fff])|(?<=[等到过在说就都再先那这吧呢了]))节|(?<![环细章季关调音情使礼春中])"
     r"(?:假期|长假|放假|收假))" + _AROUND, _around_holiday),
    ("年", r"(?<![\d一二两三四五六七八九十几多今明去每个前半])(?P<name>年)(?P<rel>之?后|以后|过后)", _around_holiday),
    ("过", r"过完(?P<done>春节|年|国庆|五一|元旦|中秋|端午|清明|节)", _around_holiday),
    ("元五国圣双节夜", "(?P<fixed>" + "|".join(sorted(_FIXED_DAYS, key=len, reverse=True)) + ")"
     # 劳动节后 is the end of a break only chinesecalendar knows; without its data it names no day.
     r"(?!(?:假期|长假|放假)?(?:之?后|以后|过后|回来|结束))", _fixed_holiday),
    ("-/.·年", r"(?P<y>20\d\d)[-/.·年](?P<m>\d{1,2})[-/.·月](?P<d>\d{1,2})[日号]?", calendar_date),
    ("0123456789", r"(?<![\dA-Za-z])(?P<y>20\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>[0-2]\d|3[01])(?!\d)", compact_date),
    ("月", rf"{_YEAR}?(?P<m>{NUMERAL})月份?{_IN_MONTH.replace('<OPT>', '?')}?", _unless_after(_NUMERAL_CHARS, calendar_date)),
    # 12.5 is a day, but 3.5米, 1.5小时, 2.1版 and 12.5mm are measures.
    ("/.·", r"(?P<m>\d{1,2})[/.·](?P<d>\d{1,2})(?:[日号](?!楼|线|门))?(?![\d.%万亿千百A-Za-z元块台套件个箱吨倍折~米寸尺斤克升毫厘度秒成]|"
     r"公[里斤分尺顷]|小时|分钟|平|\s*[-–—]\s*\d+(?:\.\d+)?\s*[万亿千百kKwW元块])",
     _unless_after(_NOT_AFTER_NUMERIC + "本率", calendar_date)),
    # 09-01 / 12-25: both parts written with two digits, so 2-3次 and 3-5天 stay counts and ranges.
    ("-", r"(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])[日号]?(?![\d.%万亿千百kKwW元块台套件个箱吨倍折~天周月年次人家点时分小岁号期型款系A-Za-z]|之间|左右)",
     _unless_after(_NOT_AFTER_NUMERIC, calendar_date)),
    ("号日", rf"(?P<d>{NUMERAL})[号日](?!楼|线|门|院|仓|库|店|机|位|车间|窗口)", _unless_after("0123456789月.第型编", _bare_day)),
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
