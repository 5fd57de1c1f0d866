"""Quiet hours (BOT_QUIET_HOURS, e.g. "21:00-08:00"): pushes that fall inside wait until the window ends."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from bot.clock import local, to_utc


def in_window(t: time, window: tuple[time, time]) -> bool:
    start, end = window
    return start <= t < end if start <= end else (t >= start or t < end)


def release_time(now: datetime, tz: str, window: tuple[time, time] | None) -> datetime:
    """`now` when pushes may go out now, else the (aware UTC) end of the current quiet window."""
    here = local(now, tz)
    if window is None or not in_window(here.time().replace(tzinfo=None), window):
        return now
    end = datetime.combine(here.date(), window[1])
    if here.time().replace(tzinfo=None) >= window[1]:
        end += timedelta(days=1)
    return to_utc(end, tz)
