"""The command line, driven through subprocesses as a newcomer would use it."""
from helpers import run_bot


def test_chat_answers_help_customers_and_todo_from_demo_data(tmp_path):
    assert run_bot(["db", "upgrade"], tmp_path).returncode == 0
    assert "已加载演示数据" in run_bot(["demo"], tmp_path).stdout
    result = run_bot(["chat", "--as", "张伟"], tmp_path, stdin="/帮助\n/客户\n/客户 华为\n/待办\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "可用命令" in out and "你的客户（共" in out and "【华为技术有限公司】" in out
    assert "待跟进" in out or "今天没有要跟进" in out


def test_demo_twice_loads_once(tmp_path):
    run_bot(["demo"], tmp_path)
    assert "未重复加载" in run_bot(["demo"], tmp_path).stdout


def test_user_role_and_team_commands_change_the_user(tmp_path):
    run_bot(["demo"], tmp_path)
    run_bot(["chat", "--as", "新销售"], tmp_path, stdin="/帮助\n")
    assert run_bot(["user", "team", "新销售", "华东销售部"], tmp_path).returncode == 0
    assert run_bot(["user", "role", "新销售", "manager"], tmp_path).returncode == 0
    listing = run_bot(["user", "list"], tmp_path).stdout
    assert any("新销售" in line and "经理" in line and "华东销售部" in line for line in listing.splitlines())


def test_user_command_for_unknown_name_fails_clearly(tmp_path):
    run_bot(["db", "upgrade"], tmp_path)
    result = run_bot(["user", "role", "没这个人", "manager"], tmp_path)
    assert result.returncode == 1 and "找到 0 个" in result.stdout


def test_group_chat_mode_reaches_dispatch_as_group(tmp_path):
    run_bot(["demo"], tmp_path)
    result = run_bot(["chat", "--as", "赵敏", "--group", "华东销售群"], tmp_path, stdin="/客户\n")
    assert "请在单聊里查看" in result.stdout  # a group gets the count, never customer names


def test_parse_reads_customers_from_the_database_and_never_creates_one(tmp_path):
    import json

    fresh = run_bot(["parse", "--now", "2026-11-18T10:00", "去了华为"], tmp_path)
    assert json.loads(fresh.stdout)["customer"]["match"] is None
    assert not (tmp_path / "instance").exists()
    run_bot(["demo"], tmp_path)
    known = run_bot(["parse", "--now", "2026-11-18T10:00", "去了华为"], tmp_path)
    assert json.loads(known.stdout)["customer"]["match"] == "华为技术有限公司"
