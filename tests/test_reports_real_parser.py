"""Reports through the real parser (bot.nlp), as a rep types them in the terminal chat."""
import re

from sqlalchemy import select

from bot import texts
from bot.storage.bookkeeping import Outbox
from bot.storage.models import Activity, FollowUp, Customer, Opportunity, Order, Requirement


def test_one_line_visit_is_filed_and_shows_in_customer_card_and_todo(chat, demo, frozen_clock):
    reply = chat.say("今天拜访了华为张经理，他们要定制化的ERP接口，预算50万，下周三再跟进")
    lines = reply.splitlines()
    assert lines[0] == "已记录：华为技术有限公司（拜访）" and lines[-1] == "发 /撤销 可撤回"
    assert "定制化、集成对接" in reply and re.search(r"预算 (\S+ → )?50万", reply) and "11月25日(周三)" in reply
    assert len(lines) <= 6
    assert "张经理" in chat.say("/客户 华为")
    frozen_clock.advance(days=7)
    assert "华为技术有限公司" in chat.say("/待办")


def test_report_stores_activity_requirement_and_budget(chat, demo):
    chat.say("今天拜访了华为张经理，他们要定制化的ERP接口，预算50万，下周三再跟进")
    with demo.db.session() as s:
        huawei = s.scalars(select(Customer).where(Customer.name == "华为技术有限公司")).one()
        activity = s.scalars(select(Activity).where(Activity.customer_id == huawei.id)
                             .order_by(Activity.id.desc())).first()
        requirement = s.scalars(select(Requirement).where(Requirement.activity_id == activity.id)).one()
        follow_up = s.scalars(select(FollowUp).where(FollowUp.activity_id == activity.id)).one()
        opportunity = s.scalars(select(Opportunity).where(Opportunity.customer_id == huawei.id)).first()
    assert (activity.type, str(follow_up.due_date)) == ("visit", "2026-11-25")
    assert requirement.tags == ["定制化", "集成对接"] and requirement.status == "未跟进"
    assert int(opportunity.expected_amount) == 500000 and opportunity.value_band == "50-100万"


def test_homophone_typo_finds_the_customer(chat, demo):
    assert chat.say("今天去了华伟，聊了交期，周五再约").startswith("已记录：华为技术有限公司")


def test_report_on_teammates_customer_is_filed_and_owner_is_told(chat, demo):
    reply = chat.say("给比亚迪采购部李工打了电话，他们急需补货200件标准品，明天发报价")
    assert reply.startswith("已记录：比亚迪股份有限公司（电话），已通知负责人李娜")
    with demo.db.session() as s:
        assert s.scalars(select(Outbox.target).where(Outbox.idempotency_key.like("teammate-report:%"))).one() == "李娜"


def test_rep_cannot_query_a_teammates_customer(chat, demo):
    assert chat.say("比亚迪现在什么阶段？") == texts.QUERY_HINT  # as if unknown: nothing about it shows


def test_won_report_creates_order_and_undo_removes_it(chat, demo):
    reply = chat.say("华为签了！合同金额120万，下月初排产")
    assert "合同签订" in reply
    with demo.db.session() as s:
        orders = list(s.scalars(select(Order).where(Order.amount == 1200000)))
    assert len(orders) == 1 and orders[0].code.startswith("SO202611")
    assert "已撤销" in chat.say("/撤销")
    with demo.db.session() as s:
        assert not list(s.scalars(select(Order).where(Order.amount == 1200000)))


def test_new_lead_from_a_fair_creates_customer_and_opportunity(chat, demo):
    reply = chat.say("展会上认识一个新客户，杭州星河科技，做跨境电商的，对试用版感兴趣，3天后电话回访")
    assert "杭州星河科技" in reply and "新客户" in reply and "202611-SAL-" in reply
    with demo.db.session() as s:
        customer = s.scalars(select(Customer).where(Customer.name == "杭州星河科技")).one()
    assert (customer.tier, customer.source) == ("D", "展会")


def test_greeting_gets_the_hint(chat, demo):
    assert chat.say("你好") == texts.GREETING
