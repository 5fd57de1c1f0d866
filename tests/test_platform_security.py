"""Bad and hostile requests: 403 for failed signature/time checks, 400 malformed, 413 oversized; never stored."""
from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy import func, select

from bot.storage.bookkeeping import InboundMessage
from bot.storage.models import User
from platform_fakes import (aibot_post, dingtalk_message, dingtalk_post, fake_api, now_s,  # noqa: F401
                            pclient, platform_app, text_xml, wecom_get, wecom_post)

XXE = ('<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       '<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime>'
       '<MsgType>text</MsgType><Content>&xxe;</Content><MsgId>5</MsgId><AgentID>1</AgentID></xml>')
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 9))
          + ']><xml><Encrypt>&lol8;</Encrypt></xml>')


@pytest.fixture
def nothing_stored(db):
    yield
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(InboundMessage)) == 0
        assert s.scalar(select(func.count()).select_from(User)) == 0


WECOM_CASES = {
    "forged signature": (dict(token="not-the-token"), 403),
    "stale timestamp": (dict(timestamp=-301), 403),
    "future timestamp": (dict(timestamp=+301), 403),
    "wrong corp id inside the ciphertext": (dict(corp_id="wwSOMEONEELSE"), 403),
    "corrupt base64": (dict(encrypted="%%%not*base64!!"), 400),
    "bad padding": (dict(encrypted="QUJD"), 400),
    "billion laughs envelope": (dict(body=LAUGHS.encode()), 400),
    "non UTF-8 envelope": (dict(body="<xml><Encrypt>\u4e2d</Encrypt></xml>".encode("gbk")), 400),
    "envelope without Encrypt": (dict(body=b"<xml><ToUserName>x</ToUserName></xml>"), 400),
}


@pytest.mark.parametrize("case", WECOM_CASES)
def test_wecom_refuses_bad_requests_without_storing(case, pclient, nothing_stored, caplog):
    kwargs, status = WECOM_CASES[case]
    if "timestamp" in kwargs:
        kwargs = {"timestamp": now_s() + kwargs["timestamp"]}
    with caplog.at_level(logging.WARNING, logger="bot.handlers"):
        resp = wecom_post(pclient, text_xml("/帮助"), **kwargs)
    assert resp.status_code == status
    assert b"Traceback" not in resp.get_data()
    assert any("refused" in r.getMessage() for r in caplog.records)


def test_wecom_refuses_xxe_inside_the_decrypted_message(pclient, nothing_stored):
    assert wecom_post(pclient, XXE).status_code == 400


def test_wecom_refuses_a_body_over_64_kb_with_413(pclient, nothing_stored, caplog):
    with caplog.at_level(logging.WARNING, logger="bot.handlers"):
        resp = wecom_post(pclient, text_xml("x"), body=b"<xml>" + b"a" * 70_000 + b"</xml>")
    assert resp.status_code == 413
    assert any("body over" in r.getMessage() for r in caplog.records)


def test_wecom_refuses_a_post_without_signature_parameters(pclient, nothing_stored):
    resp = pclient.post("/wecom/callback", data=b"<xml/>", content_type="text/xml")
    assert resp.status_code == 403


def test_wecom_url_check_with_the_wrong_token_is_refused(pclient):
    assert wecom_get(pclient, "echo", token="wrong").status_code == 403


def test_aibot_refuses_json_that_is_not_an_object(pclient, nothing_stored):
    assert aibot_post(pclient, "[1, 2]").status_code == 400


def test_aibot_refuses_a_forged_signature(pclient, nothing_stored):
    assert aibot_post(pclient, {"msgtype": "text"}, token="forged").status_code == 403


def test_aibot_refuses_a_message_missing_its_sender(pclient, nothing_stored):
    assert aibot_post(pclient, {"msgid": "m1", "msgtype": "text", "text": {"content": "hi"}}).status_code == 400


DINGTALK_CASES = {
    "forged sign": (dict(secret="not-the-secret"), None, 403),
    "replay outside the window": (dict(timestamp_ms=-301_000), None, 403),
    "future timestamp": (dict(timestamp_ms=+301_000), None, 403),
    "non UTF-8 body": ({}, "{\"msgId\": \"\u4e2d\"}".encode("gbk"), 400),
    "JSON that is not an object": ({}, b"[1, 2, 3]", 400),
    "not JSON": ({}, b"{msgId:", 400),
    "missing msgId": ({}, json.dumps({"senderStaffId": "s", "text": {"content": "x"}}).encode(), 400),
    "missing text content": ({}, lambda: json.dumps({**dingtalk_message(""), "text": None}).encode(), 400),
    "body over 64 KB": ({}, b"{\"a\": \"" + b"x" * 70_000 + b"\"}", 413),
}


@pytest.mark.parametrize("case", DINGTALK_CASES)
def test_dingtalk_refuses_bad_requests_without_storing(case, pclient, nothing_stored, caplog):
    kwargs, raw, status = DINGTALK_CASES[case]
    if "timestamp_ms" in kwargs:
        kwargs = {"timestamp_ms": now_s() * 1000 + kwargs["timestamp_ms"]}
    with caplog.at_level(logging.WARNING, logger="bot.handlers"):
        resp = dingtalk_post(pclient, dingtalk_message("/帮助"), raw=raw() if callable(raw) else raw, **kwargs)
    assert resp.status_code == status
    assert any("refused" in r.getMessage() for r in caplog.records)


def test_dingtalk_refuses_a_request_without_sign_headers(pclient, nothing_stored):
    resp = pclient.post("/dingtalk/callback", json=dingtalk_message("/帮助"))
    assert resp.status_code == 403
