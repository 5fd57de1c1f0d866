"""One scheduler leader at a time: in-process locks, and two real `python -m bot jobs` processes."""
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from bot.notifier.leader import make_leader_lock
from bot.notifier.runner import catch_up, missed_today
from tests.reminders_world import build_world

REPO = Path(__file__).resolve().parent.parent


def test_second_lock_waits_until_the_first_is_released(db):
    first, second = make_leader_lock(db, "a", 30), make_leader_lock(db, "b", 30)
    try:
        assert first.acquire() and first.acquire()  # renewing keeps it
        assert not second.acquire()
        first.release()
        assert second.acquire()
    finally:
        first.release()
        second.release()


def _leader_spans(log: str) -> list[tuple[datetime, datetime]]:
    """(became leader, scheduler shut down) from one process's log lines."""
    stamp = lambda line: datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f")  # noqa: E731
    starts = [stamp(line) for line in log.splitlines() if "scheduler leader:" in line]
    ends = [stamp(line) for line in log.splitlines() if "Scheduler has been shut down" in line]
    return list(zip(starts, ends))


def test_two_processes_never_lead_at_the_same_time(database_url, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO), "BOT_DATABASE_URL": database_url, "BOT_LEADER_LEASE_SECONDS": "1.5",
           "BOT_INSTANCE_PATH": str(tmp_path), "BOT_LOG_LEVEL": "INFO"}
    procs = [subprocess.Popen([sys.executable, "-m", "bot", "jobs", "--seconds", "5"], env=env, cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    logs = [p.communicate(timeout=60)[1] for p in procs]
    assert all(p.returncode == 0 for p in procs), logs
    spans = sorted(span for log in logs for span in _leader_spans(log))
    assert spans, logs
    # A standby may take over only after the leader has stopped (its own 5 s may start later on a busy machine).
    assert all(earlier[1] <= later[0] for earlier, later in zip(spans, spans[1:])), "\n----\n".join(logs)


def test_missed_morning_runs_once_on_start_the_same_day(services, frozen_clock):
    frozen_clock.set(datetime(2026, 9, 14, 8, 30))
    assert missed_today(services, frozen_clock.now) == ["retention"]  # the 03:00 clean-up; the pushes are still ahead
    frozen_clock.set(datetime(2026, 9, 14, 11, 0))
    with services.db.session() as s:
        build_world(s)
    # pool_release: the world's customers quiet since the spring are announced to their two owners (none released yet)
    assert catch_up(services) == {"daily_digest": 1, "weekly_summary": 1, "monthly_summary": None,
                                  "monthly_review": None, "org_sync": None, "pool_release": 2, "retention": 0}
    assert catch_up(services) == {"daily_digest": 0, "weekly_summary": 0, "monthly_summary": None,
                                  "monthly_review": None, "org_sync": None, "pool_release": 0, "retention": 0}
    frozen_clock.set(datetime(2026, 9, 14, 22, 0))
    assert missed_today(services, frozen_clock.now) == []  # quiet hours: tomorrow's digest will do
