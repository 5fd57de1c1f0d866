"""python -m bot sync-org [--platform wecom|dingtalk] [--dry-run]: read the platform's departments and members and
make teams, managers and reps of them (the daily job org_sync does the same). Prints every change."""
from __future__ import annotations

import argparse

from bot import texts
from bot.clock import utcnow
from bot.notifier.channels import SendError
from bot.notifier.org_directory import configured_fetchers
from bot.services import Services
from bot.storage.org_sync import sync_org

PLATFORM_NAMES = {"wecom": "企业微信", "dingtalk": "钉钉"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--platform", choices=sorted(PLATFORM_NAMES), default=None, help="只同步这个平台（默认：已配置的全部）")
    parser.add_argument("--dry-run", action="store_true", help="只打印会做的变化，不保存")


def run(args: argparse.Namespace, services: Services) -> int:
    fetchers = configured_fetchers(services.settings)
    if args.platform:
        fetchers = {k: v for k, v in fetchers.items() if k == args.platform}
    if not fetchers:
        print(texts.ORG_NOT_CONFIGURED)
        return 2
    failed = False
    for platform, fetch in fetchers.items():
        name = PLATFORM_NAMES[platform]
        try:
            directory = fetch()
        except SendError as exc:
            print(texts.ORG_UNREACHABLE.format(platform=name, error=exc))
            failed = True
            continue
        with services.db.session() as session:
            report = sync_org(session, directory, utcnow(), services.settings.get("BOT_DEPT_CODE"))
            if args.dry_run:
                session.rollback()
        for line in report.lines or [texts.ORG_NO_CHANGES]:
            print(line)
        print(texts.ORG_SUMMARY.format(platform=name, mode=texts.ORG_DRY_RUN if args.dry_run else "",
                                       n=len(report.lines)))
    return 1 if failed else 0
