"""The one clock: every 'now' comes from here so tests can freeze time."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, timezone
from typing import Callable, Iterator
from zoneinfo import ZoneInfo

_now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)


def utcnow() -> datetime:
    return _now()


def set_clock(fn: Callable[[], datetime] | None) -> None:
    """Replace the clock (tests); None restores the real one."""
    global _now
    _now = fn or (lambda: datetime.now(timezone.utc))


@contextmanager
def restored() -> Iterator[None]:
    """Put back the clock that was set before the block, however the block moved it (replay, chat --now)."""
    saved = _now
    try:
        yield
    finally:
        set_clock(saved)


def local(dt: datetime, tz: str) -> datetime:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(ZoneInfo(tz))


def local_now(tz: str) -> datetime:
    return local(utcnow(), tz)


def local_today(tz: str) -> date:
    return local_now(tz).date()


def to_utc(local_dt: datetime, tz: str) -> datetime:
    if local_dt.tzinfo is None:
        local_dt = local_dt.replace(tzinfo=ZoneInfo(tz))
    return local_dt.astimezone(timezone.utc)
