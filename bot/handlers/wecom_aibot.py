"""WeCom 智能机器人 (API mode) callback: group chats. JSON envelopes, the app's AES scheme with an empty receive id;
the bodies inside are mapped by aibot_frames, shared with the long-connection mode (bot/cli/wecom_stream.py)."""
from __future__ import annotations

import json

from flask import Blueprint, Response, request

from bot.handlers import aibot_frames
from bot import texts
from bot.handlers.attachments import attachment_messages, send_attachments
from bot.handlers.common import Refused, dispatch_within, install_refusals, push, require_args
from bot.handlers.wecom_crypto import CallbackCrypto, url_verification
from bot.notifier.channels import Channel, stream_store
from bot.services import Services
from bot.types import IncomingMessage, Reply

PLATFORM = aibot_frames.PLATFORM
REPLY_TIMEOUT_S = 4.0


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


def blueprint(services: Services, channels: dict[str, Channel]) -> Blueprint:
    settings = services.settings
    crypto = CallbackCrypto(settings.get("WECOM_AIBOT_TOKEN"), settings.get("WECOM_AIBOT_AES_KEY"), "")
    response_base = settings.get("WECOM_API_BASE").rstrip("/") + "/"
    bp = Blueprint(PLATFORM, __name__)
    install_refusals(bp, PLATFORM)

    def dispatcher(data: dict):
        """Dispatch within WeCom's 5 s; a slower reply goes to the message's response_url (Markdown only)."""
        url = str(data.get("response_url") or "")
        target = url if url.startswith(response_base) else None

        def late(msg: IncomingMessage, reply: Reply) -> None:
            """response_url takes one Markdown message: a chart cannot follow it, so the text says so."""
            if target:
                note = aibot_frames.send_file(services, channels, msg, reply) or (
                    texts.CHART_NO_CHANNEL if reply.attachment is not None else "")
                push(channels, "wecom_aibot_response", target, {"text": f"{reply.text}\n{note}" if note else reply.text})

        def run(msg: IncomingMessage) -> Reply | None:
            return dispatch_within(services, msg, REPLY_TIMEOUT_S, lambda reply: late(msg, reply))

        return run

    def wait_for_chart(answer: aibot_frames.Answer) -> None:
        """The stream stays open; WeCom's refreshes get its text until the deliverer has drawn the chart."""
        chart, message_id = answer.pending
        stream_id = answer.stream["id"]
        stream_store(settings).open(stream_id, answer.stream["content"])
        send_attachments(services, channels, attachment_messages(Reply("", attachment=chart), "wecom_aibot_stream",
                                                                 stream_id, f"reply:{PLATFORM}:{message_id}"))

    @bp.get("/wecom/aibot")
    def verify_url() -> Response:
        return url_verification(crypto)

    @bp.post("/wecom/aibot")
    def receive() -> Response:
        signature, timestamp, nonce = require_args("msg_signature", "timestamp", "nonce")
        encrypted = envelope_ciphertext(request.get_data())
        data = json_object(crypto.open(signature, timestamp, nonce, encrypted))
        answer = aibot_frames.answer(services, channels, data, dispatcher(data))
        if answer is not None and answer.pending is not None:
            wait_for_chart(answer)
        if answer is None:
            return Response("", mimetype="text/plain")
        sealed = crypto.encrypt(json.dumps(answer.body, ensure_ascii=False), nonce)
        body = {"encrypt": sealed["encrypt"], "msgsignature": sealed["signature"],
                "timestamp": int(sealed["timestamp"]), "nonce": sealed["nonce"]}
        return Response(json.dumps(body), mimetype="application/json")

    return bp
