"""Reporting periods: a month or a quarter in the configured zone, as half-open [start, end) UTC bounds."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from bot.clock import to_utc


@dataclass(frozen=True)
class Period:
    start: date  # first local day
    end: date  # first local day after the period
    label: str
    tz: str

    @property
    def start_utc(self) -> datetime:
        return to_utc(datetime.combine(self.start, time()), self.tz)

    @property
    def end_utc(self) -> datetime:
        return to_utc(datetime.combine(self.end, time()), self.tz)

    @property
    def is_quarter(self) -> bool:
        return (self.end.year * 12 + self.end.month) - (self.start.year * 12 + self.start.month) == 3

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def elapsed_days(self, today: date) -> int:
        """Days of the period up to and including `today` (0 before it starts, all of them once it is over)."""
        return min(self.days, max(0, (today - self.start).days + 1))

    def previous(self) -> "Period":
        if self.is_quarter:
            first = _add_months(self.start, -3)
            return quarter_of(first, self.tz)
        return month(*_ym(_add_months(self.start, -1)), self.tz)


def _ym(day: date) -> tuple[int, int]:
    return day.year, day.month


def _add_months(day: date, n: int) -> date:
    index = day.year * 12 + day.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def month(year: int, month_: int, tz: str) -> Period:
    start = date(year, month_, 1)
    return Period(start, _add_months(start, 1), f"{year}年{month_}月", tz)


def quarter_of(day: date, tz: str) -> Period:
    q = (day.month - 1) // 3
    start = date(day.year, q * 3 + 1, 1)
    return Period(start, _add_months(start, 3), f"{day.year}年Q{q + 1}", tz)


def period_of(kind: str, start: date, tz: str) -> Period:
    """The month or quarter (PeriodKind value) that starts on `start`."""
    return quarter_of(start, tz) if kind == "quarter" else month(start.year, start.month, tz)


def months_back(period: Period, n: int) -> list[Period]:
    """The n months ending with `period`'s first month, oldest first."""
    return [month(*_ym(_add_months(period.start, -i)), period.tz) for i in range(n - 1, -1, -1)]


MONTH_ARG = re.compile(r"^([0-9]{4})[-/.年]([0-9]{1,2})月?$")
QUARTER_ARG = re.compile(r"^([0-9]{4})\s*[-/.年]?\s*(?:[Qq]|第)([1-4])(?:季度?)?$")  # 2026年Q4, 2026-Q4, 2026年第4季度
YEARS = range(2000, 2100)  # the bot's data starts this century; 0000-01 or 9999-12 is a typo, not a period


def parse_period(word: str, today: date, tz: str, allow_quarter: bool = True) -> Period | None:
    """本月/上月/下月/本季度/上季度/2026-10/2026年10月/10月/2026年Q4; None when the word is not a period."""
    word = word.strip()
    if word in ("", "本月", "这个月", "当月"):
        return month(today.year, today.month, tz)
    if word in ("上月", "上个月"):
        return month(today.year, today.month, tz).previous()
    if word in ("下月", "下个月"):
        return month(*_ym(_add_months(today, 1)), tz)
    if allow_quarter and word in ("本季度", "本季", "这个季度"):
        return quarter_of(today, tz)
    if allow_quarter and word in ("上季度", "上个季度"):
        return quarter_of(today, tz).previous()
    quarter = QUARTER_ARG.match(word) if allow_quarter else None
    if quarter and int(quarter.group(1)) in YEARS:
        return quarter_of(date(int(quarter.group(1)), int(quarter.group(2)) * 3, 1), tz)
    found = MONTH_ARG.match(word)
    if found and int(found.group(1)) in YEARS and 1 <= int(found.group(2)) <= 12:
        return month(int(found.group(1)), int(found.group(2)), tz)
    short = re.fullmatch(r"([0-9]{1,2})月", word)
    if short and 1 <= int(short.group(1)) <= 12:
        m = int(short.group(1))
        return month(today.year if m <= today.month else today.year - 1, m, tz)
    return None
