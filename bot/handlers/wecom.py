"""WeCom self-built app callback: GET verifies the URL, POST verifies, decrypts, dispatches and answers encrypted."""
from __future__ import annotations


from flask import Blueprint, Response, request
from wechatpy.enterprise import create_reply, parse_message

from bot import texts
from bot.clock import utcnow
from bot.handlers.common import (Refused, dispatch_within, in_background, install_refusals, push,
                                 reply_payload, require_args)
from bot.handlers.wecom_crypto import CallbackCrypto, safe_xml, url_verification
from bot.notifier.channels import Channel
from bot.services import Services
from bot.types import IncomingMessage, Reply

PLATFORM = "wecom"
REPLY_TIMEOUT_S = 4.0  # WeCom gives up after 5 s and re-sends; past this we answer "" and push the reply
WELCOME_EVENTS = {"subscribe", "enter_agent"}


def to_incoming(message) -> IncomingMessage:
    return IncomingMessage(platform=PLATFORM, sender_id=message.source, sender_name=message.source,
                           text=message.content or "", message_id=str(message.id), received_at=utcnow(),
                           chat_id=None, is_group=False)


def check_inner(inner: str) -> None:
    """A decrypted message we can read: flat (no element inside a field, e.g. <Content><b/></Content>), with a
    sender and a type, so that nothing is filed under an empty user id."""
    root = safe_xml(inner.encode())
    if any(len(field) for field in root):
        raise Refused(400, "message field with child elements")
    for name in ("FromUserName", "MsgType"):
        if not (root.findtext(name) or "").strip():
            raise Refused(400, f"message without {name}")


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
        push(channels, "wecom_app", user_id, reply_payload(reply))

    def answer_text(message) -> str | None:
        reply = dispatch_within(services, to_incoming(message), REPLY_TIMEOUT_S,
                                lambda late: push_reply(message.source, late))
        if reply is None:
            return None
        if reply.image is not None and not reply.duplicate:
            in_background(lambda: push(channels, "wecom_app", message.source,
                                       {"text": "", "image_png_b64": reply_payload(reply)["image_png_b64"]}))
        return reply.text

    def answer(message) -> str | None:
        if message.type == "text":
            return answer_text(message)
        if message.type == "event":
            return texts.WELCOME if message.event in WELCOME_EVENTS else None
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
