"""python -m bot db upgrade | revision -m MESSAGE"""
from __future__ import annotations

import argparse

from bot import texts
from bot.services import Services
from bot.settings import ROOT
from bot.storage import migrate


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="db_command", required=True)
    sub.add_parser("upgrade", help="apply all migrations")
    rev = sub.add_parser("revision", help="a new migration with what models.py adds (next number after the head)")
    rev.add_argument("-m", "--message", required=True)


def run(args: argparse.Namespace, services: Services) -> int:
    if args.db_command == "upgrade":
        before, after = migrate.upgrade(services.settings.database_url)
        message = texts.DB_CREATED if before is None else texts.DB_CURRENT if before == after else texts.DB_UPGRADED
        print(message.format(before=before, after=after, url=services.db.engine.url.render_as_string(hide_password=True)))
    else:
        print(texts.DB_REVISION.format(path=migrate.new_revision(args.message).relative_to(ROOT)))
    return 0
