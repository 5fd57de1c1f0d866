"""The outbox: idempotent writes, retries with backoff against a fake platform, dead rows, crash recovery."""
import random
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from bot.notifier.channels import build_channels
from bot.notifier.outbox import Deliverer, OutMessage, RetryPolicy, enqueue, retry_row
from bot.notifier.runner import make_deliverer, run_job
from bot.storage.bookkeeping import Outbox
from tests.reminders_world import FakeChannel, build_world

NOW = datetime(2026, 11, 18, 1, 0, tzinfo=timezone.utc)


def _write(db, *messages):
    with db.session() as s:
        return enqueue(s, messages, NOW)


def _row(db, key):
    with db.session() as s:
        return s.scalars(select(Outbox).where(Outbox.idempotency_key == key)).one()


def test_same_key_is_written_once(db):
    msg = OutMessage("console", "张伟", {"text": "hi"}, "job:user:1:2026-11-18")
    assert _write(db, msg) == {msg.key}
    assert _write(db, msg) == set()


def test_retries_after_500_and_rate_limit_then_sends_once(db, settings, httpserver):
    httpserver.expect_ordered_request("/hook").respond_with_data("oops", status=500)
    httpserver.expect_ordered_request("/hook").respond_with_json({"errcode": 45009, "errmsg": "api freq out of limit"})
    httpserver.expect_ordered_request("/hook").respond_with_json({"errcode": 0, "errmsg": "ok"})
    _write(db, OutMessage("wecom_robot", httpserver.url_for("/hook"), {"text": "月度小结"}, "k1"))
    deliverer = Deliverer(db, build_channels(settings), RetryPolicy(base_seconds=10, rng=random.Random(1)))
    assert deliverer.deliver_due(NOW).retried == 1
    first = _row(db, "k1")
    assert (first.status, first.attempts) == ("pending", 1) and "500" in first.last_error
    assert NOW + timedelta(seconds=5) <= first.next_attempt_at <= NOW + timedelta(seconds=10)
    assert deliverer.deliver_due(NOW + timedelta(seconds=1)).retried == 0  # not due yet: backoff holds
    assert deliverer.deliver_due(NOW + timedelta(seconds=11)).retried == 1
    second = _row(db, "k1")
    assert second.next_attempt_at >= NOW + timedelta(seconds=11 + 10)  # doubled: 20 s ± jitter
    assert deliverer.deliver_due(NOW + timedelta(minutes=5)).sent == 1
    assert (_row(db, "k1").status, _row(db, "k1").attempts) == ("sent", 3)
    assert len(httpserver.log) == 3


def test_gives_up_into_dead_and_retry_command_requeues(db):
    _write(db, OutMessage("console", "张伟", {"text": "hi"}, "k2"))
    channel = FakeChannel(failures=2)
    deliverer = Deliverer(db, {"console": channel}, RetryPolicy(max_attempts=2, base_seconds=1))
    deliverer.deliver_due(NOW)
    assert deliverer.deliver_due(NOW + timedelta(hours=1)).dead == 1
    assert _row(db, "k2").status == "dead"
    with db.session() as s:
        assert retry_row(s, _row(db, "k2").id, NOW + timedelta(hours=1))
    assert deliverer.deliver_due(NOW + timedelta(hours=1)).sent == 1
    assert len(channel.sent) == 1


def test_unknown_channel_is_dead_at_once(db):
    _write(db, OutMessage("nowhere", "x", {"text": "hi"}, "k3"))
    assert Deliverer(db, {}).deliver_due(NOW).dead == 1


def test_crash_after_claim_is_resent_once_the_lease_expires(db):
    _write(db, OutMessage("console", "张伟", {"text": "hi"}, "k4"))
    crashed = Deliverer(db, {"console": FakeChannel()}, RetryPolicy(lease_seconds=60))
    assert crashed.claim_one(NOW) is not None  # claimed, then the process dies before sending
    channel = FakeChannel()
    survivor = Deliverer(db, {"console": channel}, RetryPolicy(lease_seconds=60))
    assert survivor.deliver_due(NOW + timedelta(seconds=30)).sent == 0  # still leased to the dead process
    assert survivor.deliver_due(NOW + timedelta(seconds=61)).sent == 1
    assert survivor.deliver_due(NOW + timedelta(hours=1)).sent == 0
    assert len(channel.sent) == 1


def test_crash_between_job_write_and_send_loses_nothing_and_rerun_adds_nothing(services, frozen_clock):
    frozen_clock.set(datetime(2026, 9, 14, 9, 0))
    with services.db.session() as s:
        build_world(s)
    assert run_job(services, "daily_digest", frozen_clock.now.date()) == 1  # then the process dies
    assert run_job(services, "daily_digest", frozen_clock.now.date()) == 0
    channel = FakeChannel()
    assert make_deliverer(services, {"console": channel}).deliver_due().sent == 1
    assert [t for t, _ in channel.sent] == ["张伟"]


def test_pushes_decided_in_quiet_hours_wait_for_the_morning(services, frozen_clock):
    frozen_clock.set(datetime(2026, 9, 14, 22, 0))
    with services.db.session() as s:
        build_world(s)
    run_job(services, "daily_digest", frozen_clock.now.date(), frozen_clock.now)
    channel = FakeChannel()
    deliverer = make_deliverer(services, {"console": channel})
    assert deliverer.deliver_due().sent == 0
    frozen_clock.set(datetime(2026, 9, 15, 8, 0))
    assert deliverer.deliver_due().sent == 1
