"""Voice reports and buttons on the wire: WeCom 智能机器人 and app, DingTalk; clicks authorised like typed commands."""
from __future__ import annotations

import json
import logging

from sqlalchemy import select

from bot import texts
from bot.storage.bookkeeping import Card, InboundMessage
from bot.storage.models import Report
from platform_fakes import (aibot_post, aibot_reply, aibot_text, dingtalk_message, dingtalk_post,  # noqa: F401
                            fake_api, now_s, pclient, platform_app, reply_content, text_xml, wait_for, wecom_post)
from platform_fakes_native import aibot_click, aibot_event, aibot_voice, card_event_xml, linked, voice_xml  # noqa: F401

REPORT = "今天拜访了华为张经理，下周三再跟进"


def reports(db) -> list[Report]:
    with db.session() as s:
        return list(s.scalars(select(Report).order_by(Report.id)))


def card_title(answer: dict) -> str:
    return answer["template_card"]["main_title"]["title"]


def test_aibot_voice_report_is_filed_and_confirmed_as_heard_with_buttons(pclient, linked, db):
    body = aibot_voice(REPORT, msg_id="voice-1")
    reply = aibot_reply(aibot_post(pclient, body))
    assert reply["msgtype"] == "stream_with_template_card"
    content = reply["stream"]["content"]
    assert content.startswith("🎤 已按语音记录") and "已记录：华为技术有限公司（拜访）" in content
    assert reply["stream"]["feedback"] == {"id": "voice-1"}
    card = reply["template_card"]
    assert card["card_type"] == "button_interaction"
    assert [(b["text"], b["key"]) for b in card["button_list"]] == [("撤销", "a0"), ("改日期", "a1")]
    [report] = reports(db)
    with db.session() as s:
        stored = s.scalars(select(Card)).one()
    assert (stored.task_id, stored.report_id) == (card["task_id"], report.id)


def test_aibot_undo_click_undoes_once_and_a_second_click_says_so(pclient, linked, db):
    task = aibot_reply(aibot_post(pclient, aibot_voice(REPORT)))["template_card"]["task_id"]
    first = aibot_reply(aibot_post(pclient, aibot_click(task, "a0")))
    assert first["response_type"] == "update_template_card" and first["userids"] == ["zhangwei"]
    assert card_title(first).startswith("已撤销 华为技术有限公司")
    assert first["template_card"]["task_id"] == task
    assert [b["text"] for b in first["template_card"]["button_list"]] == ["✓ 撤销", "改日期"]
    assert reports(db)[0].undone_at is not None
    again = aibot_reply(aibot_post(pclient, aibot_click(task, "a0")))
    assert card_title(again) == texts.CARD_UNDONE_ALREADY
    assert len(reports(db)) == 1


def test_second_undo_click_never_takes_back_an_earlier_report(pclient, linked, db):
    aibot_post(pclient, aibot_voice("今天给美的打了电话，下周五再联系"))
    task = aibot_reply(aibot_post(pclient, aibot_voice(REPORT)))["template_card"]["task_id"]
    aibot_post(pclient, aibot_click(task, "a0"))
    aibot_post(pclient, aibot_click(task, "a0"))
    assert [r.undone_at is not None for r in reports(db)] == [False, True]


def test_a_click_by_someone_else_is_refused_and_changes_nothing(pclient, linked, db):
    task = aibot_reply(aibot_post(pclient, aibot_voice(REPORT)))["template_card"]["task_id"]
    answer = aibot_reply(aibot_post(pclient, aibot_click(task, "a0", sender="lina")))
    assert card_title(answer) == texts.CARD_NOT_YOURS and answer["userids"] == ["lina"]
    assert reports(db)[0].undone_at is None


def test_a_forged_click_is_refused_like_a_forged_message(pclient, linked, db):
    task = aibot_reply(aibot_post(pclient, aibot_voice(REPORT)))["template_card"]["task_id"]
    assert aibot_post(pclient, aibot_click(task, "a0"), token="forged").status_code == 403
    assert reports(db)[0].undone_at is None


def test_a_replayed_click_acts_once_and_a_stale_one_is_refused(pclient, linked, db, frozen_clock):
    task = aibot_reply(aibot_post(pclient, aibot_voice(REPORT)))["template_card"]["task_id"]
    click = aibot_click(task, "a0")
    assert card_title(aibot_reply(aibot_post(pclient, click))).startswith("已撤销")
    assert aibot_post(pclient, click).get_data() == b""  # the same delivery again: already answered
    assert aibot_post(pclient, aibot_click(task, "a0"), timestamp=now_s() - 301).status_code == 403
    with db.session() as s:
        assert s.scalars(select(Card)).one().done_label == "撤销"


def test_an_old_card_does_not_act_on_a_newer_report(pclient, linked, db):
    old = aibot_reply(aibot_post(pclient, aibot_voice(REPORT)))["template_card"]["task_id"]
    aibot_post(pclient, aibot_voice("今天给美的打了电话，下周五再联系"))
    answer = aibot_reply(aibot_post(pclient, aibot_click(old, "a0")))
    assert card_title(answer) == texts.CARD_REPORT_STALE[:25] + "…"
    assert all(r.undone_at is None for r in reports(db))


def test_change_date_button_asks_for_the_day_and_leaves_the_card_usable(pclient, linked, db):
    task = aibot_reply(aibot_post(pclient, aibot_voice(REPORT)))["template_card"]["task_id"]
    asked = aibot_reply(aibot_post(pclient, aibot_click(task, "a1")))
    assert card_title(asked) == texts.CORRECT_ASK_DATE[:25] + "…"
    undone = aibot_reply(aibot_post(pclient, aibot_click(task, "a0")))
    assert card_title(undone).startswith("已撤销")


def test_question_choices_are_buttons_and_a_choice_is_taken_once(pclient, linked, db):
    asked = aibot_reply(aibot_post(pclient, aibot_voice("今天拜访了宁波星河精密的王总，下周三再跟进")))
    assert [b["text"] for b in asked["template_card"]["button_list"]] == ["是", "否"]
    task = asked["template_card"]["task_id"]
    filed = aibot_reply(aibot_post(pclient, aibot_click(task, "a0")))
    assert "宁波星河精密" in card_title(filed) and len(reports(db)) == 1
    again = aibot_reply(aibot_post(pclient, aibot_click(task, "a1")))
    assert card_title(again) == texts.CARD_ALREADY.format(label="是") and len(reports(db)) == 1


def test_feedback_is_stored_on_the_rated_message_and_answered_empty(pclient, linked, db):
    aibot_post(pclient, aibot_text("/帮助", msg_id="rated-1"))
    resp = aibot_post(pclient, aibot_event("feedback_event", {"id": "rated-1", "type": 2, "content": "不准"}))
    assert resp.status_code == 200 and resp.get_data() == b""
    with db.session() as s:
        row = s.scalars(select(InboundMessage).where(InboundMessage.message_id == "rated-1")).one()
    assert (row.feedback, row.feedback_text) == (2, "不准")


def test_app_voice_gets_one_line_pointing_to_the_aibot_and_is_logged(pclient, db, caplog):
    with caplog.at_level(logging.INFO, logger="bot.handlers"):
        assert reply_content(wecom_post(pclient, voice_xml())) == texts.VOICE_APP_UNSUPPORTED
    assert any("voice" in r.getMessage() for r in caplog.records)


def test_app_report_gets_a_card_and_its_click_redraws_it_with_the_response_code(pclient, linked, fake_api, db):
    assert reply_content(wecom_post(pclient, text_xml(REPORT, msg_id=901))).startswith("已记录：华为技术有限公司")
    assert wait_for(lambda: any(b.get("msgtype") == "template_card" for b in fake_api.sent("/cgi-bin/message/send")))
    card = next(b for b in fake_api.sent("/cgi-bin/message/send") if b.get("msgtype") == "template_card")
    assert card["touser"] == "zhangwei" and card["template_card"]["button_list"][0]["key"] == "a0"
    task = card["template_card"]["task_id"]
    click = card_event_xml(task, "a0", code="RC-1")
    assert wecom_post(pclient, click).get_data() == b""
    assert wait_for(lambda: fake_api.sent("/cgi-bin/message/update_template_card"))
    [redraw] = fake_api.sent("/cgi-bin/message/update_template_card")
    assert (redraw["response_code"], redraw["userids"]) == ("RC-1", ["zhangwei"])
    assert redraw["template_card"]["main_title"]["title"].startswith("已撤销")
    assert reports(db)[0].undone_at is not None
    wecom_post(pclient, click)  # WeCom's retry of the same event
    assert len(fake_api.sent("/cgi-bin/message/update_template_card")) == 1


def test_dingtalk_empty_recognition_asks_again(pclient, fake_api):
    data = dingtalk_message("", webhook=f"{fake_api.base}/robot/sendBySession?s=e")
    data.update(msgtype="audio", content={"recognition": "", "duration": 900})
    del data["text"]
    dingtalk_post(pclient, data)
    assert fake_api.sent("/robot/sendBySession")[0]["text"]["content"] == texts.VOICE_EMPTY
