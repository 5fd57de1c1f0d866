"""Free text (no leading /): a rep's report. Until reports are filed from chat, answer with how to use the bot."""
from __future__ import annotations

from bot import texts
from bot.context import Context
from bot.types import Reply


def handle(ctx: Context, text: str) -> Reply:
    return Reply(texts.FREE_TEXT_HINT)
