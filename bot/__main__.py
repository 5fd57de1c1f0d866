"""Command line: python -m bot <command> ... ; each command's module is imported only when used."""
from __future__ import annotations

import argparse
import importlib
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.services import Services

SUBCOMMANDS = {
    "db": ("bot.cli.db", "数据库迁移：db upgrade"),
    "user": ("bot.cli.users", "用户角色与团队：user role NAME manager / user team NAME 团队"),
    "demo": ("bot.cli.demo", "加载演示数据（可重复执行）"),
    "chat": ("bot.cli.chat", "终端聊天：chat --as 张伟 [--group 群名] [--now 2026-12-01T09:00]"),
    "replay": ("bot.cli.replay", "回放一周的聊天（JSON 行）：replay FILE 或 replay -（标准输入）"),
    "serve": ("bot.cli.serve", "启动 HTTP 服务：serve [--port 8000]"),
    "export": ("bot.cli.export", "导出：export --period 2026-11 [--team 团队] out.xlsx / export --format json [--output FILE]"),
    "import": ("bot.cli.import_", "导入模板表格（客户/机会/回访/需求/订单）：import 表格.xlsx [--as 名字] [--skip-bad]"),
    "stream": ("bot.cli.stream", "长连接模式（无需公网地址）：stream [--platform dingtalk|wecom]"),
    "sync-org": ("bot.cli.sync_org", "同步通讯录：部门→团队、负责人→经理、成员→销售：sync-org [--dry-run]"),
    "selfcheck": ("bot.cli.selfcheck", "向运行中的服务发一条签名测试消息并打印回复：selfcheck [--platform wecom]"),
    "jobs": ("bot.cli.jobs", "提醒调度：jobs（常驻）/ jobs run daily_digest [--date 2026-11-18] / jobs list"),
    "backup": ("bot.cli.backup", "备份 SQLite 数据库（运行中也可）：backup [FILE]；PostgreSQL 用 pg_dump"),
    "forget-contact": ("bot.cli.forget", "删除联系人的个人信息（姓名、电话、邮箱，含原始消息）：forget-contact 张经理 --customer 华为"),
    "outbox": ("bot.cli.outbox", "待发消息：outbox [--status dead] [--retry ID] [--deliver]"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="销售跟进机器人")
    sub = parser.add_subparsers(dest="command", required=True, metavar="command")
    sub.add_parser("parse", help="解析一条汇报为 JSON（见 PARSE_SPEC）")
    for name, (module, summary) in SUBCOMMANDS.items():
        importlib.import_module(module).add_arguments(sub.add_parser(name, help=summary))
    return parser


def _parse(argv: list[str]) -> int:
    from bot.cli.parse import run_parse

    return run_parse(argv)


def _run(args: argparse.Namespace, services: Services) -> int:
    return importlib.import_module(SUBCOMMANDS[args.command][0]).run(args, services) or 0


def run_subcommand(argv: list[str], services: Services) -> int:
    """One subcommand on these services (replay runs them in process); bad arguments raise SystemExit(2)."""
    if argv and argv[0] == "parse":
        return _parse(argv[1:])
    return _run(build_parser().parse_args(argv), services)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "parse":
        return _parse(argv[1:])
    args = build_parser().parse_args(argv)
    from bot.services import build_services, configure_logging
    from bot.settings import SettingsError

    try:
        services = build_services()
    except SettingsError as exc:
        from bot import texts

        print(texts.SETTINGS_PROBLEMS.format(problems=exc), file=sys.stderr)
        return 2
    configure_logging(services.settings)
    return _run(args, services)


if __name__ == "__main__":
    sys.exit(main())
