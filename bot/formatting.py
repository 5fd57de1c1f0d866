"""Numbers and dates as people read them in chat: 万 for money, weekday names, short dates."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from bot.texts import WEEKDAYS


def money(value: Decimal | float | int | None) -> str:
    """52万, 1.5万, 8000元, 1.2亿."""
    if value is None:
        return "-"
    amount = float(value)
    if abs(amount) >= 100_000_000:
        return f"{_trim(amount / 100_000_000)}亿"
    if abs(amount) >= 10_000:
        return f"{_trim(amount / 10_000)}万"
    return f"{_trim(amount)}元"


def _trim(x: float) -> str:
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def weekday(day: date) -> str:
    return f"周{WEEKDAYS[day.weekday()]}"


def month_day(day: date) -> str:
    """12月1日: how chat writes a date."""
    return f"{day.month}月{day.day}日"


def day_with_weekday(day: date) -> str:
    return f"{month_day(day)}({weekday(day)})"


def short_day(day: date | datetime) -> str:
    return f"{day.month}-{day.day:02d}"


def percent(numerator: float, denominator: float) -> str:
    return "-" if not denominator else f"{numerator / denominator * 100:.1f}%"


def clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
