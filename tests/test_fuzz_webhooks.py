"""Malformed requests of every kind, unsigned and validly signed, to every webhook: never a 5xx, never a traceback,
nothing stored. Bounded: about 300 examples in all, a few seconds."""
from __future__ import annotations

import json
import logging

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.storage.bookkeeping import InboundMessage
from bot.storage.models import User
from platform_fakes import (AES_KEY, AIBOT_AES_KEY, CORP_ID, aibot_post, dingtalk_message, dingtalk_post,  # noqa: F401
                            dingtalk_sign, encrypt_for, fake_api, now_s, pclient, platform_app, seal_raw, text_xml,
                            wecom_get, wecom_post)

FUZZ = settings(max_examples=50, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
HOSTILE_NUMBERS = st.sampled_from(["inf", "nan", "1e999", "-1", "²", "١٢", "9" * 30, "0x1f", " 7", "", "1.5"])
FRESH = "fresh"  # replaced by the current time: the signature check itself must hold up too
NUMBERS = st.one_of(st.just(FRESH), HOSTILE_NUMBERS, st.text(max_size=12))
JUNK = st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode),
                 st.sampled_from([10, 5000, 20_000]).map(lambda n: b"[" * n + b"]" * n),
                 st.sampled_from([b"<xml><Encrypt>", b"{\"encrypt\": 5}", b"<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>"]))
JSON_VALUES = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20)),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                       max_size=3), max_leaves=8)


def header_safe(value: str) -> bool:
    """What an HTTP client can put in a header at all (latin-1, no control characters)."""
    return all(32 <= ord(ch) < 256 and ord(ch) != 127 for ch in value)


def assert_harmless(resp, caplog, db) -> None:
    assert resp.status_code < 500, resp.status_code
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(InboundMessage)) == 0
        assert s.scalar(select(func.count()).select_from(User)) == 0


NESTED = b"[" * 20_000 + b"]" * 20_000


@FUZZ
@given(path=st.sampled_from(["/wecom/callback", "/wecom/aibot", "/dingtalk/callback"]), body=JUNK,
       timestamp=NUMBERS, signature=st.text(max_size=70), method=st.sampled_from(["GET", "POST"]))
@example(path="/wecom/aibot", body=NESTED, timestamp="1", signature="x", method="POST")
@example(path="/dingtalk/callback", body=NESTED, timestamp="1", signature="x", method="POST")
@example(path="/wecom/callback", body=b"<xml><Encrypt>a</Encrypt></xml>", timestamp="inf", signature="x", method="POST")
@example(path="/wecom/aibot", body=b'{"encrypt": "a"}', timestamp="1e999", signature="x", method="POST")
@example(path="/wecom/callback", body=b"", timestamp="nan", signature="x", method="GET")
@example(path="/dingtalk/callback", body=b"{}", timestamp="\u00b2", signature="x", method="POST")
@example(path="/wecom/callback", body=b"<xml><Encrypt>a</Encrypt></xml>", timestamp=FRESH, signature="签名", method="POST")
@example(path="/wecom/aibot", body=b'{"encrypt": "a"}', timestamp=FRESH, signature="签名", method="GET")
def test_unsigned_requests(pclient, db, caplog, path, body, timestamp, signature, method):
    if timestamp == FRESH:
        timestamp = str(now_s() * 1000 if path.startswith("/dingtalk") else now_s())
    query = {"msg_signature": signature, "timestamp": timestamp, "nonce": "n", "echostr": body.decode("latin-1")}
    headers = {k: v for k, v in {"timestamp": timestamp, "sign": signature}.items() if header_safe(v)}
    resp = pclient.open(path, method=method, query_string=query, data=body, headers=headers,
                        content_type="application/json")
    assert_harmless(resp, caplog, db)


INNER_XML = st.one_of(
    st.text(max_size=200),
    st.sampled_from([text_xml("x").replace("<FromUserName><![CDATA[zhangwei]]></FromUserName>", ""),
                     text_xml("x", sender=""), text_xml("x", sender="u" * 65),
                     text_xml("x").replace("<Content><![CDATA[x]]></Content>", "<Content><b>x</b></Content>"),
                     text_xml("x").replace("<MsgId>1234567890123456</MsgId>", "<MsgId>abc</MsgId>"),
                     text_xml("x").replace("<MsgId>1234567890123456</MsgId>", f"<MsgId>{'9' * 200}</MsgId>"),
                     text_xml("x").replace("<MsgType><![CDATA[text]]></MsgType>", ""),
                     "<xml><a>" * 300 + "</a></xml>"]))


@FUZZ
@given(inner=INNER_XML, receive_id=st.sampled_from([CORP_ID, "wwSOMEONEELSE", ""]))
def test_signed_garbage_to_the_wecom_app(pclient, db, caplog, inner, receive_id):
    if receive_id == CORP_ID and inner.startswith("<xml><ToUserName>") and "<Content><b>" not in inner \
            and "FromUserName" in inner and "<MsgId>abc" not in inner and "9" * 200 not in inner \
            and "MsgType" in inner and "zhangwei" not in inner and "u" * 65 not in inner:
        inner = inner.replace("<xml>", "<xml><Bad><x/></Bad>", 1)  # keep every signed example malformed
    assert_harmless(wecom_post(pclient, inner, corp_id=receive_id), caplog, db)


@FUZZ
@given(plain=st.binary(max_size=120), padding=st.integers(0, 40), echo=st.text(max_size=30))
def test_signed_garbage_url_checks(pclient, db, caplog, plain, padding, echo):
    raw = plain + bytes([padding]) * ((-len(plain) - 1) % 16 + 1)
    assert_harmless(wecom_get(pclient, "", encrypted=seal_raw(AES_KEY, raw)), caplog, db)
    assert_harmless(wecom_get(pclient, echo, receive_id="wwSOMEONEELSE"), caplog, db)
    assert_harmless(wecom_get(pclient, echo, path="/wecom/aibot", key=AIBOT_AES_KEY, receive_id="x"), caplog, db)


BROKEN_AIBOT = st.fixed_dictionaries({}, optional={
    "msgid": JSON_VALUES, "from": JSON_VALUES, "msgtype": st.sampled_from(["text", "voice", "mixed", "event", "x"]),
    "text": JSON_VALUES, "chattype": JSON_VALUES, "chatid": JSON_VALUES, "event": JSON_VALUES})


@FUZZ
@given(payload=st.one_of(BROKEN_AIBOT.map(json.dumps), JSON_VALUES.map(json.dumps), st.text(max_size=100)))
def test_signed_garbage_to_the_aibot(pclient, db, caplog, payload):
    data = json.loads(payload) if payload.startswith("{") else None
    sender = data.get("from") if isinstance(data, dict) else None
    if isinstance(sender, dict) and isinstance(sender.get("userid"), str) and sender["userid"].strip():
        payload = json.dumps({**data, "from": {"userid": ""}})  # every signed example stays malformed
    assert_harmless(aibot_post(pclient, payload), caplog, db)


BREAKS = {
    "msgId": st.one_of(st.none(), st.just(""), st.floats(), st.lists(st.integers(), max_size=2), st.just("m" * 129)),
    "senderStaffId": st.one_of(st.none(), st.just(""), st.just("s" * 65), st.dictionaries(st.text(), st.text())),
    "createAt": st.one_of(st.none(), st.text(max_size=5), st.floats(), st.booleans(), st.integers(max_value=10 ** 9)),
    "robotCode": st.one_of(st.none(), st.integers(), st.just("another-robot")),
    "text": st.one_of(st.none(), st.text(max_size=5), st.just({"content": 5})),
}


@FUZZ
@given(field=st.sampled_from(sorted(BREAKS)), data=st.data(), group=st.booleans(), extra=JSON_VALUES)
def test_signed_garbage_to_dingtalk(pclient, db, caplog, field, data, group, extra):
    message = {**dingtalk_message("/帮助", group=group), "isAdmin": extra, "atUsers": extra,
               field: data.draw(BREAKS[field])}
    assert_harmless(dingtalk_post(pclient, message), caplog, db)
    ts = now_s() * 1000
    raw = data.draw(JUNK)
    resp = pclient.post("/dingtalk/callback", data=raw, content_type="application/json",
                        headers={"timestamp": str(ts), "sign": dingtalk_sign(ts)})
    assert_harmless(resp, caplog, db)
