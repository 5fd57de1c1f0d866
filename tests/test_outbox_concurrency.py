"""Two deliverers against a slow platform: every row is attempted once; token trouble is retried, then buried."""
from __future__ import annotations

import logging
import threading
import time
from collections import Counter

from sqlalchemy import select

from bot.clock import utcnow
from bot.notifier.channels import build_channels
from bot.notifier.outbox import Deliverer, OutMessage, RetryPolicy, enqueue
from bot.storage.bookkeeping import Outbox
from platform_fakes import fake_api, platform_settings  # noqa: F401

ROWS = 24


def run_deliverers(deliverer: Deliverer, db, count: int, timeout_s: float) -> None:
    """`count` deliverers polling like the interval job does, until every row is sent or the time is up."""
    deadline = time.monotonic() + timeout_s

    def all_sent() -> bool:
        with db.session() as s:
            return all(status == "sent" for status in s.scalars(select(Outbox.status)))

    def poll() -> None:
        while time.monotonic() < deadline and not all_sent():
            deliverer.deliver_due(limit=ROWS)
            time.sleep(0.01)

    threads = [threading.Thread(target=poll) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def test_two_deliverers_on_a_slow_platform_send_each_row_once(db, database_url, tmp_path, fake_api):
    fake_api.delay_s = 0.04  # the batch of 24 takes ~1 s, twice the lease
    with db.session() as s:
        enqueue(s, [OutMessage("wecom_app", f"rep{i}", {"text": f"提醒 {i}"}, f"k{i}") for i in range(ROWS)], utcnow())
    channels = build_channels(platform_settings(database_url, tmp_path, fake_api.base))
    run_deliverers(Deliverer(db, channels, RetryPolicy(lease_seconds=0.5)), db, 2, timeout_s=10)
    sends = Counter(body["touser"] for body in fake_api.sent("/cgi-bin/message/send"))
    assert len(sends) == ROWS and set(sends.values()) == {1}
    with db.session() as s:
        assert set(s.scalars(select(Outbox.attempts))) == {1}


def test_token_refused_after_refresh_is_retried_with_backoff_then_dead(db, database_url, tmp_path, fake_api,
                                                                        caplog):
    with db.session() as s:
        enqueue(s, [OutMessage("wecom_app", "rep1", {"text": "提醒"}, "k1")], utcnow())
        row_id = s.scalar(select(Outbox.id))
    fake_api.wecom_errors[:] = [42001] * 20
    deliverer = Deliverer(db, build_channels(platform_settings(database_url, tmp_path, fake_api.base)),
                          RetryPolicy(max_attempts=3, base_seconds=60))
    now = utcnow()
    with caplog.at_level(logging.WARNING, logger="bot.notifier.outbox"):
        assert deliverer.deliver_due(now).retried == 1
        with db.session() as s:
            row = s.get(Outbox, row_id)
            assert row.status == "pending" and row.next_attempt_at >= now.replace(microsecond=0)
            waited = row.next_attempt_at
        assert deliverer.deliver_due(now).retried == 0  # backing off
        assert deliverer.deliver_due(waited).retried == 1
        with db.session() as s:
            waited = s.get(Outbox, row_id).next_attempt_at
        assert deliverer.deliver_due(waited).dead == 1
    lines = [r.getMessage() for r in caplog.records]
    assert len([line for line in lines if f"outbox row {row_id} " in line]) == 4  # 3 attempts + dead
    assert all("\n" not in line for line in lines)
