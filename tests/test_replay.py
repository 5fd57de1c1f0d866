"""python -m bot replay: one output line per input line, the clock at each line's time, pushes captured, bad lines refused."""
from __future__ import annotations

import io
import json
from datetime import datetime

import pytest
from sqlalchemy import select

from bot import clock
from bot.__main__ import run_subcommand
from bot.cli.replay import replay
from bot.services import Services
from bot.storage.bookkeeping import InboundMessage, Outbox
from bot.storage.models import Customer, User
from helpers import count_rows
from platform_fakes import fake_api, platform_settings  # noqa: F401

WORLD = [
    {"at": "2026-11-23T08:50", "as": "孙磊", "text": "/帮助"},
    {"at": "2026-11-23T08:55", "run": ["user", "team", "孙磊", "华北销售部"]},
    {"at": "2026-11-23T09:05", "as": "孙磊", "text": "/新客户 恒岳重工机械股份有限公司 工程机械 展会"},
    {"at": "2026-11-23T10:40", "as": "孙磊", "text": "上午给恒岳王部长打了电话，周四再约他细聊"},
]


def run_replay(services: Services, lines: list, capsys) -> tuple[int, list[dict], str]:
    """Replay `lines` (objects, or raw strings for malformed ones); (rc, output objects, stderr)."""
    out = io.StringIO()
    raw = [line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines]
    rc = replay([f"{line}\n" for line in raw], services, out)
    return rc, [json.loads(line) for line in out.getvalue().splitlines()], capsys.readouterr().err


def test_each_line_comes_back_with_one_key_and_the_clock_at_its_time(services, capsys, frozen_clock):
    rc, outs, _ = run_replay(services, [*WORLD, {"comment": "nothing happens"}], capsys)
    assert rc == 0 and len(outs) == len(WORLD) + 1
    for given, got in zip([*WORLD, {"comment": "nothing happens"}], outs):
        assert {k: got[k] for k in given} == given
    assert "可用命令" in outs[0]["reply"] and outs[1] == {**WORLD[1], "output": "孙磊 已加入 华北销售部。\n", "rc": 0}
    assert "恒岳重工机械股份有限公司" in outs[2]["reply"] and set(outs[4]) == {"comment"}
    with services.db.session() as s:
        created = s.scalars(select(Customer.created_at)).one()
        sender = s.scalars(select(User)).one()
        assert (sender.name, sender.team.name) == ("孙磊", "华北销售部")
    assert created == clock.to_utc(datetime(2026, 11, 23, 9, 5), "Asia/Shanghai")
    assert clock.utcnow() == frozen_clock.now  # the caller's clock is back


def test_group_lines_are_group_messages_and_group_pushes_name_the_group(services, capsys):
    bind = {"at": "2026-11-23T11:00", "as": "孙磊", "group": "华北销售群", "text": "/绑定 华北销售部"}
    rc, outs, _ = run_replay(services, [*WORLD, {"at": "2026-11-23T11:00", "run": ["user", "role", "孙磊", "manager"]},
                                        {k: v for k, v in bind.items() if k != "group"}, bind,
                                        {"at": "2026-12-01T09:30", "job": "monthly_summary"}], capsys)
    assert rc == 0
    assert "请在要绑定的群里" in outs[-3]["reply"] and "已把本群绑定到「华北销售部」" in outs[-2]["reply"]  # refused in a single chat, done in the group
    assert [p["to"] for p in outs[-1]["pushes"]] == ["华北销售群"] and "11" in outs[-1]["pushes"][0]["text"]
    with services.db.session() as s:
        assert s.scalars(select(InboundMessage.chat_id).order_by(InboundMessage.id.desc())).first() == "华北销售群"


def test_run_lines_report_what_the_command_printed_and_its_exit_code(services, capsys):
    rc, outs, _ = run_replay(services, [
        {"at": "2026-11-23T08:00", "run": ["user", "role", "没这个人", "manager"]},
        {"at": "2026-11-23T08:00", "run": ["user", "role", "没这个人", "boss"]},
        {"at": "2026-11-23T08:00", "run": ["jobs", "list"]},
    ], capsys)
    assert rc == 0
    assert outs[0]["rc"] == 1 and "找到 0 个" in outs[0]["output"]
    assert outs[1]["rc"] == 2 and "invalid choice" in outs[1]["output"]
    assert outs[2]["rc"] == 0 and "daily_digest\t09:00" in outs[2]["output"]


def test_a_job_line_captures_its_pushes_and_never_reaches_a_configured_platform(database_url, db, tmp_path, fake_api,
                                                                                capsys):
    services = Services(platform_settings(database_url, tmp_path, fake_api.base), db)
    with db.session() as s:
        s.add(User(name="孙磊", wecom_userid="sunlei"))  # pushes to him would go through the WeCom app
    rc, outs, _ = run_replay(services, [*WORLD, {"at": "2026-11-26T09:00", "job": "daily_digest"},
                                        {"at": "2026-11-26T09:00", "run": ["jobs", "run", "daily_digest"]}], capsys)
    assert rc == 0
    pushes = outs[-2]["pushes"]
    assert [p["to"] for p in pushes] == ["孙磊"] and "恒岳" in pushes[0]["text"]
    assert "新写入 0 条" in outs[-1]["output"]  # the job already ran for that day
    assert fake_api.calls == []
    with db.session() as s:
        assert set(s.scalars(select(Outbox.status))) == {"sent"}


def test_a_job_on_a_day_it_does_not_send_pushes_nothing(services, capsys):
    rc, outs, _ = run_replay(services, [*WORLD, {"at": "2026-11-28T09:00", "job": "daily_digest"}], capsys)
    assert rc == 0 and outs[-1]["pushes"] == []


def test_an_export_line_carries_the_records_at_that_point(services, capsys):
    rc, outs, _ = run_replay(services, [WORLD[0], {"export": True}, *WORLD[1:], {"export": True}], capsys)
    assert rc == 0
    assert outs[1]["export"]["customers"] == [] and [u["name"] for u in outs[1]["export"]["users"]] == ["孙磊"]
    assert [c["name"] for c in outs[-1]["export"]["customers"]] == ["恒岳重工机械股份有限公司"]


GOOD = {"at": "2026-11-23T12:00", "as": "孙磊", "text": "/新客户 坤泰吊装设备有限公司"}


@pytest.mark.parametrize("bad, problem", [
    ('{"at": "2026-11-23T12:00", "as": "孙磊", "text": "/新客户 坤泰', "不是 JSON"),
    ('["at", "2026-11-23T12:00"]', "JSON 对象"),
    ({"as": "孙磊", "text": "/新客户 坤泰吊装设备有限公司"}, '缺少 "at"'),
    ({"at": "2026-11-23T12:00", "text": "/新客户 坤泰吊装设备有限公司"}, '缺少 "as"'),
    ({"at": "下午三点", "as": "孙磊", "text": "/新客户 坤泰吊装设备有限公司"}, "看不懂"),
    ({"at": "2026-11-23T10:00", "as": "孙磊", "text": "/新客户 坤泰吊装设备有限公司"}, "时间倒退"),
    ({"at": "2026-11-23T12:00", "job": "weekly_digest"}, "没有这个任务"),
    ({"at": "2026-11-23T12:00", "run": "user list"}, '"run"'),
    ({"at": "2026-11-23T12:00", "run": ["chat", "--as", "孙磊"]}, "不能运行"),
    ({"at": "2026-11-23T12:00", "hello": "孙磊"}, "哪种行"),
])
def test_a_malformed_line_stops_the_replay_naming_it_with_nothing_of_it_stored(services, capsys, bad, problem):
    rc, outs, err = run_replay(services, [*WORLD, "", bad, GOOD], capsys)
    assert rc == 2 and len(outs) == len(WORLD)
    assert "第 6 行" in err and problem in err
    assert count_rows(services.db, Customer) == 1  # the earlier lines stay, the bad one and everything after do not
    with services.db.session() as s:
        assert s.scalars(select(InboundMessage.text).order_by(InboundMessage.id.desc())).first() == WORLD[-1]["text"]


def test_a_missing_file_is_exit_2_and_stdin_is_read_as_utf8(services, capsys, monkeypatch, tmp_path):
    assert run_subcommand(["replay", str(tmp_path / "nope.jsonl")], services) == 2
    assert "打不开" in capsys.readouterr().err
    line = json.dumps(WORLD[0], ensure_ascii=False) + "\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(line.encode("utf-8")), encoding="latin-1"))
    assert run_subcommand(["replay", "-"], services) == 0
    assert json.loads(capsys.readouterr().out)["as"] == "孙磊"


def test_chat_now_stops_the_clock_at_that_local_time_for_the_session(services, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("/新客户 恒岳重工机械股份有限公司\n/新客户 坤泰吊装设备有限公司\n"))
    assert run_subcommand(["chat", "--as", "孙磊", "--now", "2026-12-01T09:00"], services) == 0
    assert "机器人的时间停在 2026-12-01 09:00" in capsys.readouterr().out
    with services.db.session() as s:
        assert set(s.scalars(select(Customer.created_at))) == {clock.to_utc(datetime(2026, 12, 1, 9, 0), "Asia/Shanghai")}
    assert clock.utcnow() > clock.to_utc(datetime(2026, 12, 1, 9, 0), "Asia/Shanghai")
