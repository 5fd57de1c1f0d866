"""The command line, driven through subprocesses as a newcomer would use it, on the suite's database (SQLite or
PostgreSQL): each test starts from the `db` fixture's empty tables."""
import json
import re

import pytest
from sqlalchemy import select

from bot import texts
from bot.storage.models import GroupChat, Team
from helpers import run_bot


@pytest.fixture
def bot(db, tmp_path):
    """`python -m bot ARGS` on the test database."""
    def run(*args, stdin=""):
        return run_bot(list(args), tmp_path, stdin=stdin, database_url=db.url)
    return run


def test_chat_answers_help_customers_and_todo_from_demo_data(bot):
    assert bot("db", "upgrade").returncode == 0
    assert "已加载演示数据" in bot("demo").stdout
    result = bot("chat", "--as", "张伟", stdin="/帮助\n/客户\n/客户 华为\n/待办\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert texts.HELP_HEADER in out and "你的客户（共" in out and "【华为技术有限公司】" in out
    assert re.search(r"待跟进（\d+ 项）：", out)  # the demo always leaves 张伟 follow-ups due


def test_demo_twice_loads_once(bot):
    bot("demo")
    assert "未重复加载" in bot("demo").stdout


def test_user_role_and_team_commands_change_the_user(bot):
    bot("demo")
    bot("chat", "--as", "新销售", stdin="/帮助\n")
    assert bot("user", "team", "新销售", "华东销售部").returncode == 0
    assert bot("user", "role", "新销售", "manager").returncode == 0
    listing = bot("user", "list").stdout
    assert any("新销售" in line and "经理" in line and "华东销售部" in line for line in listing.splitlines())


def test_user_command_for_unknown_name_fails_clearly(bot):
    result = bot("user", "role", "没这个人", "manager")
    assert result.returncode == 1 and "找到 0 个" in result.stdout


def test_group_chat_mode_reaches_dispatch_as_that_group(bot, db):
    bot("demo")
    said = "/客户\n/绑定 华东销售部\n"
    alone = bot("chat", "--as", "赵敏", stdin=said).stdout
    in_group = bot("chat", "--as", "赵敏", "--group", "新建的群", stdin=said).stdout
    assert "团队的客户" in alone and texts.BIND_NOT_GROUP in alone
    assert "请在单聊里查看" in in_group and "团队的客户" not in in_group  # a group gets the count, never names
    assert texts.BIND_DONE.format(team="华东销售部") in in_group
    with db.session() as s:
        bound = s.scalars(select(GroupChat).where(GroupChat.chat_id == "新建的群")).one()
        assert bound.team_id == s.scalars(select(Team.id).where(Team.name == "华东销售部")).one()


def test_parse_reads_customers_from_the_database(bot):
    fresh = bot("parse", "--now", "2026-11-18T10:00", "去了华为")
    assert json.loads(fresh.stdout)["customer"]["match"] is None
    bot("demo")
    known = bot("parse", "--now", "2026-11-18T10:00", "去了华为")
    assert json.loads(known.stdout)["customer"]["match"] == "华为技术有限公司"


def test_parse_on_a_first_install_creates_no_database(tmp_path):
    """Without a database yet (a new SQLite file would be made on first use), parse must not make one."""
    fresh = run_bot(["parse", "--now", "2026-11-18T10:00", "去了华为"], tmp_path)
    assert json.loads(fresh.stdout)["customer"]["match"] is None
    assert not (tmp_path / "instance").exists()
