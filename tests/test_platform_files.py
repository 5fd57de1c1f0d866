"""Files and charts on every channel, through the outbox: uploads retried, the user told when one finally fails."""
from __future__ import annotations

import base64
import json
import uuid
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


def queued(db, key: str) -> Outbox | None:
    with db.session() as s:
        return s.scalars(select(Outbox).where(Outbox.idempotency_key == key)).first()


def test_wecom_app_export_answers_at_once_and_sends_the_workbook_as_a_file(pclient, linked, fake_api, db):
    assert "正在生成" in reply_content(wecom_post(pclient, text_xml("/导出", msg_id=801)))
    row = queued(db, "reply:wecom:801:file")
    assert row.payload["render"]["kind"] == "workbook" and "file" not in row.payload  # what to make, not the file
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


def test_wecom_app_chart_is_drawn_by_the_deliverer_and_sent_as_an_image(pclient, linked, fake_api, db):
    assert texts.CHART_COMING in reply_content(wecom_post(pclient, text_xml("/漏斗图", msg_id=803)))
    row = queued(db, "reply:wecom:803:image")
    assert row.payload["render"]["kind"] == "funnel_chart" and "image_png_b64" not in row.payload
    images = lambda: [b for b in fake_api.sent("/cgi-bin/message/send") if b.get("msgtype") == "image"]  # noqa: E731
    assert wait_for(images) and images()[0]["touser"] == "zhangwei"
    assert [u["type"] for u in uploads(fake_api, "/cgi-bin/media/upload")] == ["image"]


def refresh(stream_id: str) -> dict:
    return {"msgid": uuid.uuid4().hex, "aibotid": "AIBOTID", "chattype": "single", "from": {"userid": "zhangwei"},
            "msgtype": "stream", "stream": {"id": stream_id}}


def test_aibot_chart_finishes_the_open_stream_once_drawn(platform_app, linked, db, monkeypatch):
    """The answer leaves the stream open; WeCom's refreshes get the same text until the deliverer has drawn the
    chart, then the finished stream with the image in msg_item, once."""
    from bot.handlers import attachments

    monkeypatch.setattr(attachments, "in_background", lambda fn: None)  # the first attempt waits for the test
    client = platform_app.test_client()
    first = aibot_reply(aibot_post(client, aibot_voice("/漏斗图", msg_id="chart-1")))["stream"]
    assert first["finish"] is False and texts.CHART_COMING in first["content"] and "msg_item" not in first
    again = aibot_reply(aibot_post(client, refresh(first["id"])))["stream"]
    assert again == {"id": first["id"], "finish": False, "content": first["content"]}
    row = queued(db, "reply:wecom_aibot:chart-1:image")
    assert (row.channel, row.target) == ("wecom_aibot_stream", first["id"])
    deliverer = make_deliverer(platform_app.extensions["bot"], platform_app.extensions["bot_channels"])
    assert deliverer.deliver_due().sent == 1
    done = aibot_reply(aibot_post(client, refresh(first["id"])))["stream"]
    assert done["finish"] is True and done["content"] == first["content"]
    [item] = done["msg_item"]
    assert item["msgtype"] == "image" and base64.b64decode(item["image"]["base64"]).startswith(b"\x89PNG")
    assert aibot_post(client, refresh(first["id"])).data == b""  # finished streams are forgotten


def test_a_refresh_for_a_stream_we_never_opened_is_answered_empty(pclient):
    assert aibot_post(pclient, refresh("0" * 32)).data == b""
    assert aibot_post(pclient, refresh("../../etc/passwd")).data == b""


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


def test_a_chart_that_cannot_be_drawn_ends_its_open_stream_with_the_failure(flaky_app, linked, db, monkeypatch):
    """Rendering is retried like a send; when the attempts are used up the stream is finished with what it showed
    and the failure line, so the user is not left watching an open bubble."""
    from bot.handlers import attachments
    from bot.notifier import deferred

    monkeypatch.setattr(attachments, "in_background", lambda fn: None)

    def broken(*_args, **_kwargs):
        raise RuntimeError("matplotlib is gone")

    monkeypatch.setattr(deferred, "render", broken)
    client = flaky_app.test_client()
    first = aibot_reply(aibot_post(client, aibot_voice("/趋势", msg_id="chart-broken")))["stream"]
    assert first["finish"] is False
    deliverer = make_deliverer(flaky_app.extensions["bot"], flaky_app.extensions["bot_channels"])
    for hours in (2, 4, 6):  # two failed attempts (BOT_OUTBOX_MAX_ATTEMPTS=2), then the notice
        deliverer.deliver_due(utcnow() + timedelta(hours=hours))
    assert queued(db, "reply:wecom_aibot:chart-broken:image").status == "dead"
    done = aibot_reply(aibot_post(client, refresh(first["id"])))["stream"]
    assert done["finish"] is True and "msg_item" not in done
    assert done["content"] == f"{first['content']}\n{texts.CHART_FAILED}"
