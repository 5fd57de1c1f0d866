"""A rep's week through chat: lead from a fair, visit, proposal, negotiation, win; corrections and a duplicate caught."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.storage.models import Activity, FollowUp, Customer, Opportunity, Order, Report, Requirement, StageChange
from tests.reports_fakes import install_fake_parser

LEAD = "展会上认识一个新客户，苏州远航智能，做机器人的，对试用版感兴趣，3天后电话回访"
VISIT = "今天拜访了远航智能刘总，要定制化的控制接口，预算60万，下周三再跟进"
PROPOSAL = "远航智能方案已经提交了，周五电话沟通"
TALKS = "远航智能进入商务谈判阶段，对方要求再给些折扣，下周一给答复"
WON = "远航智能签了！合同金额58万，下月初排产"
DUP_LEAD = "转介绍了一个新客户，远航智能，周五联系"


@pytest.fixture
def fake(monkeypatch):
    parser = install_fake_parser(monkeypatch)
    parser.teach(LEAD, intent="new_lead", customer="苏州远航智能", source="展会", tags=["试用"],
                 activity_type="call", next_date="2026-11-21", next_action="电话回访")
    parser.teach(VISIT, customer="远航智能", match="苏州远航智能", activity_type="visit",
                 contacts=[{"name": "刘", "title": "总"}], amounts=[{"kind": "budget", "value": 600000, "value_max": None}],
                 tags=["定制化", "集成对接"], next_date="2026-11-25", next_action="再跟进")
    parser.teach(PROPOSAL, intent="stage_change", stage="proposal", customer="远航智能", match="苏州远航智能",
                 activity_type="call", next_date="2026-11-27")
    parser.teach(TALKS, intent="stage_change", stage="negotiation", customer="远航智能", match="苏州远航智能",
                 tags=["价格"], next_date="2026-11-30", next_action="给答复")
    parser.teach(WON, intent="won", stage="won", customer="远航智能", match="苏州远航智能",
                 amounts=[{"kind": "contract", "value": 580000, "value_max": None}], next_date="2026-12-01")
    parser.teach(DUP_LEAD, intent="new_lead", customer="远航智能", source="转介绍", next_date="2026-11-20")
    return parser


def one(s, model, *where):
    return s.scalars(select(model).where(*where)).one()


def test_week_of_a_rep_from_fair_lead_to_won_order_and_tier(demo, chat, fake, frozen_clock):
    reply = chat.say(LEAD)
    assert reply.startswith("已记录：苏州远航智能") and "新客户，商机 202611-SAL-" in reply
    assert "11月21日(周六)" in reply and reply.endswith("发 /撤销 可撤回") and len(reply.splitlines()) <= 6

    frozen_clock.advance(days=1)
    reply = chat.say(VISIT)
    assert "定制化、集成对接" in reply and "预算 60万" in reply and "11月25日(周三)" in reply
    assert "已更正" in chat.say("改成80万")
    reply = chat.say("不是周三是周四")
    assert "预算 80万" in reply and "11月26日(周四)" in reply

    frozen_clock.advance(days=1)
    assert "初步接洽 → 方案提交" in chat.say(PROPOSAL)
    frozen_clock.advance(days=3)
    assert "方案提交 → 商务谈判" in chat.say(TALKS)
    frozen_clock.advance(days=1)
    reply = chat.say(WON)
    assert re.search(r"商务谈判 → 合同签订，订单 SO202611\d{3}", reply) and "合同 58万" in reply

    with demo.db.session() as s:
        customer = one(s, Customer, Customer.name == "苏州远航智能")
        assert (customer.tier, customer.source, customer.kind) == ("C", "展会", "老")
        assert customer.annual_purchase == Decimal("580000") and customer.cooperating_since.isoformat() == "2026-11-24"
        assert [c.name for c in customer.contacts] == ["刘"]
        opp = one(s, Opportunity, Opportunity.customer_id == customer.id)
        assert (opp.stage, opp.contract_amount, opp.expected_amount, opp.value_band) == (
            "won", Decimal("580000"), Decimal("800000"), "50-100万")
        stages = s.scalars(select(StageChange.to_stage).where(StageChange.opportunity_id == opp.id)
                           .order_by(StageChange.id)).all()
        assert stages == ["proposal", "negotiation", "won"]
        order = one(s, Order, Order.customer_id == customer.id)
        assert (order.amount, order.opportunity_id) == (Decimal("580000"), opp.id) and order.code in reply
        open_follow_ups = s.scalars(select(FollowUp).where(FollowUp.customer_id == customer.id,
                                                           FollowUp.status == "open")).all()
        # each promise stays open until a contact on or after its day (REPORT_SEMANTICS §1); only 11-21 was reached
        assert [f.due_date.isoformat() for f in open_follow_ups] == ["2026-11-26", "2026-11-27", "2026-11-30",
                                                                     "2026-12-01"]
        requirement = one(s, Requirement, Requirement.tags.is_not(None), Requirement.customer_id == customer.id,
                          Requirement.importance == "高")
        assert requirement.status == "未跟进" and requirement.amount == Decimal("800000")

    reply = chat.say(DUP_LEAD)
    assert reply == "已有相似客户：苏州远航智能，是同一家吗？(是/否)"
    assert chat.say("是").startswith("已记录：苏州远航智能（其他）")
    with demo.db.session() as s:
        assert s.scalars(select(Customer).where(Customer.name.like("%远航%"))).all()[0].name == "苏州远航智能"
        assert len(s.scalars(select(Customer).where(Customer.name.like("%远航%"))).all()) == 1


def test_visit_report_shows_in_customer_card_and_todo(demo, chat, fake, frozen_clock):
    text = fake.teach("今天拜访了华为张经理，明天再跟进", customer="华为", match="华为技术有限公司", activity_type="visit",
                      contacts=[{"name": "张", "title": "经理"}], next_date="2026-11-19", next_action="再跟进")
    chat.say(text)
    assert "张经理" in chat.say("/客户 华为")
    frozen_clock.advance(days=1)
    todo = chat.say("/待办").splitlines()
    assert any("华为技术有限公司" in line and "再跟进" in line for line in todo)


def test_a_report_is_filed_once_with_one_activity_and_one_follow_up(demo, chat):
    text = VISIT.replace("远航智能", "华为")  # the real parser this time
    reply = chat.say(text)
    assert reply.startswith("已记录：华为技术有限公司")
    with demo.db.session() as s:
        report = one(s, Report, Report.text == text)
        assert one(s, Activity, Activity.report_id == report.id).type == "visit"
        follow_up = one(s, FollowUp, FollowUp.report_id == report.id)
        assert (follow_up.due_date.isoformat(), follow_up.status) == ("2026-11-25", "open")
        requirement = one(s, Requirement, Requirement.report_id == report.id)
        assert (requirement.tags, requirement.amount) == (["定制化", "集成对接"], Decimal("600000"))
