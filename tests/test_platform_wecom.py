"""WeCom self-built app callback: URL check, encrypted text in and out, events, retries, slow replies."""
from __future__ import annotations

import time

from sqlalchemy import select

from bot import texts
from bot.handlers import wecom
from bot.storage.bookkeeping import InboundMessage
from bot.storage.models import User
from platform_fakes import (event_xml, fake_api, image_xml, pclient, platform_app, reply_content, text_xml,  # noqa: F401
                            wait_for, wecom_get, wecom_post)
from tests.helpers import count_rows


def test_url_check_answers_the_decrypted_echostr_exactly(pclient):
    resp = wecom_get(pclient, "1616140317555161061")
    assert resp.status_code == 200
    assert resp.get_data(as_text=True) == "1616140317555161061"


def test_text_message_is_dispatched_and_answered_with_an_encrypted_reply(pclient, db):
    resp = wecom_post(pclient, text_xml("/帮助", sender="zhangwei"))
    assert resp.status_code == 200
    assert texts.HELP_HEADER in reply_content(resp)
    with db.session() as s:
        row = s.scalars(select(InboundMessage)).one()
        user = s.scalars(select(User)).one()
    assert (row.platform, row.message_id, row.text) == ("wecom", "1234567890123456", "/帮助")
    assert user.wecom_userid == "zhangwei"


def test_retried_message_gets_the_same_reply_and_is_stored_once(pclient, db):
    first = reply_content(wecom_post(pclient, text_xml("/客户", msg_id=77)))
    second = reply_content(wecom_post(pclient, text_xml("/客户", msg_id=77)))
    assert first == second
    assert count_rows(db, InboundMessage) == 1


def test_entering_the_app_gets_the_welcome_and_stores_nothing(pclient, db):
    resp = wecom_post(pclient, event_xml("enter_agent"))
    assert reply_content(resp) == texts.WELCOME
    assert count_rows(db, InboundMessage) == 0 and count_rows(db, User) == 0


def test_other_events_get_an_empty_answer(pclient):
    resp = wecom_post(pclient, event_xml("unsubscribe"))
    assert resp.status_code == 200 and resp.get_data() == b""


def test_an_image_gets_the_text_only_hint(pclient, db):
    assert reply_content(wecom_post(pclient, image_xml())) == texts.TEXT_ONLY
    assert count_rows(db, InboundMessage) == 0


def test_slow_reply_answers_empty_then_pushes_through_the_app(pclient, platform_app, fake_api, monkeypatch):
    services = platform_app.extensions["bot"]
    real = services.dispatch

    def slow(msg):
        time.sleep(0.3)
        return real(msg)

    monkeypatch.setattr(services, "dispatch", slow)
    monkeypatch.setattr(wecom, "REPLY_TIMEOUT_S", 0.05)
    resp = wecom_post(pclient, text_xml("/帮助", sender="lina"))
    assert resp.status_code == 200 and resp.get_data() == b""
    assert wait_for(lambda: fake_api.sent("/cgi-bin/message/send"))
    sent = fake_api.sent("/cgi-bin/message/send")[0]
    assert sent["touser"] == "lina" and sent["agentid"] == 1000002
    assert texts.HELP_HEADER in sent["text"]["content"]
