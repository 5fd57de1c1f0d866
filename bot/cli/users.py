"""python -m bot user role NAME rep|manager|admin ; python -m bot user team NAME 团队名 [--code DEPT] ; user list"""
from __future__ import annotations

import argparse

from sqlalchemy import select

from bot import texts
from bot.services import Services
from bot.storage.models import User
from bot.storage.users import find_by_name, get_or_create_team


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="user_command", required=True)
    role = sub.add_parser("role", help="set a user's role")
    role.add_argument("name")
    role.add_argument("role", choices=sorted(texts.ROLES))
    team = sub.add_parser("team", help="put a user in a team (created if new)")
    team.add_argument("name")
    team.add_argument("team")
    team.add_argument("--code", default=None, help="department code for opportunity codes (default BOT_DEPT_CODE)")
    sub.add_parser("list", help="list users")


def _one_user(session, name: str) -> User | None:
    users = find_by_name(session, name)
    if len(users) != 1:
        print(f"找到 {len(users)} 个名为「{name}」的用户，需要正好一个。用 `python -m bot user list` 查看。")
        return None
    return users[0]


def run(args: argparse.Namespace, services: Services) -> int:
    with services.db.session() as s:
        if args.user_command == "list":
            for u in s.scalars(select(User).order_by(User.id)):
                print(f"{u.id}\t{u.name}\t{texts.ROLES[u.role]}\t{u.team.name if u.team else '-'}")
            return 0
        user = _one_user(s, args.name)
        if user is None:
            return 1
        if args.user_command == "role":
            user.role = args.role
            print(f"{user.name} 现在是{texts.ROLES[args.role]}。")
        else:
            code = args.code or services.settings.get("BOT_DEPT_CODE")
            user.team = get_or_create_team(s, args.team, code)
            print(f"{user.name} 已加入 {args.team}。")
    return 0
