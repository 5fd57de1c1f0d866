"""DingTalk robot callback (HTTP mode; stream mode reuses handle_callback): verify, dispatch, reply via sessionWebhook."""
from __future__ import annotations

import hmac
import json

from flask import Blueprint, Response, request

from bot import texts
from bot.clock import utcnow
from bot.handlers.common import Refused, check_fresh, install_refusals, platform_id, strict_int, strip_mentions
from bot.handlers.dingtalk_reply import deliver, is_group
from bot.notifier.channels import Channel
from bot.notifier.dingtalk_send import sign
from bot.services import Services
from bot.settings import Settings
from bot.types import IncomingMessage, Replayed, Reply

PLATFORM = "dingtalk"
# The sign covers only the timestamp, so the window is how long a captured header pair is worth anything. DingTalk
# signs each delivery when it sends it; 5 minutes covers clock skew and its redelivery of an unanswered message
# (about a minute) — see docs/security.md.
FRESH_WINDOW_S = 300
CREATED_SKEW_MS = FRESH_WINDOW_S * 1000  # the body's createAt must be this close to the signed timestamp
TIMESTAMP_DIGITS = 13  # milliseconds since 1970 fit in 13 digits until 2286
MAX_SIGN_CHARS = 64
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


def text_field(data: dict, key: str, limit: int) -> str | None:
    """An optional display text (nick, group title), cut to its column's size: it is the platform's, not the user's."""
    value = data.get(key)
    return value[:limit] if isinstance(value, str) else None


def spoken_text(data: dict) -> tuple[str, bool] | None:
    """(text, heard from voice) of a text or audio message; None for what carries no text (picture, file)."""
    kind = data.get("msgtype", "text")
    if kind == "text":
        content = data["text"].get("content") if isinstance(data.get("text"), dict) else None
        if not isinstance(content, str):
            raise Refused(400, "text message without text.content")
        return content, False
    if kind == "audio":  # DingTalk transcribes: content.recognition is the text
        recognition = data["content"].get("recognition") if isinstance(data.get("content"), dict) else None
        return (recognition if isinstance(recognition, str) else ""), True
    return None


def to_incoming(data: dict, replay_key: str | None = None, content: str = "", voice: bool = False) -> IncomingMessage:
    group = is_group(data)
    chat_id = platform_id(data.get("conversationId"), 128, "conversationId") if group else None
    return IncomingMessage(
        platform=PLATFORM, sender_id=platform_id(data.get("senderStaffId"), 64, "senderStaffId"),
        sender_name=text_field(data, "senderNick", NICK_CHARS) or "",
        text=strip_mentions(content) if group else content.strip(),
        message_id=platform_id(data.get("msgId"), 128, "msgId"), received_at=utcnow(), chat_id=chat_id,
        is_group=group, chat_title=text_field(data, "conversationTitle", 128) if group else None,
        replay_key=replay_key, voice=voice)


def answer(data: dict, services: Services, replay_key: str | None) -> Reply | None:
    """The reply; None for a retry of a message already answered."""
    spoken = spoken_text(data)
    if spoken is None:
        return Reply(texts.TEXT_ONLY)
    content, voice = spoken
    if voice and not content.strip():
        return Reply(texts.VOICE_EMPTY)
    try:
        reply = services.dispatch(to_incoming(data, replay_key, content, voice))
    except Replayed:
        raise Refused(403, "timestamp and sign already used by another message") from None
    return None if reply.duplicate else reply


def handle_callback(data: dict, services: Services, channels: dict[str, Channel],
                    replay_key: str | None = None) -> dict | None:
    """Answer one verified message (dingtalk_reply.deliver); the reply JSON is returned only if no channel took it.
    `replay_key` is the HTTP request's sign (stream frames come over an authenticated connection and have none)."""
    reply = answer(data, services, replay_key)
    return None if reply is None else deliver(data, reply, services, channels)


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
