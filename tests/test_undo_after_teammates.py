"""Undo and corrections after a teammate reported on what the report created: no foreign key reaches the user,
the teammate's records stay, and the undo says what it kept and why (both databases)."""
from __future__ import annotations

from sqlalchemy import select

from bot.storage.models import Activity, Customer, Opportunity
from helpers import APOLOGY

FIRST = "今天拜访了新客户杭州星河科技，王总说预算10万，下周三再跟进"
TEAMMATE = "今天拜访了杭州星河科技，报价9万"


def test_undo_keeps_what_a_teammate_built_on_and_says_so(chat, demo):
    chat.say(FIRST)
    chat.as_("李娜").say(TEAMMATE)
    reply = chat.say("/撤销")
    assert APOLOGY not in reply and reply.startswith("已撤销 杭州星河科技")
    assert "没撤掉的：" in reply and "新建的商机" in reply and "同事" in reply
    with demo.db.session() as s:
        customer = s.scalars(select(Customer).where(Customer.name == "杭州星河科技")).one()
        theirs = s.scalars(select(Activity).where(Activity.customer_id == customer.id)).all()
        assert [a.user.name for a in theirs if a.undone_at is None] == ["李娜"]
        opportunity = s.scalars(select(Opportunity).where(Opportunity.customer_id == customer.id)).one()
        assert opportunity.quote_amount == 90000


def test_correcting_after_a_teammate_reported_changes_only_the_amount(chat, demo):
    chat.say(FIRST)
    chat.as_("李娜").say(TEAMMATE)
    reply = chat.say("改成8万")
    assert APOLOGY not in reply and "10万 → 8万" in reply
    moved = chat.say("客户是华为")
    assert APOLOGY not in moved and moved.startswith("已更正：华为技术有限公司")
    with demo.db.session() as s:
        customer = s.scalars(select(Customer).where(Customer.name == "杭州星河科技")).one()
        assert [a.user.name for a in s.scalars(select(Activity).where(Activity.customer_id == customer.id))] == ["李娜"]
