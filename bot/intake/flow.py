"""One free-text message: an answer to the open question, a correction, small talk, a question about the records,
or a report — about one customer or several — to file."""
from __future__ import annotations

import re
from typing import Any

from bot import texts
from bot.actions import is_filed_report
from bot.intake import answers
from bot.metrics import PARSE_OUTCOMES
from bot.sales import corrections, questions
from bot.sales import customers
from bot.sales.parsing import parse_message
from bot.types import Reply

# What is left of a message once the customer's name is taken out, below which there is nothing to file (华为, 格力那边).
FILLER = re.compile(r"[\s，,。.!！?？~、]|那边|这边|那里|的事|情况|怎么样|呢|啊|吧|哦")
CONTENT_KEYS = ("activity_type", "amounts", "quantity", "tags", "contacts", "stage", "next_date", "fulfilment",
                "expected_close", "probability", "competitors", "risk", "milestone", "decision_chain")
CONTENT_FLAGS = ("resolved", "cancels_follow_up", "intent_order", "cancel_order", "decision_maker", "contact_changed")


def handle_text(ctx, text: str) -> str | Reply:
    row = questions.current(ctx.session, ctx.user)
    if row is not None:
        reply = questions.answer(ctx, row, text)
        if reply is not None:
            return reply
    elif questions.answer_of(text) is not None:
        return texts.NOTHING_PENDING
    corrected = corrections.try_correct(ctx, text)
    if corrected is not None:
        return corrected
    pool = customers.reportable(ctx.session, ctx.user)
    parsed = parse_message(text, ctx.local_now, pool)
    reply = route(ctx, text, parsed, pool)
    PARSE_OUTCOMES.labels(outcome(parsed, reply)).inc()
    return reply


def outcome(parsed: dict[str, Any], reply: str | Reply) -> str:
    """What came of a parsed message, for /metrics: filed, query, unknown (not understood, small talk) or asked."""
    if isinstance(reply, Reply) and is_filed_report(reply):
        return "filed"
    if parsed["intent"] == "query":
        return "query"
    return "unknown" if parsed.get("small_talk") or reply == texts.FREE_TEXT_HINT else "asked"


def route(ctx, text: str, parsed: dict[str, Any], pool) -> str | Reply:
    intent = parsed["intent"]
    if parsed.get("small_talk"):
        return texts.SMALL_TALK if any(w in text for w in ("谢", "收到", "辛苦", "好的")) else texts.GREETING
    if intent == "query":
        return answers.answer(ctx, text, parsed, pool)
    if len(parsed.get("parts") or []) >= 2:
        return _several(ctx, text, parsed, pool)
    if intent == "unknown" and not parsed.get("customer"):
        return texts.FREE_TEXT_HINT
    return _one(ctx, text, parsed, pool)


def _one(ctx, text: str, parsed: dict[str, Any], pool) -> str | Reply:
    found = _resolve(ctx, parsed, pool)
    if found.kind == "none":
        return texts.REPORT_NO_CUSTOMER
    if found.kind == "ask" and parsed["intent"] != "new_lead":
        return questions.ask_which(ctx, text, parsed, found.candidates)
    name = found.customer.name if found.kind == "found" else found.name
    if too_little(text, parsed):
        return texts.REPORT_TOO_LITTLE.format(name=(parsed.get("customer") or {}).get("text") or name)
    if parsed.get("mode") == "plan" and not parsed.get("next_date"):
        return texts.REPORT_PLAN_NO_DATE.format(name=name)
    if found.kind == "found":
        return questions.file_and_confirm(ctx, text, parsed, found.customer)
    spec = {"name": found.name, "source": parsed.get("source") or "其他"}
    return questions.offer_new(ctx, text, parsed, spec, confirm_create=parsed["intent"] != "new_lead")


def _resolve(ctx, parsed: dict[str, Any], pool) -> customers.Resolution:
    """The parser's ambiguity (one short name, several customers) is asked about with exactly those customers."""
    named = set(parsed.get("customer_candidates") or [])
    if len(named) > 1:
        candidates = [c for c in pool if c.name in named]
        if len(candidates) > 1:
            return customers.Resolution("ask", candidates=candidates[:customers.MAX_CHOICES])
    return customers.resolve(ctx.session, parsed.get("customer"), pool)


def _several(ctx, text: str, parsed: dict[str, Any], pool) -> str | Reply:
    """Each known customer gets its own report; a part whose customer is unclear is asked about after the others."""
    ready, unclear = [], []
    for part in parsed["parts"]:
        found = _resolve(ctx, part, pool)
        (ready if found.kind == "found" else unclear).append((part, found))
    if not ready:
        return _one(ctx, text, parsed["parts"][0], pool)
    reply = questions.file_several(ctx, text, [(part, found.customer) for part, found in ready])
    part, found = unclear[0] if unclear else (None, None)
    if found is not None and found.kind == "ask":
        question = questions.ask_which(ctx, text, part, found.candidates)
        return Reply(f"{reply.text}\n{question.text}", actions=question.actions)
    return reply


def too_little(text: str, parsed: dict[str, Any]) -> bool:
    """Only a customer's name (华为, 格力那边): nothing happened that could be filed."""
    if any(parsed.get(k) for k in CONTENT_KEYS) or any(parsed.get(k) for k in CONTENT_FLAGS):
        return False
    if parsed.get("intent") in ("new_lead", "won", "lost", "stage_change"):
        return False
    rest = text
    for c in parsed.get("customers") or [parsed.get("customer") or {}]:
        rest = rest.replace(c.get("text") or "", "")
    return len(FILLER.sub("", rest)) <= 2
