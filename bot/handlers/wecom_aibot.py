"""WeCom 智能机器人 (API mode) callback: group chats. JSON envelopes, the app's AES scheme with an empty receive id."""
from __future__ import annotations

import json
import uuid

from flask import Blueprint, Response, request

from bot import texts
from bot.clock import utcnow
from bot.handlers.common import (Refused, dispatch_within, install_refusals, push, reply_payload,
                                 require_args, strip_mentions)
from bot.handlers.wecom_crypto import CallbackCrypto, url_verification
from bot.notifier.channels import Channel
from bot.services import Services
from bot.types import IncomingMessage

PLATFORM = "wecom_aibot"
REPLY_TIMEOUT_S = 4.0
WELCOME_EVENTS = {"enter_chat"}


def json_object(data: bytes | str) -> dict:
    """A JSON object; deep nesting (RecursionError) and bad text are a 400 like any other malformed body."""
    try:
        value = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise Refused(400, "body is not JSON") from None
    if not isinstance(value, dict):
        raise Refused(400, "JSON is not an object")
    return value


def envelope_ciphertext(body: bytes) -> str:
    """The `encrypt` field of the envelope {"encrypt": "..."}; the signature covers only that field, so nothing
    else in the body is looked at."""
    encrypted = json_object(body).get("encrypt")
    if not isinstance(encrypted, str) or not encrypted:
        raise Refused(400, "no encrypt field")
    return encrypted


def to_incoming(data: dict) -> IncomingMessage:
    sender = (data.get("from") or {}).get("userid") if isinstance(data.get("from"), dict) else None
    text = (data.get("text") or {}).get("content") if isinstance(data.get("text"), dict) else None
    if not sender or not data.get("msgid") or not isinstance(text, str):
        raise Refused(400, "message without msgid, from.userid or text.content")
    is_group = data.get("chattype") == "group"
    chat_id = str(data["chatid"]) if is_group and data.get("chatid") else None
    return IncomingMessage(platform=PLATFORM, sender_id=str(sender), sender_name=str(sender),
                           text=strip_mentions(text), message_id=str(data["msgid"]), received_at=utcnow(),
                           chat_id=chat_id, is_group=is_group)


def stream_reply(text: str) -> dict:
    return {"msgtype": "stream", "stream": {"id": uuid.uuid4().hex, "finish": True, "content": text}}


def blueprint(services: Services, channels: dict[str, Channel]) -> Blueprint:
    settings = services.settings
    crypto = CallbackCrypto(settings.get("WECOM_AIBOT_TOKEN"), settings.get("WECOM_AIBOT_AES_KEY"), "")
    response_base = settings.get("WECOM_API_BASE").rstrip("/") + "/"
    bp = Blueprint(PLATFORM, __name__)
    install_refusals(bp, PLATFORM)

    def late_target(data: dict) -> str | None:
        url = str(data.get("response_url") or "")
        return url if url.startswith(response_base) else None

    def answer(data: dict) -> dict | None:
        kind = data.get("msgtype")
        if kind == "event":
            event = data.get("event") if isinstance(data.get("event"), dict) else {}
            welcome = event.get("eventtype") in WELCOME_EVENTS
            return {"msgtype": "text", "text": {"content": texts.WELCOME}} if welcome else None
        if kind == "stream":
            return None  # we always finish a stream in the first answer, so there is nothing to refresh
        if kind != "text":
            return stream_reply(texts.TEXT_ONLY)
        msg = to_incoming(data)
        target = late_target(data)
        reply = dispatch_within(services, msg, REPLY_TIMEOUT_S,
                                lambda late: target and push(channels, "wecom_aibot_response", target,
                                                             reply_payload(late)))
        return stream_reply(reply.text) if reply is not None else None

    @bp.get("/wecom/aibot")
    def verify_url() -> Response:
        return url_verification(crypto)

    @bp.post("/wecom/aibot")
    def receive() -> Response:
        signature, timestamp, nonce = require_args("msg_signature", "timestamp", "nonce")
        encrypted = envelope_ciphertext(request.get_data())
        reply = answer(json_object(crypto.open(signature, timestamp, nonce, encrypted)))
        if reply is None:
            return Response("", mimetype="text/plain")
        sealed = crypto.encrypt(json.dumps(reply, ensure_ascii=False), nonce)
        body = {"encrypt": sealed["encrypt"], "msgsignature": sealed["signature"],
                "timestamp": int(sealed["timestamp"]), "nonce": sealed["nonce"]}
        return Response(json.dumps(body), mimetype="application/json")

    return bp
