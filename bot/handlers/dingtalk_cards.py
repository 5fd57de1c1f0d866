"""DingTalk buttons: the reply as a StandardCard with "request" buttons, and a click (Stream topic
/v1.0/card/instances/callback) as the IncomingMessage it stands for. Card JSON as in the dingtalk-stream SDK's
interactive_card samples; the callback's shape (outTrackId, userId, content.cardPrivateData.actionIds) as its
CardCallbackMessage reads it. That the robot card's click reaches this topic is unconfirmed: it is logged."""
from __future__ import annotations

import json
import logging

from bot.actions import button_key
from bot.clock import utcnow
from bot.handlers.common import Refused, platform_id
from bot.types import IncomingMessage, Reply

log = logging.getLogger("bot.handlers")
PLATFORM = "dingtalk"
TOPIC = "/v1.0/card/instances/callback"


def card_data(reply: Reply) -> dict:
    first, _, rest = reply.text.partition("\n")
    buttons = [{"type": "button", "label": {"type": "text", "text": a.label, "id": f"label_{button_key(i)}"},
                "actionType": "request", "status": "primary" if i == 0 else "normal", "id": button_key(i)}
               for i, a in enumerate(reply.actions)]
    contents: list[dict] = [{"type": "markdown", "text": rest or first, "id": "body"}]
    if buttons:
        contents.append({"type": "action", "actions": buttons, "id": "actions"})
    return {"config": {"autoLayout": True, "enableForward": False},
            "header": {"title": {"type": "text", "text": first[:40]}}, "contents": contents}


def card_payload(reply: Reply) -> dict:
    return {"card": {"biz_id": reply.card_id, "data": card_data(reply)}}


def update_payload(reply: Reply) -> dict:
    return {"card_update": {"biz_id": reply.card_id, "data": card_data(reply)}}


def click_incoming(data: dict, frame_id: str) -> IncomingMessage:
    """A card callback as the click it is; the frame's message id dedupes a redelivered callback."""
    content = data.get("content")
    try:
        content = json.loads(content) if isinstance(content, str) else content
    except (ValueError, RecursionError):
        raise Refused(400, "card callback content is not JSON") from None
    private = content.get("cardPrivateData") if isinstance(content, dict) else None
    ids = private.get("actionIds") if isinstance(private, dict) else None
    if not isinstance(ids, list) or not ids or not isinstance(ids[0], str):
        raise Refused(400, "card callback without cardPrivateData.actionIds")
    user = platform_id(data.get("userId"), 64, "userId")
    log.info("%s: card click %s on %s by %s", PLATFORM, ids[0], data.get("outTrackId"), user)
    return IncomingMessage(platform=PLATFORM, sender_id=user, sender_name="", text=ids[0][:16],
                           message_id=f"card:{platform_id(frame_id, 100, 'frame id')}", received_at=utcnow(),
                           card_id=platform_id(data.get("outTrackId"), 128, "outTrackId"))
