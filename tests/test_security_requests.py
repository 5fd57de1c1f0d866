"""Hostile numbers, validly signed garbage and replayed DingTalk headers: refused with 4xx, nothing stored."""
from __future__ import annotations

import json
import struct

import pytest
from sqlalchemy import func, select

from bot.storage.bookkeeping import InboundMessage
from bot.storage.models import User
from platform_fakes import (AES_KEY, CORP_ID, aibot_post, aibot_text, dingtalk_message, dingtalk_post,  # noqa: F401
                            encrypt_for, fake_api, now_s, pclient, platform_app, seal_raw, text_xml, wecom_get,
                            wecom_post)

HOSTILE_NUMBERS = ["inf", "nan", "1e999", "-1", "²", "١٢٣", "1" * 40, " 1", "0x10", ""]


def stored(db, model=InboundMessage) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("value", HOSTILE_NUMBERS)
def test_hostile_timestamps_are_refused_by_every_webhook(value, pclient, db):
    assert wecom_post(pclient, text_xml("/帮助"), timestamp=value).status_code == 403
    assert aibot_post(pclient, aibot_text("/帮助"), timestamp=value).status_code == 403
    ms = dingtalk_post(pclient, dingtalk_message("/帮助"))  # a good one for comparison
    assert ms.status_code == 200
    resp = pclient.post("/dingtalk/callback", data=json.dumps(dingtalk_message("/帮助")),
                        content_type="application/json", headers={"timestamp": value, "sign": "x"})
    assert resp.status_code == 403
    assert stored(db) == 1


def test_deeply_nested_json_is_a_400_not_a_recursion_error(pclient, db, caplog):
    nested = b"[" * 20_000 + b"]" * 20_000
    resp = pclient.post("/wecom/aibot", query_string={"msg_signature": "x", "timestamp": str(now_s()), "nonce": "n"},
                        data=nested, content_type="application/json")
    assert resp.status_code == 400
    assert aibot_post(pclient, "[" * 20_000 + "]" * 20_000).status_code == 400  # validly signed, too
    assert "Traceback" not in caplog.text and stored(db) == 0


def test_signed_message_whose_content_has_child_elements_is_refused(pclient, db):
    inner = text_xml("x").replace("<Content><![CDATA[x]]></Content>", "<Content><b>x</b></Content>")
    assert wecom_post(pclient, inner).status_code == 400
    assert stored(db) == 0


def test_signed_message_without_sender_is_never_filed_under_an_empty_id(pclient, db):
    with db.session() as s:
        s.add(User(name="钉钉用户", wecom_userid="", dingtalk_staff_id="staff9"))
    inner = text_xml("/帮助").replace(f"<FromUserName><![CDATA[zhangwei]]></FromUserName>", "")
    assert wecom_post(pclient, inner).status_code == 400
    empty = text_xml("/帮助", sender="")
    assert wecom_post(pclient, empty).status_code == 400
    assert stored(db) == 0


def test_url_check_for_another_corp_or_with_bad_padding_is_refused(pclient):
    assert wecom_get(pclient, "echo", receive_id="wwSOMEONEELSE").status_code == 403
    body = b"r" * 16 + struct.pack("!I", 4) + b"echo" + CORP_ID.encode()
    unpadded = body + b"\x00" * (-len(body) % 32)  # padding byte 0: not PKCS#7
    assert wecom_get(pclient, "", encrypted=seal_raw(AES_KEY, unpadded)).status_code == 400
    too_long = b"r" * 16 + struct.pack("!I", 10_000) + b"echo" + CORP_ID.encode()
    too_long += bytes([-len(too_long) % 32 or 32]) * (-len(too_long) % 32 or 32)
    assert wecom_get(pclient, "", encrypted=seal_raw(AES_KEY, too_long)).status_code == 400
    assert wecom_get(pclient, "echo").get_data() == b"echo"


def test_a_dingtalk_header_pair_carries_one_message_only(pclient, db):
    ts = now_s() * 1000
    first = dingtalk_message("/帮助", sender="staff1")
    assert dingtalk_post(pclient, first, timestamp_ms=ts).status_code == 200
    other = dingtalk_message("/漏斗", sender="manager1")
    assert dingtalk_post(pclient, other, timestamp_ms=ts).status_code == 403
    retry = dingtalk_post(pclient, first, timestamp_ms=ts)
    assert retry.status_code == 200 and retry.get_json() == {}  # answered once already: a retry, nothing new
    assert stored(db) == 1


@pytest.mark.parametrize("change", [{"createAt": 0}, {"createAt": "now"}, {"robotCode": "another-robot"},
                                    {"senderCorpId": "dingOTHER"}])
def test_a_dingtalk_body_must_belong_to_its_signed_request(change, database_url, db, tmp_path, fake_api,
                                                           frozen_clock):
    from platform_fakes import build_platform_app, platform_settings

    app = build_platform_app(platform_settings(database_url, tmp_path, fake_api.base, DINGTALK_CORP_ID="ding123"), db)
    client = app.test_client()
    assert dingtalk_post(client, dingtalk_message("/帮助")).status_code == 200
    assert dingtalk_post(client, {**dingtalk_message("/帮助"), **change}).status_code == 403
    assert stored(db) == 1
