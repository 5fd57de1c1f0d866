"""python -m bot sync-org and the daily org_sync job against the fake WeCom and DingTalk directories."""
from __future__ import annotations

import argparse
from datetime import date

import pytest
from sqlalchemy import select

from bot import texts
from bot.cli import sync_org
from bot.notifier.jobs import JOBS
from bot.notifier.runner import run_job
from bot.services import Services
from bot.storage.bookkeeping import Outbox
from bot.storage.models import Customer, Team, User
from platform_fakes import fake_api, platform_settings  # noqa: F401
from tests.helpers import count_rows

WECOM_DEPARTMENTS = [{"id": 1, "name": "总公司", "parentid": 0}, {"id": 2, "name": "华东销售部", "parentid": 1,
                                                                   "department_leader": ["wang"]},
                     {"id": 3, "name": "华南销售部", "parentid": 1}]
WECOM_USERS = {"2": [{"userid": "wang", "name": "王经理", "department": [2], "status": 1, "is_leader_in_dept": [1]},
                     {"userid": "zhou", "name": "周杰", "department": [2], "status": 1, "is_leader_in_dept": [0]}],
               "3": [{"userid": "liu", "name": "刘洋", "department": [3], "status": 1, "is_leader_in_dept": [1]}]}


@pytest.fixture
def org(fake_api, database_url, db, tmp_path, frozen_clock):
    fake_api.answers["/cgi-bin/department/list"] = lambda r: {"errcode": 0, "department": WECOM_DEPARTMENTS}
    fake_api.answers["/cgi-bin/user/list"] = lambda r: {"errcode": 0,
                                                        "userlist": WECOM_USERS.get(r.args["department_id"], [])}
    settings = platform_settings(database_url, tmp_path, fake_api.base, DINGTALK_APP_KEY="", DINGTALK_APP_SECRET="")
    return Services(settings, db)


def run_cli(services, capsys, dry_run: bool = False) -> tuple[int, str]:
    code = sync_org.run(argparse.Namespace(platform=None, dry_run=dry_run), services)
    return code, capsys.readouterr().out


def users(db) -> dict[str, tuple]:
    with db.session() as s:
        return {u.name: (u.role, u.team.name if u.team else None, u.wecom_userid, u.active)
                for u in s.scalars(select(User))}


def test_departments_become_teams_leaders_managers_members_reps(org, db, capsys):
    code, out = run_cli(org, capsys)
    assert code == 0 and texts.ORG_TEAM_NEW.format(team="华东销售部") in out
    assert users(db) == {"王经理": ("manager", "华东销售部", "wang", True), "周杰": ("rep", "华东销售部", "zhou", True),
                         "刘洋": ("manager", "华南销售部", "liu", True)}
    with db.session() as s:
        assert {t.name: t.wecom_dept_id for t in s.scalars(select(Team))} == {"华东销售部": "2", "华南销售部": "3"}
    code, out = run_cli(org, capsys)
    assert texts.ORG_NO_CHANGES in out


def test_dry_run_prints_the_changes_and_saves_nothing(org, db, capsys):
    code, out = run_cli(org, capsys, dry_run=True)
    assert code == 0 and texts.ORG_USER_NEW.format(name="周杰") in out and texts.ORG_DRY_RUN in out
    assert count_rows(db, User) == 0 and count_rows(db, Team) == 0


def test_someone_typed_in_by_name_is_linked_not_duplicated(org, db, capsys):
    with db.session() as s:
        s.add(User(name="周杰", role="rep"))
    run_cli(org, capsys)
    assert count_rows(db, User) == 3 and users(db)["周杰"][2] == "zhou"


def test_who_left_is_deactivated_kept_and_their_customers_listed(org, db, capsys):
    run_cli(org, capsys)
    with db.session() as s:
        zhou = s.scalars(select(User).where(User.name == "周杰")).one()
        s.add_all([Customer(name="宁波港集团", owner_id=zhou.id), Customer(name="杭州湾物流", owner_id=zhou.id)])
    WECOM_USERS["2"][1]["status"] = 5
    try:
        code, out = run_cli(org, capsys)
    finally:
        WECOM_USERS["2"][1]["status"] = 1
    assert "已离职，停用：周杰（名下客户 2 家" in out and "宁波港集团" in out
    assert users(db)["周杰"][3] is False and count_rows(db, Customer) == 2


def test_the_daily_job_tells_the_team_manager_whose_customers_to_reassign(org, db, capsys):
    assert "org_sync" in JOBS
    run_cli(org, capsys)
    with db.session() as s:
        zhou = s.scalars(select(User).where(User.name == "周杰")).one()
        s.add(Customer(name="宁波港集团", owner_id=zhou.id))
    WECOM_USERS["2"].pop(1)
    try:
        assert run_job(org, "org_sync", date(2026, 11, 18)) == 1
    finally:
        WECOM_USERS["2"].append({"userid": "zhou", "name": "周杰", "department": [2], "status": 1})
    with db.session() as s:
        row = s.scalars(select(Outbox)).one()
    assert (row.channel, row.target) == ("wecom_app", "wang") and "宁波港集团" in row.payload["text"]


def test_an_unreachable_directory_changes_nothing(org, fake_api, db, capsys):
    run_cli(org, capsys)
    fake_api.answers["/cgi-bin/user/list"] = lambda r: {"errcode": 48002, "errmsg": "api forbidden"}
    code, out = run_cli(org, capsys)
    assert code == 1 and "什么都没有改" in out
    assert all(active for *_, active in users(db).values())


def test_a_malformed_answer_changes_nothing(org, fake_api, db, capsys):
    fake_api.answers["/cgi-bin/department/list"] = lambda r: {"errcode": 0, "department": [{"id": 9}]}
    code, out = run_cli(org, capsys)
    assert code == 1 and count_rows(db, User) == 0


def test_dingtalk_departments_leaders_and_paged_members(fake_api, database_url, db, tmp_path, frozen_clock, capsys):
    subs = {1: [{"dept_id": 10, "name": "北方大区"}], 10: []}
    fake_api.answers["/topapi/v2/department/listsub"] = lambda r: {"errcode": 0, "result": subs[r.get_json()["dept_id"]]}
    fake_api.answers["/topapi/v2/department/get"] = lambda r: {"errcode": 0,
                                                               "result": {"dept_manager_userid_list": ["m1"]}}
    pages = {0: {"list": [{"userid": "m1", "name": "马总"}], "has_more": True, "next_cursor": 1},
             1: {"list": [{"userid": "r1", "name": "任一"}], "has_more": False}}
    fake_api.answers["/topapi/v2/user/list"] = lambda r: {"errcode": 0, "result": pages[r.get_json()["cursor"]]}
    settings = platform_settings(database_url, tmp_path, fake_api.base, WECOM_SECRET="")
    code, _ = run_cli(Services(settings, db), capsys)
    assert code == 0
    with db.session() as s:
        found = {u.name: (u.role, u.dingtalk_staff_id, u.team.dingtalk_dept_id) for u in s.scalars(select(User))}
    assert found == {"马总": ("manager", "m1", "10"), "任一": ("rep", "r1", "10")}
