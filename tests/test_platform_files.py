"""Files and charts on every channel, through the outbox: uploads retried, the user told when one finally fails."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import texts
from bot.clock import utcnow
from bot.notifier.runner import make_deliverer
from bot.storage.bookkeeping import Outbox
from platform_fakes import (aibot_post, aibot_reply, build_platform_app, dingtalk_message, dingtalk_post,  # noqa: F401
                            fake_api, pclient, platform_app, platform_settings, reply_content, text_xml, wait_for,
                            wecom_post)
from platform_fakes_native import aibot_voice, linked  # noqa: F401


def uploads(fake_api, path: str) -> list[dict]:
    return [dict(q, **body) for p, q, body in fake_api.calls if p == path]


def sent_files(fake_api) -> list[dict]:
    return [b for b in fake_api.sent("/cgi-bin/message/send") if b.get("msgtype") == "file"]


def test_wecom_app_export_answers_at_once_and_sends_the_workbook_as_a_file(pclient, linked, fake_api):
    assert "已生成" in reply_content(wecom_post(pclient, text_xml("/导出", msg_id=801)))
    assert wait_for(lambda: sent_files(fake_api))
    [upload] = [u for u in uploads(fake_api, "/cgi-bin/media/upload") if u["type"] == "file"]
    assert upload["names"][0].endswith(".xlsx")
    [file_message] = sent_files(fake_api)
    assert file_message["touser"] == "zhangwei" and file_message["file"] == {"media_id": "MEDIA1"}


def test_dingtalk_export_goes_as_a_sample_file_through_the_robot_openapi(pclient, linked, fake_api):
    dingtalk_post(pclient, dingtalk_message("/导出", webhook=f"{fake_api.base}/robot/sendBySession?s=x"))
    sent = lambda: [b for b in fake_api.sent("/v1.0/robot/oToMessages/batchSend") if b["msgKey"] == "sampleFile"]  # noqa: E731
    assert wait_for(sent)
    param = json.loads(sent()[0]["msgParam"])
    assert param["mediaId"] == "MEDIA1" and param["fileType"] == "xlsx" and param["fileName"].endswith(".xlsx")
    assert uploads(fake_api, "/media/upload")[0]["type"] == "file"


def test_dingtalk_chart_is_uploaded_and_sent_as_an_image(pclient, linked, fake_api):
    dingtalk_post(pclient, dingtalk_message("/漏斗图", webhook=f"{fake_api.base}/robot/sendBySession?s=i"))
    images = lambda: [b for b in fake_api.sent("/v1.0/robot/oToMessages/batchSend") if b["msgKey"] == "sampleImageMsg"]  # noqa: E731
    assert wait_for(images)
    assert json.loads(images()[0]["msgParam"]) == {"photoURL": "MEDIA1"}
    assert "销售漏斗" in fake_api.sent("/robot/sendBySession")[0]["text"]["content"]


def test_aibot_export_says_the_file_comes_through_the_app_and_sends_it(pclient, linked, fake_api):
    reply = aibot_reply(aibot_post(pclient, aibot_voice("/导出")))
    assert reply["stream"]["content"].endswith(texts.FILE_VIA_APP)
    assert wait_for(lambda: sent_files(fake_api))
    assert sent_files(fake_api)[0]["touser"] == "zhangwei"


def test_aibot_chart_travels_inside_the_stream_as_a_base64_image(pclient, linked):
    reply = aibot_reply(aibot_post(pclient, aibot_voice("/漏斗图")))
    [item] = reply["stream"]["msg_item"]
    assert item["msgtype"] == "image" and set(item["image"]) == {"base64", "md5"}


@pytest.fixture
def flaky_app(database_url, db, tmp_path, fake_api, frozen_clock):
    return build_platform_app(platform_settings(database_url, tmp_path, fake_api.base, BOT_OUTBOX_MAX_ATTEMPTS="2"), db)


def test_a_failing_upload_is_retried_and_the_user_told_when_it_finally_fails(flaky_app, linked, fake_api, db):
    fake_api.upload_errors[:] = [500, 500]
    wecom_post(flaky_app.test_client(), text_xml("/导出", msg_id=802))
    key = "reply:wecom:802:file"

    def status() -> tuple[str, int] | None:
        with db.session() as s:
            row = s.execute(select(Outbox.status, Outbox.attempts).where(Outbox.idempotency_key == key)).first()
        return tuple(row) if row else None

    assert wait_for(lambda: status() == ("pending", 1))  # the first attempt failed; the row waits for its retry
    deliverer = make_deliverer(flaky_app.extensions["bot"], flaky_app.extensions["bot_channels"])
    deliverer.deliver_due(utcnow() + timedelta(hours=2))
    assert status() == ("dead", 2)
    deliverer.deliver_due(utcnow() + timedelta(hours=2))
    told = [b["text"]["content"] for b in fake_api.sent("/cgi-bin/message/send") if b.get("msgtype") == "text"]
    assert told == [texts.FILE_FAILED] and sent_files(fake_api) == []
