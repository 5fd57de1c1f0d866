"""Bench: /本月漏斗 end to end (through dispatch) against one hand-written SQL query, on SQLite and PostgreSQL.

Generated data: 200 k opportunities (with their stage moves) and 1 M activities over 24 months, 20 teams of 10 reps;
BENCH_QUICK=1 uses a tenth. Goal: the command under 300 ms and at most 2x the hand SQL. Last line: the worst ratio.
"""
from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bot import clock  # noqa: E402
from bot.services import build_services  # noqa: E402
from bot.storage import migrate  # noqa: E402
from bot.types import IncomingMessage  # noqa: E402

QUICK = os.environ.get("BENCH_QUICK") == "1"
SCALE = 10 if QUICK else 1
N_OPP, N_ACT, N_CUST = 200_000 // SCALE, 1_000_000 // SCALE, 50_000 // SCALE
TEAMS, REPS = 20, 10
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
NOW = datetime(2026, 11, 18, 2, 0, tzinfo=timezone.utc)
PATH = ["initial", "needs", "proposal", "negotiation", "won"]
RUNS = 7

HAND_SQL = """
WITH per AS (
  SELECT o.owner_id, m.k, o.id,
         COALESCE(MAX(CASE sc.to_stage WHEN 'needs' THEN 1 WHEN 'proposal' THEN 2 WHEN 'negotiation' THEN 3
                                       WHEN 'won' THEN 4 ELSE 0 END), 0) AS furthest,
         MAX(CASE WHEN sc.to_stage = 'lost' AND sc.at >= m.s THEN 1 ELSE 0 END) AS lost,
         COALESCE(o.expected_amount, 0) AS amount,
         COALESCE(o.contract_amount, o.quote_amount, o.expected_amount, 0) AS won_amount
  FROM (SELECT 0 AS k, :s0 AS s, :e0 AS e UNION ALL SELECT 1, :s1, :e1) m
  JOIN opportunities o ON o.created_at < m.e AND (o.closed_at IS NULL OR o.closed_at >= m.s)
  LEFT JOIN stage_changes sc ON sc.opportunity_id = o.id AND sc.at < m.e
  WHERE o.owner_id IN (SELECT id FROM users WHERE team_id = :team)
  GROUP BY o.owner_id, m.k, o.id, o.expected_amount, o.contract_amount, o.quote_amount)
SELECT k, owner_id, furthest, lost, COUNT(*), SUM(amount), SUM(won_amount) FROM per GROUP BY k, owner_id, furthest, lost
"""


def generate(rng: random.Random):
    """Rows per table as tuples (ids explicit), for executemany or COPY."""
    users = [(t * (REPS + 1) + r + 1, f"销售{t}-{r}" if r else f"经理{t}", "manager" if r == 0 else "rep", t + 1)
             for t in range(TEAMS) for r in range(REPS + 1)]
    reps = [u[0] for u in users if u[2] == "rep"]
    customers = [(i + 1, f"客户{i + 1}", reps[i % len(reps)], "新" if i % 3 else "老", "D", NOW) for i in range(N_CUST)]
    opps, changes = [], []
    for i in range(N_OPP):
        cust = customers[rng.randrange(N_CUST)]
        created = NOW - timedelta(days=rng.uniform(0, 730))
        closed_only = created < NOW - timedelta(days=180)  # deals older than half a year are decided
        end = rng.choice((PATH[:4] if not closed_only else []) + ["won", "won", "lost", "lost", "lost"])
        steps = PATH[: PATH.index(end) + 1] if end != "lost" else PATH[: rng.randint(1, 4)] + ["lost"]
        at, closed = created, None
        for j, stage in enumerate(steps):
            changes.append((len(changes) + 1, i + 1, steps[j - 1] if j else None, stage, min(at, NOW)))
            at += timedelta(days=rng.uniform(2, 20))
        if end in ("won", "lost"):
            closed = min(at - timedelta(days=1), NOW)
        amount = rng.randrange(50_000, 2_000_000, 10_000)
        opps.append((i + 1, f"B{i + 1:07d}", cust[0], cust[2], end, amount, amount if end == "won" else None,
                     "线上", created, closed))
    acts = [(i + 1, rng.randrange(N_CUST) + 1, reps[rng.randrange(len(reps))], "call",
             NOW - timedelta(days=rng.uniform(0, 730)), NOW) for i in range(N_ACT)]
    return {
        "teams": ("id, name, dept_code, created_at", [(t + 1, f"团队{t + 1}", "BEN", NOW) for t in range(TEAMS)]),
        "users": ("id, name, role, team_id, muted, created_at", [(*u, False, NOW) for u in users]),
        "customers": ("id, name, owner_id, kind, tier, created_at, aliases, tier_manual",
                      [(*c, "[]", False) for c in customers]),
        "opportunities": ("id, code, customer_id, owner_id, stage, expected_amount, contract_amount, source, "
                          "created_at, closed_at", opps),
        "stage_changes": ("id, opportunity_id, from_stage, to_stage, at", changes),
        "activities": ("id, customer_id, user_id, type, occurred_at, created_at", acts),
    }


def _sqlite_value(v):
    return v.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(v, datetime) else v


def load_sqlite(url: str, data) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA synchronous=OFF")  # a throwaway file: no need to wait for the disk
        for table, (cols, rows) in data.items():
            marks = ", ".join("?" * len(cols.split(",")))
            conn.exec_driver_sql(f"INSERT INTO {table} ({cols}) VALUES ({marks})",
                                 [tuple(_sqlite_value(v) for v in r) for r in rows])
        conn.exec_driver_sql("ANALYZE")
    engine.dispose()


def load_postgres(url: str, data) -> None:
    engine = create_engine(url)
    raw = engine.raw_connection()
    try:
        with raw.cursor() as cur:
            for table, (cols, rows) in data.items():
                with cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        raw.commit()
    finally:
        raw.close()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))
    engine.dispose()


def measure(url: str) -> tuple[float, float]:
    """Median ms of /本月漏斗 by the team's manager through dispatch, and of the hand SQL."""
    services = build_services({"BOT_DATABASE_URL": url})
    msg = lambda: IncomingMessage(platform="console", sender_id="经理1", sender_name="经理1", text="/本月漏斗",  # noqa: E731
                                  message_id=uuid.uuid4().hex, received_at=NOW)
    clock.set_clock(lambda: NOW)
    first = services.dispatch(msg())
    assert "销售漏斗" in first.text, first.text
    bot_ms = _median(lambda: services.dispatch(msg()))
    nov = (datetime(2026, 10, 31, 16, tzinfo=timezone.utc), datetime(2026, 11, 30, 16, tzinfo=timezone.utc))
    octo = (datetime(2026, 9, 30, 16, tzinfo=timezone.utc), nov[0])
    params = {"s0": nov[0], "e0": nov[1], "s1": octo[0], "e1": octo[1], "team": 1}
    if services.db.dialect == "sqlite":
        params = {k: _sqlite_value(v) for k, v in params.items()}
    with services.db.engine.connect() as conn:
        hand = lambda: conn.execute(text(HAND_SQL), params).all()  # noqa: E731
        hand()
        hand_ms = _median(hand)
    services.db.dispose()
    return bot_ms, hand_ms


def _median(fn) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def postgres_url() -> str | None:
    try:
        engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        name = f"bench_funnel_{os.getpid()}"
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)
    except Exception as exc:  # any failure to reach the server means: skip PostgreSQL
        print(f"PostgreSQL not reachable ({type(exc).__name__}): skipped")
        return None


def drop_postgres(url: str) -> None:
    engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    engine.dispose()


def run_one(name: str, url: str, loader, data) -> float:
    migrate.upgrade(url)
    start = time.perf_counter()
    loader(url, data)
    print(f"{name}: loaded in {time.perf_counter() - start:.1f} s")
    bot_ms, hand_ms = measure(url)
    ratio = bot_ms / hand_ms
    verdict = "ok" if bot_ms < 300 and ratio <= 2 else "MISSED"
    print(f"{name}: /本月漏斗 {bot_ms:.1f} ms, hand SQL {hand_ms:.1f} ms, ratio {ratio:.2f} ({verdict})")
    return ratio


def main() -> None:
    start = time.perf_counter()
    data = generate(random.Random(8))
    counts = {t: len(rows) for t, (_, rows) in data.items()}
    print(f"generated {counts} in {time.perf_counter() - start:.1f} s")
    ratios = []
    with tempfile.TemporaryDirectory() as tmp:
        ratios.append(run_one("SQLite", f"sqlite:///{tmp}/bench.sqlite3", load_sqlite, data))
    pg = postgres_url()
    if pg:
        try:
            ratios.append(run_one("PostgreSQL", pg, load_postgres, data))
        finally:
            drop_postgres(pg)
    print(f"funnel ratio (command / hand SQL, worst): {max(ratios):.2f}")


if __name__ == "__main__":
    main()
