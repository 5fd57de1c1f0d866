"""Import of a 10,000-row customer sheet into the demo database (SQLite), through `python -m bot import`'s own
function with its progress display (a bar on a terminal, plain lines otherwise, on stderr).

Three runs of the same file, one measurement each:
  create     every row a new customer (names unlike the demo's, so the duplicate check passes them)
  unchanged  the same file again: every row read, compared and left alone
  update     the file with every row's 所属行业 changed
Each row fills the columns seed 001 uses (联系人信息 split into a contact, 客户等级 as `B级客户`, amounts as `5万`).
Prints the time of each run and the ratio unchanged / create; the last line is the create run's rows per second.
Full: 10,000 rows; BENCH_QUICK=1: 1,000.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from openpyxl import Workbook  # noqa: E402

from bot import clock  # noqa: E402
from bot.cli.import_ import import_file  # noqa: E402
from bot.demo import load_demo  # noqa: E402
from bot.services import Services  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from bot.storage import migrate  # noqa: E402
from bot.storage.db import Database  # noqa: E402

QUICK = os.environ.get("BENCH_QUICK") == "1"
ROWS = 1_000 if QUICK else 10_000
TZ = "Asia/Shanghai"
REPS = ("张伟", "李娜", "王强", "刘洋", "陈静", "杨帆")
HEADERS = ["客户名称", "所属行业", "地区", "跟进人", "客户等级", "联系人信息(姓名/职位/电话/邮箱)", "年采购额", "合作起始",
           "最后跟进时间"]


def sheet(path: Path, industry: str) -> Path:
    book = Workbook(write_only=True)
    ws = book.create_sheet("客户信息管理表")
    ws.append(HEADERS)
    for i in range(ROWS):
        ws.append([f"测{i:05d}号{'甲乙丙丁'[i % 4]}企业", industry, "杭州", REPS[i % len(REPS)], "BCD"[i % 3] + "级客户",
                   f"王{i % 97}/采购经理/139{i:08d}/buyer{i}@example.cn", f"{(i % 50) + 1}万", "2024-03-15",
                   "2026-11-10 10:30"])
    book.save(path)
    return path


def timed(services: Services, path: Path, label: str) -> float:
    start = time.perf_counter()
    out = import_file(services, path, skip_bad=False)
    seconds = time.perf_counter() - start
    counts = out.counts["customers"]
    assert not out.problems, out.problems[:3]
    print(f"{label:<10} {ROWS} 行 {seconds:6.2f} s  新增 {counts.created} 更新 {counts.updated} 未变 {counts.unchanged}")
    return seconds


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        migrate.upgrade(url)
        settings = load_settings({"BOT_DATABASE_URL": url, "BOT_INSTANCE_PATH": tmp, "BOT_LOG_LEVEL": "WARNING"}, env={})
        services = Services(settings, Database(url))
        with services.db.session() as s:
            load_demo(s, clock.local_today(TZ), TZ)
        first = sheet(Path(tmp) / "customers.xlsx", "软件")
        create = timed(services, first, "create")
        unchanged = timed(services, first, "unchanged")
        timed(services, sheet(Path(tmp) / "changed.xlsx", "硬件"), "update")
        services.db.dispose()
    print(f"unchanged / create: {unchanged / create:.2f}")
    print(f"create: {ROWS / create:.0f} rows/s")


if __name__ == "__main__":
    main()
