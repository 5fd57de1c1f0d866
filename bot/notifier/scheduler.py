"""APScheduler 3 in one leader process: every job registered in register_jobs, run only while holding the lock."""
from __future__ import annotations

import logging
import os
import socket
import threading
from typing import Mapping, Optional

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.clock import local_today, utcnow
from bot.metrics import SCHEDULER_LEADER
from bot.notifier.channels import Channel
from bot.notifier.jobs import JOBS
from bot.notifier.leader import make_leader_lock
from bot.notifier.outbox import Deliverer
from bot.notifier.runner import catch_up, job_time, make_deliverer, run_job
from bot.services import Services

log = logging.getLogger(__name__)


def _scheduled(services: Services, deliverer: Deliverer, name: str) -> None:
    run_job(services, name, local_today(services.settings.timezone))
    deliverer.deliver_due()


def register_jobs(scheduler: BackgroundScheduler, services: Services, deliverer: Deliverer) -> None:
    """Every scheduled job, in one place: the daily/weekly/monthly jobs at their local times, and the deliverer."""
    tz = services.settings.timezone
    for name in JOBS:
        at = job_time(services, name)
        scheduler.add_job(_scheduled, CronTrigger(hour=at.hour, minute=at.minute, timezone=tz), args=(services, deliverer, name),
                          id=name, coalesce=True, max_instances=1, misfire_grace_time=3600)
    interval = services.settings.get("BOT_OUTBOX_INTERVAL")
    scheduler.add_job(deliverer.deliver_due, "interval", seconds=interval, id="deliver_outbox", coalesce=True,
                      max_instances=1)


class SchedulerService:
    """Waits to become leader, then schedules; steps down if the lock is lost; releases it on stop."""

    def __init__(self, services: Services, channels: Mapping[str, Channel] | None = None):
        self.services = services
        self.deliverer = make_deliverer(services, channels)
        self.holder = f"{socket.gethostname()}:{os.getpid()}"
        self.ttl = services.settings.get("BOT_LEADER_LEASE_SECONDS")
        self.lock = make_leader_lock(services.db, self.holder, self.ttl)
        self.stopped = threading.Event()
        self.scheduler: Optional[BackgroundScheduler] = None

    def run(self, seconds: Optional[float] = None) -> None:
        """Blocks until stop() (or `seconds` pass)."""
        timer = threading.Timer(seconds, self.stop) if seconds else None
        if timer:
            timer.start()
        try:
            while not self.stopped.is_set():
                try:
                    self._tick()
                except Exception:  # a database hiccup must not kill the standby loop
                    log.exception("scheduler tick failed")
                self.stopped.wait(self.ttl / 3)
        finally:
            self._step_down()
            self.lock.release()
            if timer:
                timer.cancel()

    def stop(self) -> None:
        self.stopped.set()

    def _tick(self) -> None:
        leader = self.lock.acquire()
        if leader and self.scheduler is None:
            log.info("scheduler leader: %s", self.holder)
            SCHEDULER_LEADER.set(1)
            catch_up(self.services, utcnow())
            self.deliverer.deliver_due()
            self.scheduler = BackgroundScheduler(timezone=self.services.settings.timezone)
            register_jobs(self.scheduler, self.services, self.deliverer)
            self.scheduler.start()
        elif not leader and self.scheduler is not None:
            log.warning("scheduler lost leadership: %s", self.holder)
            self._step_down()

    def _step_down(self) -> None:
        SCHEDULER_LEADER.set(0)
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
            self.scheduler = None
