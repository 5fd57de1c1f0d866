"""DingTalk buttons: the reply as the variables of the admin's card template (DINGTALK_CARD_TEMPLATE_ID), and a
click (Stream topic /v1.0/card/instances/callback, for cards delivered with callbackType STREAM) as the
IncomingMessage it stands for. The callback's shape (outTrackId, userId, content.cardPrivateData.actionIds) is the
dingtalk-stream SDK's CardCallbackMessage; that userId is the staff id is unconfirmed: each click is logged."""
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


def card_params(reply: Reply) -> dict[str, str]:
    """The card template's variables (cardParamMap takes strings only): `title`, `markdown`, and `buttons`, a JSON
    list of {id, text}; the template's button sends the id back as its action id or as callback parameter `id`."""
    first, _, rest = reply.text.partition("\n")
    buttons = [{"id": button_key(i), "text": a.label} for i, a in enumerate(reply.actions)]
    return {"title": first[:40], "markdown": rest or first, "buttons": json.dumps(buttons, ensure_ascii=False)}


def card_payload(reply: Reply) -> dict:
    return {"card": {"biz_id": reply.card_id, "params": card_params(reply)}}


def update_payload(reply: Reply) -> dict:
    return {"card_update": {"biz_id": reply.card_id, "params": card_params(reply)}}


def clicked_key(content: object) -> str:
    """The button's key: params.id when the template's buttons share one action id and send the key as a callback
    parameter, else the action id itself (buttons whose action id is the key)."""
    private = content.get("cardPrivateData") if isinstance(content, dict) else None
    params = private.get("params") if isinstance(private, dict) else None
    if isinstance(params, dict) and isinstance(params.get("id"), str) and params["id"]:
        return params["id"]
    ids = private.get("actionIds") if isinstance(private, dict) else None
    if not isinstance(ids, list) or not ids or not isinstance(ids[0], str):
        raise Refused(400, "card callback without cardPrivateData.actionIds")
    return ids[0]


def click_incoming(data: dict, frame_id: str) -> IncomingMessage:
    """A card callback as the click it is; the frame's message id dedupes a redelivered callback."""
    content = data.get("content")
    try:
        content = json.loads(content) if isinstance(content, str) else content
    except (ValueError, RecursionError):
        raise Refused(400, "card callback content is not JSON") from None
    key = clicked_key(content)
    user = platform_id(data.get("userId"), 64, "userId")
    log.info("%s: card click %s on %s by %s", PLATFORM, key, data.get("outTrackId"), user)
    return IncomingMessage(platform=PLATFORM, sender_id=user, sender_name="", text=key[:16],
                           message_id=f"card:{platform_id(frame_id, 100, 'frame id')}", received_at=utcnow(),
                           card_id=platform_id(data.get("outTrackId"), 128, "outTrackId"))
