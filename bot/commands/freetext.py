"""Free text (no leading /): a rep's report, an answer to the bot's question, or a correction."""
from __future__ import annotations

from bot.context import Context
from bot.intake.flow import handle_text
from bot.types import Reply


def handle(ctx: Context, text: str) -> Reply:
    result = handle_text(ctx, text)
    return result if isinstance(result, Reply) else Reply(result)
