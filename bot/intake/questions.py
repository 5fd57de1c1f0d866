"""Asking instead of guessing: which customer, create it, or is it one we already have; and taking the answer."""
from __future__ import annotations

from typing import Any

from bot import texts
from bot.actions import YES_NO, choice_actions, report_actions
from bot.context import Context
from bot.intake import matching, pending
from bot.intake.confirm import confirmation
from bot.intake.filing import file_new_customer, file_report
from bot.intake.parsing import CustomerRef
from bot.storage.models import Customer, PendingQuestion
from bot.types import Reply


def file_and_confirm(ctx: Context, text: str, parsed: dict[str, Any], customer: Customer | None,
                     new_customer: dict[str, Any] | None = None) -> str | Reply:
    if customer is not None and not matching.may_report_on(ctx.session, ctx.user, customer):
        return texts.CUSTOMER_OWNED_ELSEWHERE.format(name=customer.name, owner=customer.owner.name)
    return Reply(confirmation(file_report(ctx, text, parsed, customer, new_customer)), actions=report_actions())


def _options(customers: list[Customer] | list[CustomerRef]) -> str:
    return " ".join(texts.ASK_OPTION.format(i=i, name=c.name) for i, c in enumerate(customers, 1))


def ask_which(ctx: Context, text: str, parsed: dict[str, Any], candidates: list[CustomerRef]) -> Reply:
    pending.ask(ctx.session, ctx.user, "pick_customer",
                {"text": text, "parsed": parsed, "ids": [c.id for c in candidates]}, ctx.now)
    return Reply(texts.ASK_WHICH_CUSTOMER.format(options=_options(candidates)), actions=choice_actions(len(candidates)))


def offer_new(ctx: Context, text: str | None, parsed: dict[str, Any] | None, spec: dict[str, Any],
              confirm_create: bool) -> str | Reply:
    """Before a customer is created: similar ones are shown first; else ask (unknown name) or create (new lead)."""
    payload = {"text": text, "parsed": parsed, "new_customer": spec}
    similar = matching.similar_customers(ctx.session, spec["name"])
    if similar:
        pending.ask(ctx.session, ctx.user, "same_customer", {**payload, "ids": [c.id for c in similar]}, ctx.now)
        names = similar[0].name if len(similar) == 1 else _options(similar)
        return Reply(texts.ASK_SAME_CUSTOMER.format(names=names), actions=YES_NO)
    if confirm_create:
        pending.ask(ctx.session, ctx.user, "create_customer", payload, ctx.now)
        return Reply(texts.ASK_CREATE_CUSTOMER.format(name=spec["name"]), actions=YES_NO)
    return _create(ctx, payload)


def _create(ctx: Context, payload: dict[str, Any]) -> str | Reply:
    if payload["text"] is None:  # /新客户: a customer and nothing else
        file_new_customer(ctx, payload["new_customer"])
        return texts.NEW_CUSTOMER_DONE.format(name=payload["new_customer"]["name"], extra="")
    return file_and_confirm(ctx, payload["text"], payload["parsed"], None, payload["new_customer"])


def _use(ctx: Context, payload: dict[str, Any], customer: Customer) -> str | Reply:
    if payload["text"] is None:
        return texts.NEW_CUSTOMER_EXISTS.format(name=customer.name)
    return file_and_confirm(ctx, payload["text"], payload["parsed"], customer)


def answer(ctx: Context, row: PendingQuestion, text: str) -> str | Reply | None:
    """The reply to an answer; None when `text` is no answer (the question is dropped, the text handled as new)."""
    said = pending.answer_of(text)
    if said is None or row.expires_at < ctx.now:
        pending.clear(ctx.session, row)
        return None if said is None else texts.PENDING_EXPIRED
    payload, ids = row.payload, row.payload.get("ids") or []
    if said == "no":
        pending.clear(ctx.session, row)
        return _create(ctx, payload) if row.kind == "same_customer" else texts.PENDING_DROPPED
    if row.kind == "create_customer":
        pending.clear(ctx.session, row)
        return _create(ctx, payload)
    choice = 1 if said == "yes" and row.kind == "same_customer" else said
    if not isinstance(choice, int) or not 1 <= choice <= len(ids):
        return texts.PENDING_BAD_CHOICE.format(n=len(ids))
    pending.clear(ctx.session, row)
    customer = ctx.session.get(Customer, ids[choice - 1])
    return _use(ctx, payload, customer) if customer is not None else texts.PENDING_EXPIRED
