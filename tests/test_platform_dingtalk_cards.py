"""DingTalk buttons on the wire: a card instance from the admin's template, delivered with Stream callbacks, its click
dispatched like the typed command and the card rewritten; without a template the reply is text."""
from __future__ import annotations

import json

from sqlalchemy import select

from bot import texts
from bot.storage.bookkeeping import Card
from bot.storage.models import Report
from platform_fakes import (DT_CARD_TEMPLATE, DT_ROBOT_CODE, dingtalk_message, dingtalk_post,  # noqa: F401
                            fake_api, pclient, platform_app)
from platform_fakes_native import linked  # noqa: F401

REPORT = "今天拜访了华为张经理，下周三再跟进"
DELIVER = "/v1.0/card/instances/createAndDeliver"
UPDATE = "/v1.0/card/instances"


def reports(db) -> list[Report]:
    with db.session() as s:
        return list(s.scalars(select(Report).order_by(Report.id)))


def updates(fake_api) -> list[dict]:
    """The card rewrites: PUT on /v1.0/card/instances (the path alone would also match a create)."""
    calls = zip(fake_api.calls, fake_api.methods)
    return [body for (path, _, body), method in calls if path == UPDATE and method == "PUT"]


def private_texts(fake_api) -> list[str]:
    return [json.loads(b["msgParam"])["content"] for b in fake_api.sent("/v1.0/robot/oToMessages/batchSend")]


def click(out_track_id: str, user: str, action: str = "a0", params: dict | None = None) -> dict:
    """The callback as the dingtalk-stream SDK's CardCallbackMessage reads it: content is a JSON string."""
    return {"outTrackId": out_track_id, "corpId": "ding123", "type": "actionCallback", "userId": user,
            "content": json.dumps({"cardPrivateData": {"actionIds": [action], "params": params or {}}})}


def test_voice_report_is_delivered_as_a_stream_callback_card_instance(pclient, linked, fake_api, db):
    data = dingtalk_message("", webhook=f"{fake_api.base}/robot/sendBySession?s=v")
    data.update(msgtype="audio", content={"recognition": REPORT, "duration": 4000, "downloadCode": "dc"})
    del data["text"]
    dingtalk_post(pclient, data)
    [sent] = fake_api.sent(DELIVER)
    assert (sent["cardTemplateId"], sent["callbackType"], sent["userIdType"]) == (DT_CARD_TEMPLATE, "STREAM", 1)
    assert sent["openSpaceId"] == "dtv1.card//IM_ROBOT.staff001"
    assert sent["imRobotOpenDeliverModel"] == {"spaceType": "IM_ROBOT", "robotCode": DT_ROBOT_CODE}
    assert "imGroupOpenDeliverModel" not in sent
    params = sent["cardData"]["cardParamMap"]
    assert all(isinstance(v, str) for v in params.values())
    assert params["title"].startswith("🎤 已按语音记录") and "华为技术有限公司" in params["title"] + params["markdown"]
    assert json.loads(params["buttons"]) == [{"id": "a0", "text": "撤销"}, {"id": "a1", "text": "改日期"}]
    with db.session() as s:
        assert s.scalars(select(Card.task_id)).one() == sent["outTrackId"]
    assert len(reports(db)) == 1 and fake_api.sent("/robot/sendBySession") == []


def test_group_report_is_delivered_into_the_group_space(pclient, linked, fake_api):
    dingtalk_post(pclient, dingtalk_message(REPORT, group=True, webhook=f"{fake_api.base}/robot/sendBySession?s=g"))
    [sent] = fake_api.sent(DELIVER)
    assert sent["openSpaceId"] == "dtv1.card//IM_GROUP.cidGROUP=="
    assert sent["imGroupOpenDeliverModel"] == {"robotCode": DT_ROBOT_CODE} and "imRobotOpenDeliverModel" not in sent


def test_without_a_card_template_the_reply_is_text_that_says_what_to_type(database_url, db, tmp_path, fake_api,
                                                                         frozen_clock, linked):
    from platform_fakes import build_platform_app, platform_settings

    settings = platform_settings(database_url, tmp_path, fake_api.base, DINGTALK_CARD_TEMPLATE_ID="")
    client = build_platform_app(settings, db).test_client()
    dingtalk_post(client, dingtalk_message(REPORT, webhook=f"{fake_api.base}/robot/sendBySession?s=n"))
    assert fake_api.sent(DELIVER) == [] and updates(fake_api) == []
    [text] = fake_api.sent("/robot/sendBySession")
    assert "/撤销" in text["text"]["content"] and len(reports(db)) == 1


def test_click_round_trip_refuses_others_undoes_once_and_rewrites_the_card(platform_app, linked, fake_api, db):
    from bot.cli.stream import handle_click

    services, channels = platform_app.extensions["bot"], platform_app.extensions["bot_channels"]
    webhook = f"{fake_api.base}/robot/sendBySession?s=c"
    dingtalk_post(platform_app.test_client(), dingtalk_message(REPORT, webhook=webhook))
    card = fake_api.sent(DELIVER)[0]["outTrackId"]

    handle_click(click(card, "staff002"), "frame-1", services, channels)
    assert private_texts(fake_api) == [texts.CARD_NOT_YOURS] and updates(fake_api) == []
    assert reports(db)[0].undone_at is None

    handle_click(click(card, "staff001"), "frame-2", services, channels)
    [redraw] = updates(fake_api)
    assert redraw["outTrackId"] == card and set(redraw) == {"outTrackId", "cardData"}
    params = redraw["cardData"]["cardParamMap"]
    assert params["title"].startswith("已撤销") and all(isinstance(v, str) for v in params.values())
    assert reports(db)[0].undone_at is not None

    handle_click(click(card, "staff001"), "frame-2", services, channels)  # Stream redelivers the same frame
    assert len(updates(fake_api)) == 1
    handle_click(click(card, "staff001"), "frame-3", services, channels)  # a second tap
    assert updates(fake_api)[-1]["cardData"]["cardParamMap"]["title"] == texts.CARD_UNDONE_ALREADY
    assert len(reports(db)) == 1 and reports(db)[0].undone_at is not None


def test_forged_or_malformed_clicks_change_nothing(platform_app, linked, fake_api, db):
    from bot.cli.stream import handle_click

    services, channels = platform_app.extensions["bot"], platform_app.extensions["bot_channels"]
    webhook = f"{fake_api.base}/robot/sendBySession?s=f"
    dingtalk_post(platform_app.test_client(), dingtalk_message(REPORT, webhook=webhook))
    card = fake_api.sent(DELIVER)[0]["outTrackId"]
    handle_click(click("not-our-card", "staff001"), "frame-x", services, channels)
    assert private_texts(fake_api) == [texts.CARD_UNKNOWN]
    handle_click({**click(card, "staff001"), "content": "{not json"}, "frame-y", services, channels)
    handle_click({**click(card, "staff001"), "content": json.dumps({"cardPrivateData": {}})}, "frame-z",
                 services, channels)
    assert updates(fake_api) == [] and reports(db)[0].undone_at is None


def test_a_template_button_may_send_its_key_as_the_id_parameter(platform_app, linked, fake_api, db):
    from bot.cli.stream import handle_click

    services, channels = platform_app.extensions["bot"], platform_app.extensions["bot_channels"]
    webhook = f"{fake_api.base}/robot/sendBySession?s=p"
    dingtalk_post(platform_app.test_client(), dingtalk_message(REPORT, webhook=webhook))
    card = fake_api.sent(DELIVER)[0]["outTrackId"]
    handle_click(click(card, "staff001", action="tap", params={"id": "a0"}), "frame-p", services, channels)
    assert updates(fake_api)[0]["cardData"]["cardParamMap"]["title"].startswith("已撤销")
    assert reports(db)[0].undone_at is not None
