"""python -m bot import FILE.xlsx [--skip-bad]: customers, opportunities or orders, validated before anything is written."""
from __future__ import annotations

import argparse
from pathlib import Path

from tqdm import tqdm

from bot.reports.import_apply import apply
from bot.reports.importing import Outcome, read_workbook
from bot.services import Services

MAX_ERRORS_SHOWN = 50
NAMES = {"customers": "客户", "opportunities": "机会", "orders": "订单"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="customers.xlsx / opportunities.xlsx / orders.xlsx（按表头识别）")
    parser.add_argument("--skip-bad", action="store_true", help="跳过有错的行，导入其余的行")


def import_file(services: Services, path: Path, skip_bad: bool, show_progress: bool | None = None) -> Outcome:
    out = Outcome()
    with services.db.session() as s:
        parsed = read_workbook(s, path, services.settings.timezone, out, show_progress)
        if out.errors and not skip_bad:
            s.rollback()
            return out
        total = sum(len(p.rows) for p in parsed)
        with tqdm(total=total, desc="导入", unit="行", disable=not show_progress if show_progress is not None else None) as bar:
            apply(s, parsed, out, bar)
    return out


def run(args: argparse.Namespace, services: Services) -> int:
    if not args.file.is_file():
        print(f"找不到文件 {args.file}")
        return 2
    out = import_file(services, args.file, args.skip_bad)
    for error in out.errors[:MAX_ERRORS_SHOWN]:
        print(error)
    if len(out.errors) > MAX_ERRORS_SHOWN:
        print(f"……还有 {len(out.errors) - MAX_ERRORS_SHOWN} 处错误")
    if out.errors and not args.skip_bad:
        print(f"发现 {len(out.errors)} 处错误，什么都没有导入。改好后再导入，或加 --skip-bad 跳过有错的行。")
        return 1
    if not (out.created or out.updated or out.unchanged):
        print("没有认出要导入的表：第一列表头应为 客户名称、机会编号 或 订单编号。")
        return 1
    for kind in out.created:
        print(f"{NAMES[kind]}：新增 {out.created[kind]}，更新 {out.updated[kind]}，未变 {out.unchanged[kind]}")
    return 0
