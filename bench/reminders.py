"""The daily digest, the monthly customer review and the pool release run over generated data: 10 k, 50 k and 100 k
customers (1,000 reps) on SQLite in a temp dir.

Prints the time of each run (rules + outbox rows + reminder logs, tier changes or pool events, one transaction) and
each job's 100 k / 10 k ratio, the pool release's last. Goals: 100 k under 10 s, ratio <= 12 (linear). BENCH_QUICK=1
uses 1 k / 5 k / 10 k.
"""
from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select  # noqa: E402

from bot.notifier.runner import run_job  # noqa: E402
from bot.services import build_services  # noqa: E402
from bot.storage.models import (Activity, Base, Customer, FollowUp, Opportunity, Order, PoolEvent,  # noqa: E402
                               Requirement, Team, TierChange, User)

DAY = date(2026, 11, 18)
NOW = datetime(2026, 11, 18, 1, 0, tzinfo=timezone.utc)
REPS, TEAMS = 1000, 20
KINDS = ("visit", "call", "email", "wechat", "meeting")


def _people(conn) -> list[int]:
    conn.execute(insert(Team), [{"id": t, "name": f"团队{t}", "dept_code": "SAL", "created_at": NOW} for t in range(1, TEAMS + 1)])
    users = [{"id": i, "name": f"销售{i}", "role": "manager" if i <= TEAMS else "rep", "team_id": (i - 1) % TEAMS + 1,
              "muted": False, "created_at": NOW} for i in range(1, REPS + TEAMS + 1)]
    conn.execute(insert(User), users)
    return [u["id"] for u in users if u["role"] == "rep"]


def _rows(n: int, reps: list[int], rng: random.Random) -> dict:
    rows = {Customer: [], Activity: [], FollowUp: [], Requirement: [], Opportunity: [], Order: []}
    for cid in range(1, n + 1):
        owner = reps[cid % len(reps)]
        rows[Customer].append({"id": cid, "name": f"客户{cid}", "tier": rng.choice("ABCD"), "owner_id": owner,
                               "aliases": [], "kind": "老", "tier_manual": False, "created_at": NOW - timedelta(days=400)})
        for k in range(4):  # like the demo: done follow-ups, the latest one still open and due within -4..+9 days
            at = NOW - timedelta(days=rng.randint(1, 40) + 45 * (3 - k))
            rows[Activity].append({"customer_id": cid, "user_id": owner, "type": rng.choice(KINDS), "occurred_at": at,
                                   "created_at": at})
        rows[FollowUp].append({"customer_id": cid, "user_id": owner, "due_date": DAY + timedelta(days=rng.randint(-4, 9)),
                               "status": "open", "created_at": NOW})
        if cid % 5 == 0:
            rows[Requirement].append({"customer_id": cid, "user_id": owner, "tags": [], "description": "交期",
                                      "importance": "中", "status": "未跟进", "created_at": NOW - timedelta(hours=rng.randint(1, 100))})
        if cid % 3 == 0:
            rows[Opportunity].append({"code": f"OPP-{cid}", "customer_id": cid, "owner_id": owner, "stage": "proposal",
                                      "expected_close": DAY + timedelta(days=rng.randint(-5, 60)),
                                      "created_at": NOW - timedelta(days=rng.randint(1, 90))})
        if cid % 4 == 0:
            rows[Order].append({"code": f"SO{cid}", "customer_id": cid, "owner_id": owner, "amount": 1000,
                                "demand_type": "标准品", "status": rng.choice(("待处理", "已成交")), "fulfilment": "已交付",
                                "ordered_on": DAY - timedelta(days=20), "delivered_on": DAY - timedelta(days=rng.randint(0, 40)),
                                "created_at": NOW})
    return rows


def _timed_job(n: int, rows, job: str, day: date, now: datetime, counted=None) -> tuple[float, int, int | None]:
    """A fresh database with `rows(n, reps, rng)`, then `job` once: (seconds, outbox rows written, rows of `counted`
    after the run)."""
    with tempfile.TemporaryDirectory() as tmp:
        services = build_services({"BOT_DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "BOT_INSTANCE_PATH": tmp})
        Base.metadata.create_all(services.db.engine)
        with services.db.engine.begin() as conn:
            reps = _people(conn)
            for model, table_rows in rows(n, reps, random.Random(n)).items():
                conn.execute(insert(model), table_rows)
        started = time.perf_counter()
        written = run_job(services, job, day, now)
        elapsed = time.perf_counter() - started
        with services.db.engine.connect() as conn:
            total = conn.execute(select(func.count(counted.id))).scalar_one() if counted is not None else None
        services.db.dispose()
    return elapsed, written, total


def run(n: int) -> float:
    elapsed, written, _ = _timed_job(n, _rows, "daily_digest", DAY, NOW)
    print(f"{n:>7} customers: daily digest {elapsed:6.2f} s, {written} digests written")
    return elapsed


REVIEW_DAY = date(2026, 12, 1)  # the first workday after DAY's data
REVIEW_NOW = datetime(2026, 12, 1, 1, 45, tzinfo=timezone.utc)


def _age_for_review(rows: dict) -> dict:
    """Give the review something to find: a tenth of the customers silent for months, a fifteenth with a budget
    and an urgent need, an eighth whose orders were won long ago (long low-frequency buyers)."""
    for a in rows[Activity]:
        if a["customer_id"] % 10 == 0:
            a["occurred_at"] -= timedelta(days=200)
    for o in rows[Opportunity]:
        if o["customer_id"] % 15 == 0:
            o["expected_amount"] = 300_000
    for r in rows[Requirement]:
        if r["customer_id"] % 15 == 0:
            r["importance"] = "高"
    for o in rows[Order]:
        if o["customer_id"] % 8 == 0:
            o.update(status="已成交", ordered_on=DAY - timedelta(days=500))
    return rows


def run_review(n: int) -> float:
    elapsed, written, moved = _timed_job(n, lambda *a: _age_for_review(_rows(*a)), "monthly_review", REVIEW_DAY,
                                         REVIEW_NOW, TierChange)
    print(f"{n:>7} customers: monthly review {elapsed:6.2f} s, {written} messages written, {moved} tier changes")
    return elapsed


def _pool_rows(n: int, reps: list[int], rng: random.Random) -> dict:
    """Quiet for 0–120 days, a third of those past 50 days already told 10 days ago (so they go today); some kept by a
    deal in 商务谈判 or a won order, others with a deal at 方案提交 that does not keep them."""
    rows = {Customer: [], Opportunity: [], Order: []}
    for cid in range(1, n + 1):
        owner, quiet = reps[cid % len(reps)], rng.randint(0, 120)
        told = NOW - timedelta(days=10) if quiet > 50 and cid % 3 == 0 else None
        rows[Customer].append({"id": cid, "name": f"客户{cid}", "tier": rng.choice("ABCD"), "owner_id": owner,
                               "aliases": [], "kind": "老", "tier_manual": False, "created_at": NOW - timedelta(days=400),
                               "last_contact_at": NOW - timedelta(days=quiet), "pool_notice_at": told})
        if cid % 4 == 0:
            rows[Opportunity].append({"code": f"OPP-{cid}", "customer_id": cid, "owner_id": owner,
                                      "stage": rng.choice(("proposal", "negotiation")), "created_at": NOW})
        if cid % 7 == 0:
            rows[Order].append({"code": f"SO{cid}", "customer_id": cid, "owner_id": owner, "amount": 1000,
                                "demand_type": "标准品", "status": "已成交", "ordered_on": DAY, "created_at": NOW})
    return rows


def run_pool(n: int) -> float:
    elapsed, written, released = _timed_job(n, _pool_rows, "pool_release", DAY, NOW, PoolEvent)
    print(f"{n:>7} customers: pool release {elapsed:6.2f} s, {released} released, {written} messages written")
    return elapsed


def _verdict(job: str, sizes: tuple[int, ...], times: list[float]) -> None:
    print(f"{job} goal: {sizes[-1]:,} customers < 10 s -> {'met' if times[-1] < 10 else 'MISSED'}")
    print(f"{job} ratio {sizes[-1] // 1000}k/{sizes[0] // 1000}k = {times[-1] / times[0]:.1f} (goal <= 12)")


def main() -> None:
    sizes = (1_000, 5_000, 10_000) if os.environ.get("BENCH_QUICK") == "1" else (10_000, 50_000, 100_000)
    digest = [run(n) for n in sizes]
    review = [run_review(n) for n in sizes]
    pool = [run_pool(n) for n in sizes]
    _verdict("daily digest", sizes, digest)
    _verdict("monthly review", sizes, review)
    _verdict("pool release", sizes, pool)


if __name__ == "__main__":
    main()
