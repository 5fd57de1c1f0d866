"""python -m bot export --period 2026-11 [--team 华东销售部] out.xlsx: the seed templates as sheets.
python -m bot export --format json [--output FILE]: every record as one JSON document (docs/replay_export.md)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot import texts
from bot.clock import local_today
from bot.reports.period import parse_period
from bot.reports.scope import team_scope
from bot.reports.workbook import export_workbook
from bot.services import Services
from bot.storage.users import team_by_name


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("xlsx", "json"), default="xlsx",
                        help="xlsx: the report workbook of a period (default); json: every record, one document")
    parser.add_argument("--period", default="本月", help="xlsx：月份 2026-11、本月、上月（默认本月）")
    parser.add_argument("--team", help="xlsx：只导出这个团队（团队名）；默认全部")
    parser.add_argument("--output", type=Path, help="json：写到这个文件（默认打印到标准输出）")
    parser.add_argument("out", type=Path, nargs="?", help="xlsx：输出文件 .xlsx")


def run(args: argparse.Namespace, services: Services) -> int:
    return export_json(args, services) if args.format == "json" else export_xlsx(args, services)


def export_json(args: argparse.Namespace, services: Services) -> int:
    from bot.reports.records_json import records_document

    with services.db.session() as s:
        document = records_document(s, services.settings.timezone)
    text = json.dumps(document, ensure_ascii=False, indent=1)
    if args.output is None:
        sys.stdout.write(text + "\n")
        return 0
    args.output.write_text(text + "\n", encoding="utf-8")
    print(texts.EXPORT_JSON_DONE.format(path=args.output, customers=len(document["customers"]),
                                        users=len(document["users"])))
    return 0


def export_xlsx(args: argparse.Namespace, services: Services) -> int:
    out = args.out or args.output
    if out is None:
        print(texts.EXPORT_XLSX_NO_FILE)
        return 2
    tz = services.settings.timezone
    period = parse_period(args.period, local_today(tz), tz, allow_quarter=False)
    if period is None:
        print(f"看不懂期间「{args.period}」，请写 2026-11、本月 或 上月。")
        return 2
    with services.db.session() as s:
        owner_ids = None
        if args.team:
            team = team_by_name(s, args.team)
            if team is None:
                print(f"没有团队「{args.team}」。")
                return 2
            owner_ids = team_scope(s, team.id).owner_ids
        counts = export_workbook(s, period, owner_ids, out, show_progress=None)
    print(f"已导出 {period.label} 到 {out}：" + "，".join(f"{k} {v} 行" for k, v in counts.items()))
    return 0
