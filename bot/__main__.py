"""Command line: python -m bot <command> ... ; each command's module is imported only when used."""
from __future__ import annotations

import argparse
import importlib
import sys

SUBCOMMANDS = {
    "db": ("bot.cli.db", "数据库迁移：db upgrade"),
    "user": ("bot.cli.users", "用户角色与团队：user role NAME manager / user team NAME 团队"),
    "demo": ("bot.cli.demo", "加载演示数据（可重复执行）"),
    "chat": ("bot.cli.chat", "终端聊天：chat --as 张伟 [--group 群名]"),
    "serve": ("bot.cli.serve", "启动 HTTP 服务：serve [--port 8000]"),
    "export": ("bot.cli.export", "导出 Excel：export --period 2026-11 [--team 团队] out.xlsx"),
    "import": ("bot.cli.import_", "导入 Excel（客户/机会/订单）：import customers.xlsx [--skip-bad]"),
    "stream": ("bot.cli.stream", "钉钉 Stream 模式（无需公网地址）：stream"),
    "selfcheck": ("bot.cli.selfcheck", "向运行中的服务发一条签名测试消息并打印回复：selfcheck [--platform wecom]"),
    "jobs": ("bot.cli.jobs", "提醒调度：jobs（常驻）/ jobs run daily_digest [--date 2026-11-18] / jobs list"),
    "outbox": ("bot.cli.outbox", "待发消息：outbox [--status dead] [--retry ID] [--deliver]"),
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "parse":
        from bot.cli.parse import run_parse

        return run_parse(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m bot", description="销售跟进机器人")
    sub = parser.add_subparsers(dest="command", required=True, metavar="command")
    sub.add_parser("parse", help="解析一条汇报为 JSON（见 PARSE_SPEC）")
    for name, (module, summary) in SUBCOMMANDS.items():
        importlib.import_module(module).add_arguments(sub.add_parser(name, help=summary))
    args = parser.parse_args(argv)
    from bot.services import build_services, configure_logging

    services = build_services()
    configure_logging(services.settings)
    return importlib.import_module(SUBCOMMANDS[args.command][0]).run(args, services) or 0


if __name__ == "__main__":
    sys.exit(main())
