"""python -m bot export --period 2026-11 [--team 华东销售部] out.xlsx: the seed templates as sheets."""
from __future__ import annotations

import argparse
from pathlib import Path

from bot.clock import local_today
from bot.reports.period import parse_period
from bot.reports.scope import team_scope
from bot.reports.workbook import export_workbook
from bot.services import Services
from bot.storage.users import team_by_name


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--period", default="本月", help="月份：2026-11、本月、上月（默认本月）")
    parser.add_argument("--team", help="只导出这个团队（团队名）；默认全部")
    parser.add_argument("out", type=Path, help="输出文件 .xlsx")


def run(args: argparse.Namespace, services: Services) -> int:
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
        counts = export_workbook(s, period, owner_ids, args.out, show_progress=None)
    print(f"已导出 {period.label} 到 {args.out}：" + "，".join(f"{k} {v} 行" for k, v in counts.items()))
    return 0
