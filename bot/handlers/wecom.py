"""WeCom self-built app callback: GET verifies the URL, POST verifies, decrypts, dispatches and answers encrypted."""
from __future__ import annotations

import logging

from flask import Blueprint, Response, request
from wechatpy.enterprise import create_reply, parse_message

from bot import texts
from bot.clock import utcnow
from bot.handlers.attachments import attachment_messages, send_attachments
from bot.handlers.common import (Refused, dispatch_within, in_background, install_refusals, platform_id, push,
                                 require_args, strict_int)
from bot.handlers.wecom_crypto import CallbackCrypto, safe_xml, url_verification
from bot.notifier.channels import Channel
from bot.notifier.wecom_cards import button_card
from bot.services import Services
from bot.types import IncomingMessage, Reply

log = logging.getLogger("bot.handlers")
PLATFORM = "wecom"
REPLY_TIMEOUT_S = 4.0  # WeCom gives up after 5 s and re-sends; past this we answer "" and push the reply
WELCOME_EVENTS = {"subscribe", "enter_agent"}
CARD_EVENT = "template_card_event"


def to_incoming(message) -> IncomingMessage:
    return IncomingMessage(platform=PLATFORM, sender_id=message.source, sender_name=message.source,
                           text=message.content or "", message_id=str(message.id), received_at=utcnow(),
                           chat_id=None, is_group=False)


def click_incoming(message) -> IncomingMessage:
    """A template_card_event as the click it is. Events have no MsgId: WeCom's documented dedupe key for events is
    FromUserName + CreateTime, to which the card and the button are added."""
    data = getattr(message, "_data", {})
    task_id, key = str(data.get("TaskId") or ""), str(data.get("EventKey") or "")
    if not task_id or not key or len(task_id) > 128 or len(key) > 16:
        raise Refused(400, "template_card_event without a usable TaskId or EventKey")
    return IncomingMessage(platform=PLATFORM, sender_id=message.source, sender_name=message.source, text=key,
                           message_id=f"card:{message.source}:{data.get('CreateTime', '')}:{task_id}:{key}"[:128],
                           received_at=utcnow(), card_id=task_id)


def check_inner(inner: str) -> None:
    """A decrypted message we can read: flat (no element inside a field, e.g. <Content><b/></Content>), with a
    sender and a type, so that nothing is filed under an empty user id."""
    root = safe_xml(inner.encode())
    if any(len(field) for field in root):
        raise Refused(400, "message field with child elements")
    platform_id(root.findtext("FromUserName"), 64, "FromUserName")  # users.wecom_userid
    platform_id(root.findtext("MsgType"), 32, "MsgType")
    for name in ("MsgId", "CreateTime"):  # wechatpy reads both as integers
        if root.find(name) is not None:
            strict_int(root.findtext(name) or "", 20, name)


def read_message(crypto: CallbackCrypto, signature: str, timestamp: str, nonce: str):
    envelope = safe_xml(request.get_data())
    encrypted = envelope.findtext("Encrypt")
    if not encrypted:
        raise Refused(400, "no Encrypt element")
    inner = crypto.open(signature, timestamp, nonce, encrypted)
    check_inner(inner)
    try:
        return parse_message(inner)
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise Refused(400, f"unreadable message ({type(exc).__name__})") from None


def blueprint(services: Services, channels: dict[str, Channel]) -> Blueprint:
    settings = services.settings
    crypto = CallbackCrypto(settings.get("WECOM_TOKEN"), settings.get("WECOM_AES_KEY"), settings.get("WECOM_CORP_ID"))
    bp = Blueprint(PLATFORM, __name__)
    install_refusals(bp, PLATFORM)

    def push_reply(user_id: str, reply: Reply) -> None:
        push(channels, "wecom_app", user_id, {"text": reply.text})

    def extras(message, reply: Reply) -> None:
        """What a passive text reply cannot carry goes by message/send: the card with buttons at once, the chart
        and the file through the outbox (uploads are retried there)."""
        if reply.duplicate:
            return
        if reply.card_id and reply.actions:
            in_background(lambda: push(channels, "wecom_app", message.source, {"card": button_card(reply)}))
        send_attachments(services, channels, attachment_messages(reply, "wecom_app", message.source,
                                                                 f"reply:{PLATFORM}:{message.id}"))

    def late(message, reply: Reply) -> None:
        push_reply(message.source, reply)
        extras(message, reply)

    def answer_text(message) -> str | None:
        reply = dispatch_within(services, to_incoming(message), REPLY_TIMEOUT_S, lambda done: late(message, done))
        if reply is None:
            return None
        extras(message, reply)
        return reply.text

    def answer_click(message) -> None:
        """The click's answer redraws the card (update_template_card with the event's one-use ResponseCode)."""
        msg = click_incoming(message)
        code = str(getattr(message, "_data", {}).get("ResponseCode") or "")
        reply = services.dispatch(msg)
        if reply.duplicate or not reply.card_id or not code:
            return
        update = {"response_code": code, "template_card": button_card(reply)}
        in_background(lambda: push(channels, "wecom_app", msg.sender_id, {"card_update": update}))

    def answer(message) -> str | None:
        if message.type == "text":
            return answer_text(message)
        if message.type == "voice":
            log.info("%s: voice from %s answered with the hint: the app gets a MediaId, no transcript",
                     PLATFORM, message.source)
            return texts.VOICE_APP_UNSUPPORTED
        if message.type == "event":
            return texts.WELCOME if message.event in WELCOME_EVENTS else None
        if getattr(message, "_data", {}).get("Event") == CARD_EVENT:
            return answer_click(message)
        if message.type == "unknown":
            return None
        return texts.TEXT_ONLY

    @bp.get("/wecom/callback")
    def verify_url() -> Response:
        return url_verification(crypto)

    @bp.post("/wecom/callback")
    def receive() -> Response:
        signature, timestamp, nonce = require_args("msg_signature", "timestamp", "nonce")
        message = read_message(crypto, signature, timestamp, nonce)
        text = answer(message)
        if not text:
            return Response("", mimetype="text/plain")
        return Response(crypto.encrypt_xml(create_reply(text, message).render(), nonce), mimetype="application/xml")

    return bp
