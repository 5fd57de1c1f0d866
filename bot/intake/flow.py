"""One free-text message: an answer to a pending question, a correction, or a report to parse and file."""
from __future__ import annotations

from typing import Any

from bot import texts
from bot.context import Context
from bot.intake import corrections, matching, parsing, pending, query, questions
from bot.intake.parsing import CustomerRef
from bot.storage.customers import visible_owner_ids
from bot.types import Reply


def handle_text(ctx: Context, text: str) -> str | Reply:
    row = pending.current(ctx.session, ctx.user)
    if row is not None:
        reply = questions.answer(ctx, row, text)
        if reply is not None:
            return reply
    corrected = corrections.try_correct(ctx, text)
    if corrected is not None:
        return corrected
    reportable = parsing.reportable_list(ctx.session, ctx.user)
    parsed = parsing.parse_message(text, ctx.local_now, reportable)
    return route_parsed(ctx, text, parsed, reportable)


def route_parsed(ctx: Context, text: str, parsed: dict[str, Any], reportable: list[CustomerRef]) -> str | Reply:
    intent = parsed["intent"]
    if intent == "unknown":
        return texts.FREE_TEXT_HINT
    if intent == "query":
        owners = visible_owner_ids(ctx.session, ctx.user)
        visible = [c for c in reportable if owners is None or c.owner_id in owners]
        return query.answer(ctx, text, parsed, visible)
    found = matching.resolve(ctx.session, ctx.user, parsed.get("customer"), reportable)
    if found.kind == "found":
        return questions.file_and_confirm(ctx, text, parsed, found.customer)
    if found.kind == "none":
        return texts.REPORT_NO_CUSTOMER
    if found.kind == "ask" and intent != "new_lead":
        return questions.ask_which(ctx, text, parsed, found.candidates)
    said = parsed["customer"]
    spec = {"name": said.get("text") or said.get("match"), "source": parsed.get("source") or "其他"}
    return questions.offer_new(ctx, text, parsed, spec, confirm_create=intent != "new_lead")
