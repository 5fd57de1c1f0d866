"""WeCom template cards with buttons (button_interaction), shared by the self-built app and the 智能机器人.

The documented card has main_title {title, desc}, sub_title_text, task_id and button_list [{text, style, key}], at
most six buttons. The length limits used here (title 26, sub title 112 characters) are the docs' advice as copied,
unconfirmed: longer text is clipped, and the full text always travels in the message beside the card."""
from __future__ import annotations

from bot.actions import MAX_BUTTONS, button_key
from bot.formatting import clip
from bot.types import Reply

TITLE_CHARS = 26
SUB_TITLE_CHARS = 112
STYLE_PRIMARY, STYLE_PLAIN = 1, 2


def button_card(reply: Reply) -> dict:
    """The card for a reply with actions; the task id is the stored card's, the keys a0, a1 … its actions."""
    first, _, rest = reply.text.partition("\n")
    card: dict = {"card_type": "button_interaction", "task_id": reply.card_id,
                  "main_title": {"title": clip(first, TITLE_CHARS)},
                  "button_list": [{"text": clip(a.label, 10), "style": STYLE_PRIMARY if i == 0 else STYLE_PLAIN,
                                   "key": button_key(i)} for i, a in enumerate(reply.actions[:MAX_BUTTONS])]}
    if rest.strip():
        card["sub_title_text"] = clip(rest, SUB_TITLE_CHARS)
    return card
