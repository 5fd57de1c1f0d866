"""DingTalk robot callback (signed) and the WeCom 智能机器人 group callback (encrypted JSON)."""
from __future__ import annotations

import asyncio
import json

from sqlalchemy import select

from bot import texts
from bot.storage.bookkeeping import InboundMessage
from bot.storage.models import User
from platform_fakes import (AIBOT_AES_KEY, AIBOT_TOKEN, aibot_post, aibot_reply, aibot_text,  # noqa: F401
                            dingtalk_message, dingtalk_post, fake_api, pclient, platform_app, wait_for, wecom_get)


def inbound(db) -> list[InboundMessage]:
    with db.session() as s:
        return list(s.scalars(select(InboundMessage)))


def test_dingtalk_single_chat_is_answered_through_the_session_webhook(pclient, fake_api, db):
    webhook = f"{fake_api.base}/robot/sendBySession?session=abc"
    resp = dingtalk_post(pclient, dingtalk_message("/帮助", webhook=webhook, sender="staff9", nick="李娜"))
    assert resp.status_code == 200 and resp.get_json() == {}
    sent = fake_api.sent("/robot/sendBySession")
    assert len(sent) == 1 and texts.HELP_HEADER in sent[0]["text"]["content"]
    with db.session() as s:
        user = s.scalars(select(User)).one()
    assert (user.name, user.dingtalk_staff_id) == ("李娜", "staff9")


def test_dingtalk_group_message_loses_its_mention_and_at_mentions_the_sender(pclient, fake_api, db):
    webhook = f"{fake_api.base}/robot/sendBySession?session=g"
    dingtalk_post(pclient, dingtalk_message("@销售助手 /客户", group=True, webhook=webhook, sender="s1"))
    [row] = inbound(db)
    assert (row.text, row.chat_id) == ("/客户", "cidGROUP==")
    assert fake_api.sent("/robot/sendBySession")[0]["at"] == {"atUserIds": ["s1"], "isAtAll": False}


def test_dingtalk_retry_is_processed_once_and_not_answered_twice(pclient, fake_api, db):
    data = dingtalk_message("/客户", msg_id="dup-1", webhook=f"{fake_api.base}/robot/sendBySession?s=1")
    dingtalk_post(pclient, data)
    dingtalk_post(pclient, data)
    assert len(inbound(db)) == 1
    assert len(fake_api.sent("/robot/sendBySession")) == 1


def test_dingtalk_without_a_usable_session_webhook_answers_through_the_robot_openapi(pclient, fake_api):
    resp = dingtalk_post(pclient, dingtalk_message("/帮助", webhook="https://evil.example/steal", sender="s7"))
    assert resp.get_json() == {} and fake_api.sent("/robot/sendBySession") == []
    [sent] = fake_api.sent("/v1.0/robot/oToMessages/batchSend")
    assert sent["userIds"] == ["s7"] and texts.HELP_HEADER in json.loads(sent["msgParam"])["content"]


def test_dingtalk_answers_in_the_response_only_when_no_channel_takes_the_reply(pclient, fake_api):
    fake_api.dingtalk_refusals[:] = [(403, "Forbidden.AccessDenied")]
    resp = dingtalk_post(pclient, dingtalk_message("/帮助", webhook="https://evil.example/steal"))
    assert texts.HELP_HEADER in resp.get_json()["text"]["content"]


def test_dingtalk_picture_gets_the_hint(pclient):
    data = dingtalk_message("x")
    data.update(msgtype="picture", content={"downloadCode": "c"})
    del data["text"]
    assert dingtalk_post(pclient, data).get_json()["text"]["content"] == texts.TEXT_ONLY


def test_stream_mode_runs_the_same_handler(platform_app, fake_api, db):
    from dingtalk_stream import AckMessage, CallbackMessage

    from bot.cli.stream import AckedHandler, handle_message

    services, channels = platform_app.extensions["bot"], platform_app.extensions["bot_channels"]
    handler = AckedHandler(lambda data, _frame: handle_message(data, services, channels))
    callback = CallbackMessage()
    callback.data = dingtalk_message("/帮助", webhook=f"{fake_api.base}/robot/sendBySession?s=2")
    code, _ = asyncio.run(handler.process(callback))
    assert code == AckMessage.STATUS_OK
    assert wait_for(lambda: fake_api.sent("/robot/sendBySession"))
    assert texts.HELP_HEADER in fake_api.sent("/robot/sendBySession")[0]["text"]["content"]
    assert inbound(db)[0].platform == "dingtalk"


def test_aibot_url_check_uses_an_empty_receive_id(pclient):
    resp = wecom_get(pclient, "echo123", token=AIBOT_TOKEN, path="/wecom/aibot", key=AIBOT_AES_KEY, receive_id="")
    assert resp.status_code == 200 and resp.get_data(as_text=True) == "echo123"


def test_aibot_group_command_gets_a_finished_stream_reply(pclient, db):
    resp = aibot_post(pclient, aibot_text("@销售助手 /帮助", chat_id="wrkG1"))
    reply = aibot_reply(resp)
    assert reply["msgtype"] == "stream" and reply["stream"]["finish"] is True
    assert texts.HELP_HEADER in reply["stream"]["content"]
    [row] = inbound(db)
    assert (row.platform, row.chat_id, row.text) == ("wecom_aibot", "wrkG1", "/帮助")


def test_aibot_enter_chat_event_gets_the_welcome_text(pclient, db):
    event = {"msgid": "e1", "msgtype": "event", "from": {"userid": "u"}, "event": {"eventtype": "enter_chat"}}
    assert aibot_reply(aibot_post(pclient, event)) == {"msgtype": "text", "text": {"content": texts.WELCOME}}
    assert inbound(db) == []
