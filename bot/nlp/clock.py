"""Clock times (下午3点半, 10:30, 中午): which hour and minute, and where they are written."""

import re
from dataclasses import dataclass

from .numerals import small_int


@dataclass(frozen=True)
class ClockTime:
    start: int
    end: int
    hour: int
    minute: int

    @property
    def text(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"


_PERIOD = re.compile("(?:上午|早上|早晨|中午|下午|晚上|傍晚|凌晨|明早|明晚|今早|今晚|早|晚)$")
_CLOCK = re.compile(
    r"(?P<h>[\d零一二两三四五六七八九十]{1,3})点钟?"
    r"(?P<m>半|一刻|三刻|(?P<mm>[0-5]?\d|[一二三四五]?十[一二三四五六七八九]?|零?[一二三四五六七八九]|零)分?)?"
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
    minute = small_int(m["mm"].removeprefix("零") or "零")  # 两点零五 is 14:05
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
