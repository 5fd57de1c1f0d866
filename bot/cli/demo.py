"""python -m bot demo [--if-empty]: load the demo teams, reps, customers and six months of history."""
from __future__ import annotations

import argparse

from sqlalchemy import func, select

from bot.clock import local_today
from bot.demo import load_demo
from bot.services import Services
from bot.storage import migrate
from bot.storage.models import Customer


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--if-empty", action="store_true", help="only when the database has no customers yet")


def run(args: argparse.Namespace, services: Services) -> int:
    migrate.upgrade(services.settings.database_url)
    with services.db.session() as s:
        if args.if_empty and s.scalar(select(func.count(Customer.id))):
            print("数据库里已有客户，跳过演示数据。")
            return 0
        loaded = load_demo(s, local_today(services.settings.timezone), services.settings.timezone)
    if loaded is None:
        print("演示数据已加载过，未重复加载。")
    else:
        print(f"已加载演示数据：{loaded['customers']} 家客户，{loaded['reps']} 名销售。试试：python -m bot chat --as 张伟")
    return 0
