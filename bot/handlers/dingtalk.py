"""DingTalk robot callback (HTTP mode; stream mode reuses handle_callback): verify, dispatch, reply via sessionWebhook."""
from __future__ import annotations

import hmac
import json

from flask import Blueprint, Response, request

from bot import texts
from bot.clock import utcnow
from bot.handlers.common import Refused, check_fresh, install_refusals, platform_id, push, strict_int, strip_mentions
from bot.notifier.channels import Channel
from bot.notifier.dingtalk_send import sign, webhook_bodies
from bot.services import Services
from bot.settings import Settings
from bot.types import IncomingMessage, Replayed

PLATFORM = "dingtalk"
# The sign covers only the timestamp, so the window is how long a captured header pair is worth anything. DingTalk
# signs each delivery when it sends it; 5 minutes covers clock skew and its redelivery of an unanswered message
# (about a minute) — see docs/security.md.
FRESH_WINDOW_S = 300
CREATED_SKEW_MS = FRESH_WINDOW_S * 1000  # the body's createAt must be this close to the signed timestamp
TIMESTAMP_DIGITS = 13  # milliseconds since 1970 fit in 13 digits until 2286
MAX_SIGN_CHARS = 64
GROUP = "2"
NICK_CHARS = 64  # users.name


def check_signature(timestamp_ms: str, given: str, app_secret: str) -> int:
    """The signed timestamp (ms) once the header pair is fresh and its sign right."""
    if not timestamp_ms or not given:
        raise Refused(403, "missing timestamp or sign header")
    sent_ms = strict_int(timestamp_ms, TIMESTAMP_DIGITS, "timestamp")
    check_fresh(sent_ms // 1000, FRESH_WINDOW_S)
    if len(given) > MAX_SIGN_CHARS or not hmac.compare_digest(sign(app_secret, sent_ms).encode(), given.encode()):
        raise Refused(403, "bad sign")
    return sent_ms


def parse_body(raw: bytes) -> dict:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Refused(400, "body is not UTF-8 JSON") from None
    if not isinstance(data, dict):
        raise Refused(400, "JSON is not an object")
    platform_id(data.get("msgId"), 128, "msgId")
    platform_id(data.get("senderStaffId"), 64, "senderStaffId")
    return data


def check_bound_to_request(data: dict, sent_ms: int, settings: Settings) -> None:
    """The sign proves only the timestamp: the body must have been written then, for our robot and our corp."""
    created = data.get("createAt")
    if not isinstance(created, int) or isinstance(created, bool) or abs(created - sent_ms) > CREATED_SKEW_MS:
        raise Refused(403, "createAt missing or far from the signed timestamp")
    for field, key in (("robotCode", "DINGTALK_ROBOT_CODE"), ("senderCorpId", "DINGTALK_CORP_ID")):
        expected = settings.get(key)
        if expected and data.get(field) != expected:
            raise Refused(403, f"{field} is not this bot's {key}")


def is_group(data: dict) -> bool:
    return str(data.get("conversationType", "")) == GROUP


def text_field(data: dict, key: str, limit: int) -> str | None:
    """An optional display text (nick, group title), cut to its column's size: it is the platform's, not the user's."""
    value = data.get(key)
    return value[:limit] if isinstance(value, str) else None


def to_incoming(data: dict, replay_key: str | None = None) -> IncomingMessage:
    group = is_group(data)
    content = data["text"].get("content") if isinstance(data.get("text"), dict) else None
    if not isinstance(content, str):
        raise Refused(400, "text message without text.content")
    chat_id = platform_id(data.get("conversationId"), 128, "conversationId") if group else None
    return IncomingMessage(
        platform=PLATFORM, sender_id=platform_id(data.get("senderStaffId"), 64, "senderStaffId"),
        sender_name=text_field(data, "senderNick", NICK_CHARS) or "",
        text=strip_mentions(content) if group else content.strip(),
        message_id=platform_id(data.get("msgId"), 128, "msgId"), received_at=utcnow(), chat_id=chat_id,
        is_group=group, chat_title=text_field(data, "conversationTitle", 128) if group else None,
        replay_key=replay_key)


def answer_text(data: dict, services: Services, replay_key: str | None) -> str | None:
    """The reply's text; None for a retry of a message already answered."""
    if data.get("msgtype", "text") != "text":
        return texts.TEXT_ONLY
    try:
        reply = services.dispatch(to_incoming(data, replay_key))
    except Replayed:
        raise Refused(403, "timestamp and sign already used by another message") from None
    return None if reply.duplicate else reply.text


def handle_callback(data: dict, services: Services, channels: dict[str, Channel],
                    replay_key: str | None = None) -> dict | None:
    """Answer one verified message through its sessionWebhook; the reply JSON is returned only if that failed.
    `replay_key` is the HTTP request's sign (stream frames come over an authenticated connection and have none)."""
    text = answer_text(data, services, replay_key)
    if text is None:
        return None
    payload: dict = {"text": text}
    if is_group(data):
        payload["at_user_ids"] = [str(data["senderStaffId"])]
    webhook = str(data.get("sessionWebhook") or "")
    oapi = services.settings.get("DINGTALK_OAPI_BASE").rstrip("/") + "/"
    if webhook.startswith(oapi) and push(channels, "dingtalk_session", webhook, payload):
        return None
    return webhook_bodies(payload)[0]


def blueprint(services: Services, channels: dict[str, Channel]) -> Blueprint:
    app_secret = services.settings.get("DINGTALK_APP_SECRET")
    bp = Blueprint(PLATFORM, __name__)
    install_refusals(bp, PLATFORM)

    @bp.post("/dingtalk/callback")
    def receive() -> Response:
        given = request.headers.get("sign", "")
        sent_ms = check_signature(request.headers.get("timestamp", ""), given, app_secret)
        data = parse_body(request.get_data())
        check_bound_to_request(data, sent_ms, services.settings)
        answer = handle_callback(data, services, channels, replay_key=given)
        return Response(json.dumps(answer or {}, ensure_ascii=False), mimetype="application/json")

    return bp
