"""The 智能机器人's message and event bodies, the same JSON in the HTTP callback and the long connection, mapped to
IncomingMessage and back. Only the envelope differs (encrypted JSON vs WebSocket frames), so both call answer()."""
from __future__ import annotations

import logging
from typing import Callable, Mapping, NamedTuple

from sqlalchemy import update

from bot import texts
from bot.clock import utcnow
from bot.handlers.attachments import attachment_messages, send_attachments
from bot.handlers.common import Refused, platform_id, strip_mentions
from bot.notifier.channels import Channel, stream_store
from bot.notifier.wecom_aibot_send import STREAM_LIMIT_BYTES, new_stream_id
from bot.notifier.wecom_cards import button_card
from bot.reports.rendering import WORKBOOK
from bot.services import Services
from bot.storage.bookkeeping import InboundMessage
from bot.types import Attachment, IncomingMessage, Reply

log = logging.getLogger("bot.handlers")
PLATFORM = "wecom_aibot"


class Answer(NamedTuple):
    kind: str  # "respond" (a message), "welcome" (enter_chat), "update" (a card click)
    body: dict
    # A chart the answer's open stream waits for: (what to render, the message id keying its outbox row). The
    # caller queues it: for the HTTP callback's refreshes, or for the long connection to finish the stream.
    pending: tuple[Attachment, str] | None = None

    @property
    def stream(self) -> dict:
        return self.body.get("stream") or {}


def _object(data: dict, key: str) -> dict:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _sender(data: dict) -> str:
    platform_id(data.get("msgid"), 128, "msgid")
    return platform_id(_object(data, "from").get("userid"), 64, "from.userid")


def spoken_text(data: dict) -> tuple[str, bool] | None:
    """(text, heard from voice) of a text, voice or mixed message; None for what carries no text (image, file)."""
    kind = data.get("msgtype")
    if kind == "text":
        content = _object(data, "text").get("content")
        return (content, False) if isinstance(content, str) else None
    if kind == "voice":  # WeCom transcribes: voice.content is already text
        content = _object(data, "voice").get("content")
        return (content, True) if isinstance(content, str) else None
    if kind == "mixed":
        items = _object(data, "mixed").get("msg_item")
        parts = [_object(i, "text").get("content") for i in items if isinstance(i, dict)] if isinstance(items, list) else []
        words = [p for p in parts if isinstance(p, str)]
        return (" ".join(words), False) if words else None
    return None


def to_incoming(data: dict, text: str, voice: bool) -> IncomingMessage:
    sender = _sender(data)
    is_group = data.get("chattype") == "group"
    chat_id = platform_id(data.get("chatid"), 128, "chatid") if is_group else None
    return IncomingMessage(platform=PLATFORM, sender_id=sender, sender_name=sender, text=strip_mentions(text),
                           message_id=str(data["msgid"]), received_at=utcnow(), chat_id=chat_id, is_group=is_group,
                           voice=voice)


def click_incoming(data: dict, event: dict) -> IncomingMessage:
    card = _object(event, "template_card_event")
    key, task_id = card.get("event_key"), card.get("task_id")
    if not isinstance(key, str) or not isinstance(task_id, str) or not key or not task_id:
        raise Refused(400, "template_card_event without event_key or task_id")
    return IncomingMessage(platform=PLATFORM, sender_id=_sender(data), sender_name=_sender(data), text=key,
                           message_id=str(data["msgid"]), received_at=utcnow(),
                           chat_id=platform_id(data["chatid"], 128, "chatid") if data.get("chatid") else None,
                           is_group=data.get("chattype") == "group", card_id=task_id)


def reply_body(reply: Reply, feedback_id: str | None = None, note: str = "", finish: bool = True) -> dict:
    """A stream (Markdown, images as msg_item), with the card beside it when the reply has buttons; left open
    (finish false) when a chart is still to come."""
    stream: dict = {"id": new_stream_id(), "finish": finish,
                    "content": reply.text.encode()[:STREAM_LIMIT_BYTES].decode(errors="ignore")}
    if note:
        stream["content"] += "\n" + note
    if feedback_id:
        stream["feedback"] = {"id": feedback_id}
    if reply.card_id and reply.actions:
        return {"msgtype": "stream_with_template_card", "stream": stream, "template_card": button_card(reply)}
    return {"msgtype": "stream", "stream": stream}


def update_body(reply: Reply, clicker: str) -> dict:
    """The clicked card, redrawn for the one who clicked it: what the click did, the used button marked ✓."""
    return {"response_type": "update_template_card", "userids": [clicker], "template_card": button_card(reply)}


def welcome_body() -> dict:
    return {"msgtype": "text", "text": {"content": texts.WELCOME}}


def record_feedback(services: Services, event: dict) -> None:
    """👍/👎 on an answer: stored on the message it rates (the feedback id we gave the answer is that msgid)."""
    feedback = _object(event, "feedback_event")
    rated, kind = feedback.get("id"), feedback.get("type")
    if not isinstance(rated, str) or not isinstance(kind, int) or isinstance(kind, bool):
        log.warning("%s: feedback_event without id or type", PLATFORM)
        return
    content = feedback.get("content") if isinstance(feedback.get("content"), str) else None
    with services.db.session() as s:
        s.execute(update(InboundMessage).where(InboundMessage.platform == PLATFORM, InboundMessage.message_id == rated)
                  .values(feedback=kind, feedback_text=content))


def send_file(services: Services, channels: Mapping[str, Channel], msg: IncomingMessage, reply: Reply) -> str:
    """The 智能机器人 cannot carry a file: it goes through the app to the same user id (WeCom ids are per corp),
    and the reply says so; without the app it says where to get it."""
    if not is_file(reply):
        return ""
    if "wecom_app" not in channels:
        return texts.FILE_NO_CHANNEL
    send_attachments(services, channels, attachment_messages(reply, "wecom_app", msg.sender_id,
                                                             f"reply:{PLATFORM}:{msg.message_id}"))
    return texts.FILE_VIA_APP


def is_file(reply: Reply) -> bool:
    return reply.attachment is not None and reply.attachment.kind == WORKBOOK and not reply.duplicate


def refreshed(services: Services, data: dict) -> Answer | None:
    """WeCom polling a stream we left open: the same text until the chart is in, then the finished stream."""
    stream_id = _object(data, "stream").get("id")
    body = stream_store(services.settings).refresh(stream_id) if isinstance(stream_id, str) else None
    return Answer("respond", body) if body is not None else None


def answer(services: Services, channels: Mapping[str, Channel], data: dict,
           dispatch: Callable[[IncomingMessage], Reply | None]) -> Answer | None:
    """What to answer one decrypted body with; None for nothing (the empty reply)."""
    kind = data.get("msgtype")
    if kind == "event":
        event = _object(data, "event")
        eventtype = event.get("eventtype")
        if eventtype == "enter_chat":
            return Answer("welcome", welcome_body())
        if eventtype == "template_card_event":
            msg = click_incoming(data, event)
            reply = dispatch(msg)
            return Answer("update", update_body(reply, msg.sender_id)) if reply and reply.card_id else None
        if eventtype == "feedback_event":
            record_feedback(services, event)
        return None
    if kind == "stream":
        return refreshed(services, data)
    spoken = spoken_text(data)
    if spoken is None:
        _sender(data)
        return Answer("respond", reply_body(Reply(texts.TEXT_ONLY)))
    text, voice = spoken
    if voice and not text.strip():
        return Answer("respond", reply_body(Reply(texts.VOICE_EMPTY)))
    msg = to_incoming(data, text, voice)
    reply = dispatch(msg)
    if reply is None:
        return None
    chart = reply.attachment if reply.attachment is not None and not is_file(reply) and not reply.duplicate else None
    body = reply_body(reply, msg.message_id, send_file(services, channels, msg, reply), finish=chart is None)
    return Answer("respond", body, (chart, msg.message_id) if chart is not None else None)
