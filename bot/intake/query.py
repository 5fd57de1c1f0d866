"""Questions to the bot answered from data: a customer's deal stage, who to follow up today."""
from __future__ import annotations

from typing import Any

from bot import texts
from bot.clock import local
from bot.commands.todo import todo_command
from bot.context import Context
from bot.formatting import money, short_day
from bot.intake.parsing import CustomerRef
from bot.storage.models import Customer
from bot.storage.opportunities import open_opportunity

FOLLOW_UP_WORDS = ("跟进", "待办", "拜访谁", "联系谁")


def answer(ctx: Context, text: str, parsed: dict[str, Any], visible: list[CustomerRef]) -> str:
    said = parsed.get("customer") or {}
    customer = next((c for c in visible if c.name == said.get("match")), None)
    if customer is not None:
        return deal_status(ctx, customer)
    if any(word in text for word in FOLLOW_UP_WORDS):
        return todo_command(ctx, "")
    return texts.QUERY_HINT


def deal_status(ctx: Context, customer: Customer | CustomerRef) -> str:
    opp = open_opportunity(ctx.session, customer.id)
    if opp is None:
        return texts.QUERY_NO_DEAL.format(customer=customer.name)
    last = short_day(local(opp.last_activity_at, ctx.tz)) if opp.last_activity_at else texts.NEVER
    return texts.QUERY_STAGE.format(customer=customer.name, code=opp.code, stage=texts.STAGES[opp.stage],
                                    amount=money(opp.expected_amount), last=last)
