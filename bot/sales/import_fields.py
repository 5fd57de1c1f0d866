"""Cell parsers for spreadsheet import: each turns a cell into a value or raises BadCell with a reason in Chinese."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from bot.clock import to_utc

_SECOND = timedelta(seconds=1)


class BadCell(ValueError):
    """A cell that cannot be imported; the message says why."""


def text(value) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def money(value) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise BadCell(f"不是金额「{value}」") from None
    if amount < 0 or not amount.is_finite():
        raise BadCell(f"金额不能为负「{value}」")
    return amount.quantize(Decimal("0.01"))


def integer(value) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise BadCell(f"不是整数「{value}」") from None
    if number != number.to_integral_value() or number < 0:
        raise BadCell(f"不是整数「{value}」")
    return int(number)


def day(value) -> date | None:
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip().replace("/", "-"))
    except ValueError:
        raise BadCell(f"日期格式不对「{value}」，请写 2026-11-03") from None


def moment(value, tz: str) -> datetime | None:
    """A local date-time cell (to the second) as aware UTC."""
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, datetime):
        local = value
    elif isinstance(value, date):
        local = datetime.combine(value, time())
    else:
        try:
            local = datetime.fromisoformat(str(value).strip().replace("/", "-"))
        except ValueError:
            raise BadCell(f"时间格式不对「{value}」，请写 2026-11-03 10:00") from None
    local = local.replace(tzinfo=None)
    rounded = local.replace(microsecond=0) if local.microsecond < 500_000 else local.replace(microsecond=0) + _SECOND
    return to_utc(rounded, tz)


def choice(options, labels: dict[str, str] | None = None):
    """A parser accepting one of `options` (or a label mapped to one by `labels`)."""

    def parse(value):
        value = text(value)
        if value is None:
            return None
        value = (labels or {}).get(value, value)
        if value not in options:
            raise BadCell(f"「{value}」不在可选值中（{'/'.join(labels.keys() if labels else options)}）")
        return value

    return parse


def pattern(regex: str, example: str):
    compiled = re.compile(regex)

    def parse(value):
        value = text(value)
        if value is not None and not compiled.fullmatch(value):
            raise BadCell(f"编号格式不对「{value}」，应像 {example}")
        return value

    return parse


def aliases(value) -> list[str]:
    value = text(value)
    return [a.strip() for a in re.split(r"[、,，;；]", value) if a.strip()] if value else []
