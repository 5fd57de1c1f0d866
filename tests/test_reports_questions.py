"""Asking, never guessing: close matches, unknown customers, duplicates, expiry; undo; permissions; commands."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from bot.storage.bookkeeping import Outbox, PendingQuestion
from bot.storage.models import Activity, FollowUp, Customer, Opportunity, Order, Report, StageChange
from tests.reports_fakes import install_fake_parser
from tests.helpers import count_rows

HUAWEI = "华为技术有限公司"
GREE = "格力电器股份有限公司"


@pytest.fixture
def fake(monkeypatch):
    parser = install_fake_parser(monkeypatch)
    return parser



def test_close_match_is_asked_and_the_number_files_the_report(demo, chat, fake):
    text = fake.teach("拜访了华威，下周三再跟进", customer="华威", match=HUAWEI, score=70, activity_type="visit",
                      next_date="2026-11-25")
    reply = chat.say(text)
    assert reply.startswith(f"你说的是哪家？1) {HUAWEI}")
    assert chat.say("1").startswith(f"已记录：{HUAWEI}（拜访）")
    assert count_rows(demo.db, PendingQuestion) == 0


def test_unknown_customer_is_created_after_yes_and_dropped_after_no(demo, chat, fake):
    text = fake.teach("拜访了北京星河数据，预算20万", customer="北京星河数据", activity_type="visit",
                      amounts=[{"kind": "budget", "value": 200000, "value_max": None}])
    assert chat.say(text) == "没找到「北京星河数据」，要新建客户吗？(是/否)"
    assert chat.say("否") == "好的，这条没有记录。需要时重新发一次。"
    assert count_rows(demo.db, Customer, Customer.name == "北京星河数据") == 0
    chat.say(text)
    assert "新客户，商机 202611-SAL-" in chat.say("是")
    assert count_rows(demo.db, Customer, Customer.name == "北京星河数据", Customer.tier == "D") == 1


def test_pending_question_expires_after_ten_minutes(demo, chat, fake, frozen_clock):
    text = fake.teach("拜访了北京星河数据", customer="北京星河数据", activity_type="visit")
    chat.say(text)
    frozen_clock.advance(minutes=11)
    assert chat.say("是") == "刚才的问题已过期（10 分钟内没回复），请把报告重新发一次。"
    assert count_rows(demo.db, Customer, Customer.name == "北京星河数据") == 0


def test_pending_question_belongs_to_its_sender(demo, chat, fake):
    chat.say(fake.teach("拜访了北京星河数据", customer="北京星河数据", activity_type="visit"))
    assert "新客户" not in chat.as_("李娜").say("是")
    assert count_rows(demo.db, PendingQuestion) == 1


@pytest.mark.parametrize("intent, fields", [
    ("log_activity", {"activity_type": "visit", "tags": ["价格"], "contacts": [{"name": "周", "title": "总"}]}),
    ("stage_change", {"stage": "negotiation", "amounts": [{"kind": "quote", "value": 300000, "value_max": None}]}),
    ("won", {"stage": "won", "amounts": [{"kind": "contract", "value": 900000, "value_max": None}]}),
    ("lost", {"stage": "lost", "lost_reason": "竞品"}),
])
def test_undo_restores_everything_a_report_changed(demo, chat, fake, intent, fields):
    def snapshot():
        with demo.db.session() as s:
            c = s.scalars(select(Customer).where(Customer.name == GREE)).one()
            opps = [(o.stage, o.quote_amount, o.contract_amount, o.closed_at, o.lost_reason)
                    for o in s.scalars(select(Opportunity).where(Opportunity.customer_id == c.id).order_by(Opportunity.id))]
            open_acts = s.scalar(select(func.count()).select_from(FollowUp).where(
                FollowUp.customer_id == c.id, FollowUp.status == "open"))
            return (c.tier, c.annual_purchase, c.last_contact_at, [(p.name, p.title) for p in c.contacts], opps,
                    open_acts, s.scalar(select(func.count()).select_from(Order)),
                    s.scalar(select(func.count()).select_from(StageChange)))

    before = snapshot()
    chat.say(fake.teach("格力的报告", intent=intent, customer="格力", match=GREE, **fields))
    assert snapshot() != before
    assert chat.say("/撤销").startswith(f"已撤销 {GREE} 的报告")
    assert snapshot() == before
    assert chat.say("/撤销") == "24 小时内没有可撤销的报告。"


def test_undo_of_a_new_lead_removes_the_customer(demo, chat, fake):
    chat.say(fake.teach("新线索：北京星河数据", intent="new_lead", customer="北京星河数据", source="线上"))
    chat.say("/撤销")
    assert count_rows(demo.db, Customer, Customer.name == "北京星河数据") == 0


def test_undo_window_is_24_hours(demo, chat, fake, frozen_clock):
    chat.say(fake.teach("拜访了格力", customer="格力", match=GREE, activity_type="visit"))
    frozen_clock.advance(hours=25)
    assert chat.say("/撤销") == "24 小时内没有可撤销的报告。"


def test_report_on_teammates_customer_is_filed_and_flagged_to_owner(demo, chat, fake):
    li_na_customer = "比亚迪股份有限公司"  # the demo gives 李娜 the second customer
    text = fake.teach("拜访了比亚迪李工", customer="比亚迪", activity_type="visit")
    reply = chat.say(text)
    assert reply.startswith(f"已记录：{li_na_customer}（拜访），已通知负责人李娜")
    with demo.db.session() as s:
        report = s.scalars(select(Report)).one()
        row = s.scalars(select(Outbox)).one()
        assert (row.target, row.idempotency_key) == ("李娜", f"teammate-report:{report.id}")


def test_customer_of_another_team_is_neither_named_nor_reported_on(demo, chat, fake):
    other_team = "宁德时代新能源科技股份有限公司"  # 刘洋's, in 华南销售部: 张伟 may not learn it exists
    reply = chat.say(fake.teach("新客户宁德时代", intent="new_lead", customer="宁德时代"))
    assert other_team not in reply and "刘洋" not in reply and reply.startswith("已记录：宁德时代（其他），新客户")
    with demo.db.session() as s:
        theirs = s.scalars(select(Customer).where(Customer.name == other_team)).one()
        assert count_rows(demo.db, Report, Report.customer_id == theirs.id) == 0


def test_same_message_id_is_processed_once(demo, chat, fake):
    text = fake.teach("拜访了格力", customer="格力", match=GREE, activity_type="visit")
    activities_before = count_rows(demo.db, Activity)
    first = chat.send(text, message_id="m-1")
    again = chat.send(text, message_id="m-1")
    assert again.duplicate and again.text == first.text
    assert count_rows(demo.db, Report) == 1 and count_rows(demo.db, Activity) == activities_before + 1


def test_customer_correction_refiles_against_the_other_customer(demo, chat, fake):
    chat.say(fake.teach("拜访了格力", customer="格力", match=GREE, activity_type="visit"))
    assert chat.say("客户是华为").startswith(f"已更正：{HUAWEI}（拜访）")
    with demo.db.session() as s:
        live = s.scalars(select(Report).where(Report.undone_at.is_(None))).one()
        assert s.get(Customer, live.customer_id).name == HUAWEI


def test_correction_needs_a_recent_report(demo, chat, fake, frozen_clock):
    chat.say(fake.teach("拜访了格力", customer="格力", match=GREE, activity_type="visit"))
    frozen_clock.advance(minutes=30)
    assert chat.say("改成8万") == "没有可修改的报告：只能改 10 分钟内你最近的一条。"


def test_query_answers_stage_and_todays_follow_ups(demo, chat, fake):
    chat.say("/阶段 格力 商务谈判")
    stage = chat.say(fake.teach("格力现在什么阶段", intent="query", customer="格力", match=GREE))
    assert stage.startswith(f"{GREE}：") and "商务谈判" in stage
    assert chat.say(fake.teach("我今天要跟进谁", intent="query")) == chat.say("/待办")


def test_unknown_text_gets_a_hint(demo, chat, fake):
    assert "今天拜访了华为张经理" in chat.say("谢谢")


@pytest.mark.parametrize("command, usage", [
    ("/阶段 华为", "用法：/阶段 客户 阶段"), ("/阶段 华为 发呆", "没有「发呆」这个阶段"),
    ("/赢单 华为 很多", "用法：/赢单 客户 金额"), ("/输单", "用法：/输单 客户 原因"),
    ("/新客户", "用法：/新客户 名称"), ("/合并 华为", "只有经理可以合并客户"), ("/改 颜色 红", "用法：/改 字段 值"),
])
def test_commands_with_wrong_arguments_show_the_right_form(demo, chat, command, usage):
    assert usage in chat.say(command)


def test_deal_commands_move_stage_win_and_lose(demo, chat):
    assert "→ 方案提交" in chat.say("/阶段 格力 方案提交")
    assert "合同签订，订单 SO" in chat.say("/赢单 格力 120万")
    with demo.db.session() as s:
        assert s.scalars(select(Order).where(Order.amount == Decimal("1200000"))).one()
    reply = chat.say("/输单 华为 竞品")  # the demo's 华为 has one open deal, at 初步接洽
    assert "阶段：初步接洽 → 已流失，原因：竞品" in reply
    with demo.db.session() as s:
        lost = s.scalars(select(Opportunity).join(Customer).where(Customer.name == HUAWEI)).one()
        assert (lost.stage, lost.lost_reason) == ("lost", "竞品")


def test_new_customer_command_catches_a_duplicate(demo, chat):
    assert chat.say("/新客户 宁波舜宇光学") == "已有相似客户：宁波舜宇光学有限公司，是同一家吗？(是/否)"
    assert chat.say("是") == "「宁波舜宇光学有限公司」已经是客户了，发 /客户 宁波舜宇光学有限公司 查看。"
    # another team's customer is not offered as a duplicate: its name is theirs to know
    assert chat.say("/新客户 苏州恒立精密").startswith("已新建客户「苏州恒立精密」")
    assert chat.say("/新客户 北京星河数据 软件 线上").startswith("已新建客户「北京星河数据」")
    assert count_rows(demo.db, Customer, Customer.name == "北京星河数据", Customer.source == "线上") == 1


def test_manager_merges_two_customers(demo, chat):
    manager = chat.as_("赵敏")
    assert manager.say("/新客户 华为终端") == f"已有相似客户：{HUAWEI}，是同一家吗？(是/否)"
    assert manager.say("否") == "已新建客户「华为终端」（D类）。直接发一句话记录拜访。发 /撤销 可撤回"
    assert "已新建客户「北京星河数据」" in manager.say("/新客户 北京星河数据")
    assert manager.say("/合并 华为 北京星河数据").startswith("已把「北京星河数据」并入「华为技术有限公司」")
    with demo.db.session() as s:
        huawei = s.scalars(select(Customer).where(Customer.name == HUAWEI)).one()
        assert "北京星河数据" in huawei.aliases and count_rows(demo.db, Customer, Customer.name == "北京星河数据") == 0


def test_requirements_list_by_importance(demo, chat, fake):
    chat.say(fake.teach("格力急需补货", customer="格力", match=GREE, tags=["紧急补货"], urgency="high"))
    lines = chat.say("/需求 格力").splitlines()
    assert lines[0].startswith("未解决的需求") and lines[1].startswith("1. [高] 格力电器股份有限公司")
