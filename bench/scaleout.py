"""Scale-out through real gunicorn over loopback on PostgreSQL: the same bounded concurrent load (signed WeCom
reports filed against the senders' own customers, and /客户) against one worker and then two, on a database of its own
(dropped afterwards). Prints messages/s and p99 per run, then the two / one throughput ratio LAST.

Goal on the two-core machine: two workers ≥ 1.6 × one. Full: 1,500 messages per run from 8 clients; BENCH_QUICK=1:
300 (< 1 minute). Each run stops after TIME_LIMIT_S whatever is left. PostgreSQL from BENCH_POSTGRES_URL (default the
test server); without one it says so and exits 0. Run alone, or as the last part of bench/pipeline.py."""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

import requests  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bot.handlers.wecom_crypto import CallbackCrypto  # noqa: E402
from cpu_share import CpuShare, CpuWindow  # noqa: E402
from live_server import gunicorn  # noqa: E402
from pipeline import CORP, KEY, REPORT, SENDERS, TOKEN, own_customers, prepared_services, signed_request  # noqa: E402

QUICK = os.environ.get("BENCH_QUICK") == "1"
MESSAGES = 300 if QUICK else 1500
CLIENTS = 8
WARMUP = 40  # per run, untimed: each worker loads the parser's data and compiles its SQL once
TIME_LIMIT_S = 20 if QUICK else 90
PG_ADMIN = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def own_database() -> tuple[str, callable]:
    name = f"bot_bench_scale_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False), drop


def load(base: str, requests_: list[tuple[dict, bytes]]) -> tuple[float, list[float], int, CpuShare | None]:
    """Send from CLIENTS threads, each on its own connection; (messages/s, latencies ms, errors, CPU use)."""
    deadline = time.monotonic() + TIME_LIMIT_S
    sessions = [requests.Session() for _ in range(CLIENTS)]

    def send(i: int) -> float | None:
        if time.monotonic() > deadline:
            return None
        query, body = requests_[i]
        t0 = time.perf_counter()
        resp = sessions[i % CLIENTS].post(f"{base}/wecom/callback", params=query, data=body, timeout=10,
                                          headers={"Content-Type": "text/xml"})
        return (time.perf_counter() - t0) * 1000 if resp.status_code == 200 and resp.content else -1.0

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        list(pool.map(send, range(WARMUP)))
        with CpuWindow() as cpu:
            start = time.perf_counter()
            results = [r for r in pool.map(send, range(WARMUP, len(requests_))) if r is not None]
            elapsed = time.perf_counter() - start
    latencies = [r for r in results if r >= 0]
    return len(latencies) / elapsed, latencies, len(results) - len(latencies), cpu.share


def measure() -> float | None:
    """Runs one and two workers; returns the throughput ratio, None without PostgreSQL."""
    try:
        url, drop = own_database()
    except Exception as exc:  # no server here: the scale-out run needs PostgreSQL
        print(f"scale-out: PostgreSQL not reachable ({type(exc).__name__}), skipped")
        return None
    crypto = CallbackCrypto(TOKEN, KEY, CORP)
    rates = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            services = prepared_services(Path(tmp), url)
            names = own_customers(services)
            services.db.dispose()
            settings = {"BOT_DATABASE_URL": url, "BOT_INSTANCE_PATH": str(Path(tmp) / "instance"),
                        "BOT_LOG_LEVEL": "WARNING", "WECOM_CORP_ID": CORP, "WECOM_TOKEN": TOKEN, "WECOM_AES_KEY": KEY}
            for workers in (1, 2):
                texts = [REPORT.format(name=names[SENDERS[i % 3]][i % len(names[SENDERS[i % 3]])]) if i % 2 else "/客户"
                         for i in range(WARMUP + MESSAGES)]
                batch = [signed_request(crypto, SENDERS[i % 3], t) for i, t in enumerate(texts)]
                with gunicorn(settings, Path(tmp), workers=workers) as base:
                    rate, latencies, errors, cpu = load(base, batch)
                rates[workers] = rate
                p99 = statistics.quantiles(latencies, n=100)[98]
                print(f"gunicorn PostgreSQL, {workers} worker{'s' if workers > 1 else ' '}  {rate:8.0f} msg/s   "
                      f"p99 {p99:6.1f} ms   errors {errors}   ({len(latencies)} messages, {CLIENTS} clients)", flush=True)
                if cpu is not None:
                    print(f"  {cpu.line()}", flush=True)
    finally:
        drop()
    return rates[2] / rates[1]


def main() -> int:
    ratio = measure()
    if ratio is not None:
        print(f"two workers / one worker throughput (PostgreSQL, gunicorn, loopback): {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
