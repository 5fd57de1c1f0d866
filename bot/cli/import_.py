"""python -m bot import FILE.xlsx [--as NAME] [--skip-bad] [--allow-owner-change] [--allow-similar]: the template
sheets (客户, 机会, 回访, 需求, 订单) and a 目标 sheet, every row checked (values, references, the importer's scope) before anything is
written, in one transaction. docs/spreadsheets.md is the user's guide."""
from __future__ import annotations

import argparse
import zipfile
from pathlib import Path

from openpyxl.utils.exceptions import InvalidFileException
from sqlalchemy import select

from bot import clock, texts
from bot.cli.progress import Progress
from bot.sales.import_apply import apply
from bot.sales.import_specs import KINDS
from bot.sales.importing import ImportOptions, Outcome, read_workbook
from bot.sales.target_import import NAME as TARGETS, apply_targets, read_targets
from bot.services import Services
from bot.storage.models import User

# what a damaged, disguised or hostile file makes openpyxl raise (a zip that is not one, XML with entities, a
# missing part, a truncated stream): all of them mean "not a workbook we can read"
UNREADABLE = (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, IndexError, OSError,
              EOFError, SyntaxError, zipfile.LargeZipFile)

MAX_PROBLEMS_SHOWN = 50
LABELS = {**{kind.name: kind.label for kind in KINDS}, TARGETS: "目标"}


class ImportRefused(Exception):
    """The command line cannot run as given (an unknown --as, the owner flag without an admin); str is the text."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="模板表格 .xlsx（按表名或表头识别：客户、机会、回访、需求、订单）")
    parser.add_argument("--skip-bad", action="store_true", help="跳过有问题的行，导入其余的行")
    parser.add_argument("--as", dest="importer", help="以谁的身份导入（只能导入他能看到的客户）")
    parser.add_argument("--allow-owner-change", action="store_true",
                        help="允许改负责人、改其他团队的记录（须 --as 管理员）")
    parser.add_argument("--allow-similar", action="store_true", help="名称与已有客户相近时也新建客户")


def import_file(services: Services, path: Path, skip_bad: bool, show_progress: bool | None = None,
                importer: str | None = None, allow_owner_change: bool = False, allow_similar: bool = False) -> Outcome:
    """Check every row, then write them all — or, with problems, nothing unless `skip_bad` (then the good rows)."""
    out = Outcome()
    tz = services.settings.timezone
    opts = ImportOptions(tz, clock.local_now(tz), allow_owner_change, allow_similar)
    with services.db.session() as s:
        user = s.scalars(select(User).where(User.name == importer).order_by(User.id)).first() if importer else None
        if importer and user is None:
            raise ImportRefused(texts.IMPORT_UNKNOWN_IMPORTER.format(name=importer))
        if allow_owner_change and (user is None or user.role != "admin"):
            raise ImportRefused(texts.IMPORT_FLAG_NEEDS_ADMIN)
        checking = Progress("校验", show_progress)
        try:
            parsed = read_workbook(s, path, opts, out, checking, user)
        finally:
            checking.close()
        targets = read_targets(s, path, tz, clock.local_today(tz), out, user)
        if out.problems and not skip_bad:
            s.rollback()
            return out
        writing = Progress("导入", show_progress)
        writing.start(sum(len(p.rows) for p in parsed))
        try:
            apply(s, parsed, {name: uid for uid, name in s.execute(select(User.id, User.name).order_by(User.id.desc()))},
                  out, writing)
        finally:
            writing.close()
        apply_targets(s, targets, out, user)
    return out


def report(out: Outcome, skip_bad: bool) -> list[str]:
    """The import report: counts per sheet, the notes, one line per problem, and what happened."""
    lines = [texts.IMPORT_SUMMARY.format(what=LABELS[kind], **vars(counts)) for kind, counts in out.counts.items()]
    lines += out.notes
    lines += [str(p) for p in out.problems[:MAX_PROBLEMS_SHOWN]]
    if len(out.problems) > MAX_PROBLEMS_SHOWN:
        lines.append(texts.IMPORT_MORE_PROBLEMS.format(n=len(out.problems) - MAX_PROBLEMS_SHOWN))
    if out.problems:
        lines.append((texts.IMPORT_SKIPPED if skip_bad else texts.IMPORT_NOTHING_WRITTEN).format(n=len(out.problems)))
    return lines


def run(args: argparse.Namespace, services: Services) -> int:
    if not args.file.is_file():
        print(texts.IMPORT_NOT_FOUND.format(path=args.file))
        return 2
    try:
        out = import_file(services, args.file, args.skip_bad, importer=args.importer,
                          allow_owner_change=getattr(args, "allow_owner_change", False),
                          allow_similar=getattr(args, "allow_similar", False))
    except ImportRefused as exc:
        print(exc)
        return 2
    except UNREADABLE as exc:
        print(texts.IMPORT_UNREADABLE.format(name=args.file.name, error=type(exc).__name__))
        return 2
    if not out.counts:
        print(texts.IMPORT_NO_SHEET)
        return 1
    for line in report(out, args.skip_bad):
        print(line)
    return 1 if out.problems and not args.skip_bad else 0
