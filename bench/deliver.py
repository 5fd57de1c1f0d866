"""Two deliverers against a slow fake platform: duplicates must be 0.

The outbox is filled with ROWS pushes; the fake WeCom API (local, loopback) answers each call after DELAY_S; two
Deliverer instances poll like the interval job and `python -m bot outbox --deliver` running at once. The lease is a
quarter of the time the whole batch takes, so a deliverer that claimed the batch under one lease (as before) would
let the other reclaim and resend rows; claiming one row at a time it cannot. Prints rows, platform calls, time,
throughput, each deliverer's share, and the duplicate count last. Full size: 200 rows at 0.05 s a call;
BENCH_QUICK=1: 60 rows at 0.03 s. Goal: duplicates 0, lost 0.
"""
from __future__ import annotations

import logging
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from pytest_httpserver import HTTPServer  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from bot.clock import utcnow  # noqa: E402
from bot.notifier.channels import build_channels  # noqa: E402
from bot.notifier.outbox import Deliverer, OutMessage, RetryPolicy, enqueue  # noqa: E402
from bot.storage import migrate  # noqa: E402
from bot.storage.db import Database  # noqa: E402
from bot.storage.bookkeeping import Outbox  # noqa: E402
from platform_fakes import FakePlatformApi, platform_settings  # noqa: E402

QUICK = os.environ.get("BENCH_QUICK") == "1"
ROWS = 60 if QUICK else 200
DELAY_S = 0.03 if QUICK else 0.05
DELIVERERS = 2
TIME_LIMIT_S = 50


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the fake platform's access log
    server = HTTPServer(threaded=True)
    server.start()
    fake = FakePlatformApi(server)
    fake.delay_s = DELAY_S
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/deliver.sqlite3"
        migrate.upgrade(url)
        db = Database(url)
        with db.session() as s:
            enqueue(s, [OutMessage("wecom_app", f"rep{i}", {"text": f"提醒 {i}"}, f"bench:{i}") for i in range(ROWS)],
                    utcnow())
        channels = build_channels(platform_settings(url, Path(tmp), fake.base))
        lease = ROWS * DELAY_S / 4
        shares = run(db, channels, lease)
        with db.session() as s:
            unsent = s.scalar(select(func.count()).select_from(Outbox).where(Outbox.status != "sent"))
        db.dispose()
    server.stop()
    sends = Counter(body["touser"] for body in fake.sent("/cgi-bin/message/send"))
    elapsed, per_deliverer = shares
    print(f"rows {ROWS}, platform delay {DELAY_S * 1000:.0f} ms a call, lease {lease:.1f} s, {DELIVERERS} deliverers")
    print(f"sent by each deliverer: {', '.join(str(n) for n in per_deliverer)}")
    print(f"platform calls {sum(sends.values())} in {elapsed:.2f} s ({sum(sends.values()) / elapsed:.1f} calls/s)")
    print(f"lost {ROWS - len(sends)}, rows not marked sent {unsent}")
    print(f"duplicates {sum(n - 1 for n in sends.values())}")


def run(db: Database, channels, lease_s: float) -> tuple[float, list[int]]:
    deadline = time.monotonic() + TIME_LIMIT_S
    sent = [0] * DELIVERERS

    def due() -> int:
        with db.session() as s:
            return s.scalar(select(func.count()).select_from(Outbox).where(Outbox.status != "sent"))

    def poll(index: int) -> None:
        deliverer = Deliverer(db, channels, RetryPolicy(lease_seconds=lease_s))
        while time.monotonic() < deadline and due():
            sent[index] += deliverer.deliver_due().sent
            time.sleep(0.01)

    started = time.perf_counter()
    threads = [threading.Thread(target=poll, args=(i,)) for i in range(DELIVERERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started, sent


if __name__ == "__main__":
    main()
