"""DingTalk robot callback (HTTP mode; stream mode reuses handle_callback): verify, dispatch, reply via sessionWebhook."""
from __future__ import annotations

import hmac
import json

from flask import Blueprint, Response, request

from bot import texts
from bot.clock import utcnow
from bot.handlers.common import Refused, check_fresh, install_refusals, push, strip_mentions
from bot.notifier.channels import Channel
from bot.notifier.dingtalk_send import sign, webhook_bodies
from bot.services import Services
from bot.types import IncomingMessage

PLATFORM = "dingtalk"
FRESH_WINDOW_S = 3600
GROUP = "2"


def check_signature(timestamp_ms: str, given: str, app_secret: str) -> None:
    if not timestamp_ms or not given:
        raise Refused(403, "missing timestamp or sign header")
    if not timestamp_ms.isdigit():
        raise Refused(403, "timestamp is not a number")
    check_fresh(int(timestamp_ms) / 1000, FRESH_WINDOW_S)
    if not hmac.compare_digest(sign(app_secret, int(timestamp_ms)).encode(), given.encode()):
        raise Refused(403, "bad sign")


def parse_body(raw: bytes) -> dict:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Refused(400, "body is not UTF-8 JSON") from None
    if not isinstance(data, dict):
        raise Refused(400, "JSON is not an object")
    if not data.get("msgId") or not data.get("senderStaffId"):
        raise Refused(400, "message without msgId or senderStaffId")
    return data


def is_group(data: dict) -> bool:
    return str(data.get("conversationType", "")) == GROUP


def to_incoming(data: dict) -> IncomingMessage:
    group = is_group(data)
    content = data["text"].get("content") if isinstance(data.get("text"), dict) else None
    if not isinstance(content, str):
        raise Refused(400, "text message without text.content")
    return IncomingMessage(
        platform=PLATFORM, sender_id=str(data["senderStaffId"]), sender_name=str(data.get("senderNick") or ""),
        text=strip_mentions(content) if group else content.strip(), message_id=str(data["msgId"]),
        received_at=utcnow(), chat_id=str(data["conversationId"]) if group and data.get("conversationId") else None,
        is_group=group, chat_title=data.get("conversationTitle") if group else None)


def answer_text(data: dict, services: Services) -> str | None:
    """The reply's text; None for a retry of a message already answered."""
    if data.get("msgtype", "text") != "text":
        return texts.TEXT_ONLY
    reply = services.dispatch(to_incoming(data))
    return None if reply.duplicate else reply.text


def handle_callback(data: dict, services: Services, channels: dict[str, Channel]) -> dict | None:
    """Answer one verified message through its sessionWebhook; the reply JSON is returned only if that failed."""
    text = answer_text(data, services)
    if text is None:
        return None
    payload: dict = {"text": text}
    if is_group(data):
        payload["at_user_ids"] = [str(data["senderStaffId"])]
    webhook = str(data.get("sessionWebhook") or "")
    oapi = services.settings.get("DINGTALK_OAPI_BASE", "https://oapi.dingtalk.com").rstrip("/") + "/"
    if webhook.startswith(oapi) and push(channels, "dingtalk_session", webhook, payload):
        return None
    return webhook_bodies(payload)[0]


def blueprint(services: Services, channels: dict[str, Channel]) -> Blueprint:
    app_secret = services.settings.get("DINGTALK_APP_SECRET")
    bp = Blueprint(PLATFORM, __name__)
    install_refusals(bp, PLATFORM)

    @bp.post("/dingtalk/callback")
    def receive() -> Response:
        check_signature(request.headers.get("timestamp", ""), request.headers.get("sign", ""), app_secret)
        answer = handle_callback(parse_body(request.get_data()), services, channels)
        return Response(json.dumps(answer or {}, ensure_ascii=False), mimetype="application/json")

    return bp
