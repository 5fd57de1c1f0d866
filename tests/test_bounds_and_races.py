"""Values longer than their column or amounts past 100 亿 get a clear reply on both databases; new senders never
collide however many of their first messages arrive at once."""
from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from bot import clock, texts
from bot.storage.bookkeeping import InboundMessage
from bot.storage.models import Customer, User
from bot.types import IncomingMessage
from helpers import APOLOGY
from platform_fakes import dingtalk_message, dingtalk_post, fake_api, pclient, platform_app  # noqa: F401


def test_a_customer_name_over_128_characters_is_refused_with_the_limit(chat, db):
    reply = chat.say("/新客户 " + "深" * 130)
    assert reply == texts.FIELD_TOO_LONG.format(label="客户名称", limit=128)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Customer)) == 0


def test_a_report_naming_a_huge_customer_or_amount_gets_a_clear_reply(chat, demo):
    huge = chat.say("今天拜访了华为，报价" + "9" * 30 + "元")
    assert APOLOGY not in huge and "100 亿" in huge
    long_name = chat.say("今天拜访了" + "很" * 140 + "有限公司，聊了方案")
    assert long_name.startswith("没找到「") and long_name.endswith("」，要新建客户吗？(是/否)")


def test_long_platform_fields_are_cut_or_refused_never_an_error(pclient, db):
    nick = dingtalk_post(pclient, dingtalk_message("/帮助", sender="staff-nick", nick="长" * 100))
    assert nick.status_code == 200
    assert dingtalk_post(pclient, dingtalk_message("/帮助", msg_id="m" * 129)).status_code == 400
    assert dingtalk_post(pclient, dingtalk_message("/帮助", sender="s" * 65)).status_code == 400
    with db.session() as s:
        assert s.scalars(select(User.name)).one() == "长" * 64


def test_first_messages_of_new_senders_arriving_together_create_each_user_once(services, frozen_clock):
    senders = [f"new{i}" for i in range(20)]

    def first(sender: str) -> str:
        msg = IncomingMessage(platform="dingtalk", sender_id=sender, sender_name=sender, text="/帮助",
                              message_id=uuid.uuid4().hex, received_at=clock.utcnow())
        return services.dispatch(msg).text

    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(first, [s for s in senders for _ in range(8)]))
    assert not [r for r in replies if APOLOGY in r]
    with services.db.session() as s:
        assert sorted(s.scalars(select(User.dingtalk_staff_id))) == sorted(senders)
        assert s.scalar(select(func.count()).select_from(InboundMessage)) == 160


def test_odd_numbers_and_months_get_help_not_the_apology(chat, demo):
    chat.say("/待办")
    replies = {text: chat.say(text) for text in ("/完成 ²", "/完成 ١", "/改期 ² 明天", "/漏斗 0000-01",
                                                  "/业绩 9999-12", "/漏斗 2026-13", "/趋势 0000-01")}
    assert not {t: r for t, r in replies.items() if APOLOGY in r}
    assert replies["/漏斗 0000-01"] == texts.PERIOD_UNKNOWN.format(word="0000-01")
