"""python -m bot import FILE.xlsx [--as NAME] [--skip-bad]: customers, opportunities, orders or targets, validated
(values, references, the importer's scope) before anything is written."""
from __future__ import annotations

import argparse
import zipfile
from pathlib import Path

from openpyxl.utils.exceptions import InvalidFileException
from sqlalchemy import select
from tqdm import tqdm

from bot.clock import local_today
from bot.sales.import_apply import apply
from bot.sales.importing import Outcome, read_workbook
from bot.sales.target_import import apply_targets, read_targets
from bot.services import Services
from bot.storage.models import User

# what a damaged, disguised or hostile file makes openpyxl raise (a zip that is not one, XML with entities, a
# missing part, a truncated stream): all of them mean "not a workbook we can read"
UNREADABLE = (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, IndexError, OSError,
              EOFError, SyntaxError, zipfile.LargeZipFile)

MAX_ERRORS_SHOWN = 50
NAMES = {"customers": "客户", "opportunities": "机会", "orders": "订单", "targets": "目标"}


class UnknownImporter(Exception):
    """--as names nobody in the system."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="customers.xlsx / opportunities.xlsx / orders.xlsx（按表头识别）")
    parser.add_argument("--skip-bad", action="store_true", help="跳过有错的行，导入其余的行")
    parser.add_argument("--as", dest="importer", help="以谁的身份导入（只能导入他能看到的客户）；管理员可跨团队转移")


def import_file(services: Services, path: Path, skip_bad: bool, show_progress: bool | None = None,
                importer: str | None = None) -> Outcome:
    out = Outcome()
    with services.db.session() as s:
        user = s.scalars(select(User).where(User.name == importer).order_by(User.id)).first() if importer else None
        if importer and user is None:
            raise UnknownImporter(importer)
        tz = services.settings.timezone
        parsed = read_workbook(s, path, tz, out, show_progress, user)
        targets = read_targets(s, path, tz, local_today(tz), out, user)
        if out.errors and not skip_bad:
            s.rollback()
            return out
        total = sum(len(p.rows) for p in parsed)
        with tqdm(total=total, desc="导入", unit="行", disable=not show_progress if show_progress is not None else None) as bar:
            apply(s, parsed, out, bar)
        apply_targets(s, targets, out, user)
    return out


def run(args: argparse.Namespace, services: Services) -> int:
    if not args.file.is_file():
        print(f"找不到文件 {args.file}")
        return 2
    try:
        out = import_file(services, args.file, args.skip_bad, importer=args.importer)
    except UnknownImporter:
        print(f"没有这个用户「{args.importer}」：--as 后面写系统里的名字。")
        return 2
    except UNREADABLE as exc:
        print(f"读不了 {args.file.name}（{type(exc).__name__}）：它不是能读的 .xlsx。请用 Excel 打开后另存为 .xlsx 再导入。")
        return 2
    for error in out.errors[:MAX_ERRORS_SHOWN]:
        print(error)
    if len(out.errors) > MAX_ERRORS_SHOWN:
        print(f"……还有 {len(out.errors) - MAX_ERRORS_SHOWN} 处错误")
    if out.errors and not args.skip_bad:
        print(f"发现 {len(out.errors)} 处错误，什么都没有导入。改好后再导入，或加 --skip-bad 跳过有错的行。")
        return 1
    if not (out.created or out.updated or out.unchanged):
        print("没有认出要导入的表：第一列表头应为 客户名称、机会编号 或 订单编号，目标表要有 周期、负责人或团队、指标、目标值。")
        return 1
    for kind in out.created:
        print(f"{NAMES[kind]}：新增 {out.created[kind]}，更新 {out.updated[kind]}，未变 {out.unchanged[kind]}")
    return 0
