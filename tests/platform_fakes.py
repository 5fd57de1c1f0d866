"""Builders that make real platform requests (WeCom encrypted + signed, DingTalk HMAC-signed) and a fake platform API."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import time
import uuid
from typing import Callable

import pytest

from flask import Flask
from wechatpy.enterprise.crypto import PrpCrypto, WeChatCrypto
from werkzeug import Request, Response

from bot import clock
from bot.services import Services
from bot.settings import load_settings

CORP_ID = "ww0123456789abcdef"
AGENT_ID = "1000002"
TOKEN = "wecomtoken"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
AIBOT_TOKEN = "aibottoken"
AIBOT_AES_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut"
DT_APP_KEY = "dingappkey"
DT_APP_SECRET = "dingappsecret-0123456789"
DT_ROBOT_CODE = "dingrobot"
DT_CARD_TEMPLATE = "tpl-0123.schema"


def platform_settings(database_url: str, tmp_path, api_base: str = "http://127.0.0.1:9", **extra):
    return load_settings({
        "BOT_DATABASE_URL": database_url, "BOT_INSTANCE_PATH": str(tmp_path / "instance"),
        "WECOM_CORP_ID": CORP_ID, "WECOM_AGENT_ID": AGENT_ID, "WECOM_SECRET": "wecomsecret",
        "WECOM_TOKEN": TOKEN, "WECOM_AES_KEY": AES_KEY,
        "WECOM_AIBOT_TOKEN": AIBOT_TOKEN, "WECOM_AIBOT_AES_KEY": AIBOT_AES_KEY, "WECOM_API_BASE": api_base,
        "DINGTALK_APP_KEY": DT_APP_KEY, "DINGTALK_APP_SECRET": DT_APP_SECRET, "DINGTALK_ROBOT_CODE": DT_ROBOT_CODE,
        "DINGTALK_API_BASE": api_base, "DINGTALK_OAPI_BASE": api_base, "DINGTALK_CARD_TEMPLATE_ID": DT_CARD_TEMPLATE, **extra,
    }, env={})


def build_platform_app(settings, db) -> Flask:
    from bot.app import build_app

    return build_app(services=Services(settings, db))


def now_s() -> int:
    return int(clock.utcnow().timestamp())


def wecom_signature(token: str, *parts: str) -> str:
    return hashlib.sha1("".join(sorted([token, *parts])).encode()).hexdigest()


def text_xml(content: str, sender: str = "zhangwei", msg_id: int = 1234567890123456) -> str:
    return (f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><FromUserName><![CDATA[{sender}]]></FromUserName>"
            f"<CreateTime>{now_s()}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId><AgentID>{AGENT_ID}</AgentID></xml>")


def event_xml(event: str, sender: str = "zhangwei") -> str:
    return (f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><FromUserName><![CDATA[{sender}]]></FromUserName>"
            f"<CreateTime>{now_s()}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
            f"<Event><![CDATA[{event}]]></Event><EventKey><![CDATA[]]></EventKey><AgentID>{AGENT_ID}</AgentID></xml>")


def image_xml(sender: str = "zhangwei") -> str:
    return (f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><FromUserName><![CDATA[{sender}]]></FromUserName>"
            f"<CreateTime>{now_s()}</CreateTime><MsgType><![CDATA[image]]></MsgType>"
            f"<PicUrl><![CDATA[http://x/p.png]]></PicUrl><MediaId><![CDATA[m1]]></MediaId>"
            f"<MsgId>42</MsgId><AgentID>{AGENT_ID}</AgentID></xml>")


def encrypt_for(key: str, plaintext: str, receive_id: str) -> str:
    return PrpCrypto(WeChatCrypto(TOKEN, key, receive_id).key).encrypt(plaintext, receive_id).decode()


def wecom_post(client, inner: str, *, token: str = TOKEN, corp_id: str = CORP_ID, timestamp: int | None = None,
               encrypted: str | None = None, body: bytes | None = None, path: str = "/wecom/callback"):
    """POST like WeCom does: the message encrypted with the EncodingAESKey, the envelope signed with the token."""
    ts, nonce = str(timestamp if timestamp is not None else now_s()), uuid.uuid4().hex[:10]
    encrypted = encrypted if encrypted is not None else encrypt_for(AES_KEY, inner, corp_id)
    if body is None:
        body = (f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt>"
                f"<AgentID><![CDATA[{AGENT_ID}]]></AgentID></xml>").encode()
    query = {"msg_signature": wecom_signature(token, ts, nonce, encrypted), "timestamp": ts, "nonce": nonce}
    return client.post(path, query_string=query, data=body, content_type="text/xml")


def seal_raw(key: str, plain: bytes) -> str:
    """AES-CBC of exactly these bytes (no padding added): ciphertexts a correct sender could never make."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    aes = WeChatCrypto(TOKEN, key, "").key
    encryptor = Cipher(algorithms.AES(aes), modes.CBC(aes[:16])).encryptor()
    return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()


def wecom_get(client, echo: str, *, token: str = TOKEN, path: str = "/wecom/callback", key: str = AES_KEY,
              receive_id: str = CORP_ID, encrypted: str | None = None):
    ts, nonce = str(now_s()), "n0nce"
    encrypted = encrypted if encrypted is not None else encrypt_for(key, echo, receive_id)
    query = {"msg_signature": wecom_signature(token, ts, nonce, encrypted), "timestamp": ts, "nonce": nonce,
             "echostr": encrypted}
    return client.get(path, query_string=query)


def wecom_reply(response) -> str:
    """The plaintext XML inside an encrypted passive reply (signature checked like WeCom checks it)."""
    import xmltodict

    envelope = xmltodict.parse(response.get_data(as_text=True))["xml"]
    crypto = WeChatCrypto(TOKEN, AES_KEY, CORP_ID)
    return crypto.decrypt_message(envelope, envelope["MsgSignature"], envelope["TimeStamp"], envelope["Nonce"])


def reply_content(response) -> str:
    import xmltodict

    return xmltodict.parse(wecom_reply(response))["xml"]["Content"]


def aibot_text(content: str, sender: str = "zhangwei", chat_id: str = "wrkGROUP1", msg_id: str | None = None,
               response_url: str = "") -> dict:
    return {"msgid": msg_id or uuid.uuid4().hex, "aibotid": "AIBOTID", "chatid": chat_id, "chattype": "group",
            "from": {"userid": sender}, "response_url": response_url, "msgtype": "text", "text": {"content": content}}


def aibot_post(client, payload: dict | str, *, token: str = AIBOT_TOKEN, timestamp: int | None = None):
    plain = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    ts, nonce = str(timestamp if timestamp is not None else now_s()), uuid.uuid4().hex[:10]
    encrypted = encrypt_for(AIBOT_AES_KEY, plain, "")
    query = {"msg_signature": wecom_signature(token, ts, nonce, encrypted), "timestamp": ts, "nonce": nonce}
    return client.post("/wecom/aibot", query_string=query, data=json.dumps({"encrypt": encrypted}),
                       content_type="application/json")


def aibot_reply(response) -> dict:
    body = response.get_json()
    expected = wecom_signature(AIBOT_TOKEN, str(body["timestamp"]), body["nonce"], body["encrypt"])
    assert body["msgsignature"] == expected
    plain = PrpCrypto(WeChatCrypto(AIBOT_TOKEN, AIBOT_AES_KEY, "").key).decrypt(body["encrypt"], "")
    return json.loads(plain)


def dingtalk_sign(timestamp_ms: int, secret: str = DT_APP_SECRET) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def dingtalk_message(content: str, *, group: bool = False, sender: str = "staff001", nick: str = "张伟",
                     msg_id: str | None = None, webhook: str = "") -> dict:
    data = {"msgtype": "text", "text": {"content": content}, "msgId": msg_id or uuid.uuid4().hex,
            "createAt": now_s() * 1000, "conversationType": "2" if group else "1",
            "conversationId": "cidGROUP==" if group else "cidSINGLE==", "senderId": "$:LWCP_v1:$abc",
            "senderNick": nick, "senderStaffId": sender, "senderCorpId": "ding123", "robotCode": DT_ROBOT_CODE,
            "sessionWebhook": webhook, "sessionWebhookExpiredTime": now_s() * 1000 + 5400000, "isAdmin": False}
    if group:
        data["conversationTitle"] = "华东销售群"
    return data


def dingtalk_post(client, data, *, timestamp_ms: int | None = None, secret: str = DT_APP_SECRET,
                  raw: bytes | None = None):
    ts = timestamp_ms if timestamp_ms is not None else now_s() * 1000
    body = raw if raw is not None else json.dumps(data, ensure_ascii=False).encode()
    return client.post("/dingtalk/callback", data=body, content_type="application/json",
                       headers={"timestamp": str(ts), "sign": dingtalk_sign(ts, secret)})


class FakePlatformApi:
    """WeCom and DingTalk APIs on a local pytest-httpserver: records calls, answers with queued error codes."""

    def __init__(self, httpserver):
        self.server = httpserver
        self.calls: list[tuple[str, dict, dict]] = []  # (path, query, JSON body or {})
        self.methods: list[str] = []
        self.wecom_errors: list[int] = []  # errcodes the next API calls answer with, in order
        self.dingtalk_refusals: list[tuple[int, str]] = []  # (HTTP status, code) the next OpenAPI calls answer with
        self.dingtalk_tokens_used: list[str] = []
        self.tokens_issued = 0
        self.delay_s = 0.0  # a slow platform: every API call waits this long before answering
        self.answers: dict[str, Callable[[Request], dict]] = {}
        self.upload_errors: list[int] = []  # HTTP statuses the next uploads answer with (500: retryable)
        httpserver.expect_request("/media/upload").respond_with_handler(self._upload)
        httpserver.expect_request("/cgi-bin/gettoken").respond_with_handler(self._gettoken)
        httpserver.expect_request("/v1.0/oauth2/accessToken").respond_with_handler(self._dingtalk_token)
        httpserver.expect_request("/cgi-bin/media/upload").respond_with_handler(self._upload)
        httpserver.expect_request(re.compile(r"^/(cgi-bin|v1\.0|robot|topapi)/.*")).respond_with_handler(self._api)

    @property
    def base(self) -> str:
        return self.server.url_for("").rstrip("/")

    def _record(self, request: Request) -> None:
        body = request.get_json(silent=True) or {}
        self.calls.append((request.path, dict(request.args), body))
        self.methods.append(request.method)

    def _gettoken(self, request: Request) -> Response:
        self._record(request)
        self.tokens_issued += 1
        return _json({"errcode": 0, "errmsg": "ok", "access_token": f"tok{self.tokens_issued}", "expires_in": 7200})

    def _dingtalk_token(self, request: Request) -> Response:
        self._record(request)
        self.tokens_issued += 1
        return _json({"accessToken": f"dtok{self.tokens_issued}", "expireIn": 7200})

    def _upload(self, request: Request) -> Response:
        self.calls.append((request.path, dict(request.args), {"files": sorted(request.files),
                                                              "names": [f.filename for f in request.files.values()]}))
        if self.upload_errors:
            return Response("{}", status=self.upload_errors.pop(0), content_type="application/json")
        return _json({"errcode": 0, "errmsg": "ok", "type": request.args.get("type"), "media_id": "MEDIA1"})

    def _api(self, request: Request) -> Response:
        self._record(request)
        time.sleep(self.delay_s)
        if request.path in self.answers:  # a test's own data for this path (directory reads)
            return _json(self.answers[request.path](request))
        if request.path.startswith("/v1.0/"):
            return self._dingtalk_api(request)
        if self.wecom_errors:
            code = self.wecom_errors.pop(0)
            if code == 429:
                return Response("{}", status=429, content_type="application/json")
            return _json({"errcode": code, "errmsg": "fake error"})
        return _json({"errcode": 0, "errmsg": "ok"})

    def _dingtalk_api(self, request: Request) -> Response:
        self.dingtalk_tokens_used.append(request.headers.get("x-acs-dingtalk-access-token", ""))
        if self.dingtalk_refusals:
            status, code = self.dingtalk_refusals.pop(0)
            return Response(json.dumps({"code": code, "message": "fake refusal"}), status=status,
                            content_type="application/json")
        return _json({"processQueryKey": "pqk1"})

    def sent(self, path: str) -> list[dict]:
        return [body for p, _, body in self.calls if p == path]


def _json(body: dict) -> Response:
    return Response(json.dumps(body), content_type="application/json")


def wait_for(predicate, timeout_s: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


@pytest.fixture
def fake_api(httpserver) -> FakePlatformApi:
    return FakePlatformApi(httpserver)


@pytest.fixture
def platform_app(database_url, db, tmp_path, fake_api, frozen_clock) -> Flask:
    """An app with WeCom, the WeCom 智能机器人 and DingTalk configured against the fake API."""
    return build_platform_app(platform_settings(database_url, tmp_path, fake_api.base), db)


@pytest.fixture
def pclient(platform_app):
    return platform_app.test_client()
