"""Running one job for one day (scheduled, caught up after downtime, or by hand) and delivering what it wrote."""
from __future__ import annotations

import logging
from datetime import date, datetime, time
from functools import partial
from typing import Iterable, Mapping, Optional

from bot.clock import local, to_utc, utcnow
from bot.notifier.channels import LONG_CONNECTION_CHANNELS, Channel, build_channels
from bot.notifier.deferred import prepared
from bot.notifier.jobs import JOBS, JobContext
from bot.notifier.outbox import Deliverer, RetryPolicy
from bot.notifier.quiet import in_window, release_time
from bot.services import Services

log = logging.getLogger(__name__)


def job_time(services: Services, name: str) -> time:
    return services.settings.get(JOBS[name][1])


def scheduled_at(services: Services, name: str, day: date) -> datetime:
    """When the job would have run on `day` (aware UTC)."""
    return to_utc(datetime.combine(day, job_time(services, name)), services.settings.timezone)


def run_job(services: Services, name: str, day: date, now: Optional[datetime] = None) -> Optional[int]:
    """Run `name` for `day` in one transaction: the rows it writes commit together with its decisions.
    Returns the number of new outbox rows, or None when `day` is not a day this job sends on."""
    job, _ = JOBS[name]
    if now is None:
        today = local(utcnow(), services.settings.timezone).date()
        now = utcnow() if day == today else scheduled_at(services, name, day)
    with services.db.session() as session:
        written = job(JobContext(session, services.settings, day, now))
    log.info("job %s for %s: %s", name, day, "skipped" if written is None else f"{written} new outbox rows")
    return written


def make_deliverer(services: Services, channels: Mapping[str, Channel] | None = None,
                   only: Iterable[str] | None = None) -> Deliverer:
    """A deliverer that renders rows' slow work (charts, workbooks) before sending. `only` limits its channels; by
    default it sends everything but the long connections' rows (their process sends those)."""
    settings = services.settings
    policy = RetryPolicy(max_attempts=settings.get("BOT_OUTBOX_MAX_ATTEMPTS"))
    return Deliverer(services.db, channels if channels is not None else build_channels(settings), policy,
                     release=lambda t: release_time(t, settings.timezone, settings.get("BOT_QUIET_HOURS")),
                     prepare=partial(prepared, services.db, settings), only=only,
                     exclude=LONG_CONNECTION_CHANNELS if only is None else ())


def missed_today(services: Services, now: datetime) -> list[str]:
    """Jobs whose time today has passed: run once on start. Not inside quiet hours (they would land tomorrow)."""
    here = local(now, services.settings.timezone)
    window = services.settings.get("BOT_QUIET_HOURS")
    if window is not None and in_window(here.time().replace(tzinfo=None), window):
        return []
    return [name for name in JOBS if scheduled_at(services, name, here.date()) <= now]


def catch_up(services: Services, now: Optional[datetime] = None) -> dict[str, Optional[int]]:
    """Run today's missed jobs once; the outbox keys make this a no-op for jobs that already ran."""
    now = now or utcnow()
    today = local(now, services.settings.timezone).date()
    return {name: run_job(services, name, today, now) for name in missed_today(services, now)}
