"""Scale-out through real gunicorn over loopback on PostgreSQL: the same bounded concurrent load (signed WeCom
reports filed against the senders' own customers, and /客户) against a one-worker and a two-worker server, both up
at once on one database of its own (dropped afterwards). Prints messages/s and p99 per server, then the two / one
throughput ratio LAST (steady state: each burst without its first and last tenth).

The shared machine's speed drifts by half within a minute, so one server after the other measured the drift as
often as the workers (ratios from 0.9 to 2.2 for the same code). The servers instead take turns in short bursts,
ABBA, and each one's bursts are added up. Goal on the two-core machine: two workers ≥ 1.6 × one. Full: 1,500
messages per server from 8 clients in 12 bursts; BENCH_QUICK=1: 300 in 4 (< 1 minute). A server's bursts stop after
TIME_LIMIT_S whatever is left. PostgreSQL from BENCH_POSTGRES_URL (default the test server); without one it says so
and exits 0. Run alone, or as the last part of bench/pipeline.py."""
from __future__ import annotations

import http.client
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bot.handlers.wecom_crypto import CallbackCrypto  # noqa: E402
from bot.settings import SPECS  # noqa: E402
from cpu_share import CpuShare, CpuWindow  # noqa: E402
from live_server import gunicorn  # noqa: E402
from pipeline import CORP, KEY, REPORT, SENDERS, TOKEN, own_customers, prepared_services, signed_request  # noqa: E402

QUICK = os.environ.get("BENCH_QUICK") == "1"
MESSAGES = 300 if QUICK else 1500
CLIENTS = 8
WARMUP = 40  # per run, untimed: each worker loads the parser's data and compiles its SQL once
TIME_LIMIT_S = 20 if QUICK else 90
ROUNDS = 4 if QUICK else 12  # bursts per server, alternating between the two
# threads per worker (BOT_WEB_THREADS), the same for both servers
THREADS = os.environ.get("BENCH_THREADS", SPECS["BOT_WEB_THREADS"].default)
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


@dataclass
class Burst:
    answered: list[tuple[float, float]]  # (answered at, latency ms), in the order they were answered
    errors: int
    seconds: float
    cpu: CpuShare | None

    def steady(self) -> tuple[int, float]:
        """(messages, seconds) between the 10th and the 90th percentile answer: a burst starts with the connections
        opening and ends with fewer than CLIENTS requests in flight, edges that hold back a two-worker server more."""
        done = sorted(at for at, _ms in self.answered)
        first, last = len(done) // 10, len(done) - 1 - len(done) // 10
        return last - first, done[last] - done[first]


def load(base: str, requests_: list[tuple[dict, bytes]]) -> Burst:
    """Send from CLIENTS threads, each on its own keep-alive connection.

    Plain http.client, not requests: the generator shares the two cores with the server, and requests cost it 0.16
    of them against 0.05. New connections each burst: gunicorn closes those left idle during the other's turn."""
    deadline = time.monotonic() + TIME_LIMIT_S / ROUNDS
    address = urlsplit(base)
    prepared = [(f"/wecom/callback?{urlencode(query)}", body) for query, body in requests_]
    local, connections = threading.local(), []

    def send(i: int) -> tuple[float, float] | None:
        if time.monotonic() > deadline:
            return None
        if not hasattr(local, "connection"):
            local.connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
            connections.append(local.connection)
        path, body = prepared[i]
        t0 = time.perf_counter()
        local.connection.request("POST", path, body=body, headers={"Content-Type": "text/xml"})
        resp = local.connection.getresponse()
        answered = resp.status == 200 and resp.read()
        done = time.perf_counter()
        return (done, (done - t0) * 1000) if answered else (done, -1.0)

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool, CpuWindow() as cpu:
        start = time.perf_counter()
        results = [r for r in pool.map(send, range(len(requests_))) if r is not None]
        elapsed = time.perf_counter() - start
    for connection in connections:
        connection.close()
    answered = [r for r in results if r[1] >= 0]
    return Burst(answered, len(results) - len(answered), elapsed, cpu.share)


@dataclass
class Runs:
    """One server's bursts added up."""
    messages: int = 0  # steady-state ones (Burst.steady)
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    core_seconds: dict[str, float] = field(default_factory=dict)
    cpu_seconds: float = 0.0

    def add(self, burst: Burst) -> None:
        messages, seconds = burst.steady()
        self.messages += messages
        self.seconds += seconds
        self.latencies += [ms for _at, ms in burst.answered]
        self.errors += burst.errors
        self.cpu_seconds += burst.seconds
        for name, cores in (burst.cpu.cores.items() if burst.cpu else ()):
            self.core_seconds[name] = self.core_seconds.get(name, 0.0) + cores * burst.seconds

    @property
    def rate(self) -> float:
        return self.messages / self.seconds

    def cpu(self) -> CpuShare | None:
        if not self.core_seconds:
            return None
        return CpuShare({name: used / self.cpu_seconds for name, used in self.core_seconds.items()})


def measure() -> float | None:
    """Runs one and two workers; returns the throughput ratio, None without PostgreSQL."""
    try:
        url, drop = own_database()
    except Exception as exc:  # no server here: the scale-out run needs PostgreSQL
        print(f"scale-out: PostgreSQL not reachable ({type(exc).__name__}), skipped")
        return None
    crypto = CallbackCrypto(TOKEN, KEY, CORP)
    runs = {1: Runs(), 2: Runs()}
    try:
        with tempfile.TemporaryDirectory() as tmp, ExitStack() as servers:
            services = prepared_services(Path(tmp), url)
            names = own_customers(services)
            services.db.dispose()
            texts = [REPORT.format(name=names[SENDERS[i % 3]][i % len(names[SENDERS[i % 3]])]) if i % 2 else "/客户"
                     for i in range(2 * (WARMUP + MESSAGES))]
            batch = [signed_request(crypto, SENDERS[i % 3], t) for i, t in enumerate(texts)]
            bases = {}
            for workers in runs:  # each server its own instance folder: gunicorn empties its metrics folder at start
                folder = Path(tmp) / f"workers-{workers}"
                folder.mkdir()
                settings = {"BOT_DATABASE_URL": url, "BOT_INSTANCE_PATH": str(folder / "instance"),
                            "BOT_LOG_LEVEL": "WARNING", "WECOM_CORP_ID": CORP, "WECOM_TOKEN": TOKEN,
                            "WECOM_AES_KEY": KEY, "BOT_WEB_THREADS": THREADS}
                bases[workers] = servers.enter_context(gunicorn(settings, folder, workers=workers))
            for workers in runs:
                load(bases[workers], [batch.pop() for _ in range(WARMUP)])
            burst = MESSAGES // ROUNDS
            for round_ in range(ROUNDS):  # ABBA: a machine that slows down or speeds up weighs on both alike
                for workers in (1, 2) if round_ % 2 == 0 else (2, 1):
                    runs[workers].add(load(bases[workers], [batch.pop() for _ in range(burst)]))
    finally:
        drop()
    for workers, run in runs.items():
        p99 = statistics.quantiles(run.latencies, n=100)[98]
        print(f"gunicorn PostgreSQL, {workers} worker{'s' if workers > 1 else ' '}  {run.rate:8.0f} msg/s   "
              f"p99 {p99:6.1f} ms   errors {run.errors}   ({len(run.latencies)} messages, {CLIENTS} clients, "
              f"{ROUNDS} bursts, {THREADS} threads per worker)", flush=True)
        if (cpu := run.cpu()) is not None:
            print(f"  {cpu.line()}", flush=True)
    return runs[2].rate / runs[1].rate


def main() -> int:
    ratio = measure()
    if ratio is not None:
        print(f"two workers / one worker throughput (PostgreSQL, gunicorn, loopback): {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
