"""Asking instead of guessing — which customer, create it, the same one, what an amount is, move off a holiday —
and taking the answer. One open question per sender, stored as a row (several web workers), 10 minutes to answer."""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import texts
from bot.actions import YES_NO, choice_actions, report_actions
from bot.formatting import month_day
from bot.sales import customers, deals
from bot.sales.changes import ChangeLog
from bot.sales.confirm import amount_range, confirmation
from bot.sales.filing import file_new_customer, file_report, new_batch
from bot.sales.vocabulary import AmountKind
from bot.storage.customers import name_taken
from bot.storage.bookkeeping import PendingQuestion
from bot.storage.models import Customer, FollowUp, Report, User
from bot.types import Reply

EXPIRY = timedelta(minutes=10)
YES = {"是", "是的", "对", "对的", "好", "好的", "嗯", "确认", "新建", "要", "y", "yes", "ok"}
NO = {"否", "不是", "不", "不对", "不用", "不要", "取消", "算了", "n", "no"}
CHOICE = re.compile(r"^\s*(\d{1,2})\s*$")
AMOUNT_CHOICES = (AmountKind.BUDGET, AmountKind.QUOTE, AmountKind.CONTRACT)


def answer_of(text: str) -> str | int | None:
    """'yes', 'no', a choice number, or None when the message is not an answer."""
    word = text.strip().strip("。.!！").lower()
    if word in YES:
        return "yes"
    if word in NO:
        return "no"
    choice = CHOICE.match(word)
    return int(choice.group(1)) if choice else None


def current(session: Session, user: User) -> PendingQuestion | None:
    return session.scalars(select(PendingQuestion).where(PendingQuestion.user_id == user.id)).first()


def ask(ctx, kind: str, payload: dict[str, Any]) -> None:
    row = current(ctx.session, ctx.user)
    if row is None:
        row = PendingQuestion(user_id=ctx.user.id)
        ctx.session.add(row)
    row.kind, row.payload, row.created_at, row.expires_at = kind, payload, ctx.now, ctx.now + EXPIRY
    ctx.session.flush()


def clear(ctx, row: PendingQuestion) -> None:
    ctx.session.delete(row)
    ctx.session.flush()


def file_and_confirm(ctx, text: str, parsed: dict[str, Any], customer: Customer | None,
                     new_customer: dict[str, Any] | None = None, confirmed_name: str | None = None) -> str | Reply:
    """File one report, ask its follow-up question if it has one, and answer with its confirmation."""
    if customer is not None and not customers.may_report_on(ctx.session, ctx.user, customer):
        return texts.CUSTOMER_NOT_FOUND.format(query=customer.name)
    report = file_report(ctx, text, parsed, customer, new_customer, confirmed_name=confirmed_name)
    return _confirmed(ctx, [report])


def file_several(ctx, text: str, parts: list[tuple[dict[str, Any], Customer]]) -> Reply:
    """One message about several customers: one report each, one confirmation, one /撤销 for all of them."""
    batch = new_batch()
    reports = [file_report(ctx, text, parsed, customer, batch=batch) for parsed, customer in parts]
    return _confirmed(ctx, reports)


def _confirmed(ctx, reports: list[Report]) -> Reply:
    """The confirmation, and the question it ends with when there is one: an amount whose kind is unknown (1/2/3),
    or a follow-up on a public holiday (是/否); else the undo and change-date buttons."""
    text = confirmation([r.changes["summary"] for r in reports])
    for report in reports:
        s = report.changes["summary"]
        if s.get("ask_amount"):
            ask(ctx, "amount_kind", {"report_id": report.id, **s["ask_amount"]})
            return Reply(text, actions=choice_actions(len(AMOUNT_CHOICES)))
        if (s.get("next") or {}).get("holiday"):
            ask(ctx, "holiday_move", {"report_id": report.id, "day": s["next"]["date"], "to": s["next"]["workday"]})
            return Reply(text, actions=YES_NO)
    return Reply(text, actions=report_actions())


def _options(candidates) -> str:
    return " ".join(texts.ASK_OPTION.format(i=i, name=c.name) for i, c in enumerate(candidates, 1))


def ask_which(ctx, text: str, parsed: dict[str, Any], candidates) -> Reply:
    said = (parsed.get("customer") or {}).get("text")
    ask(ctx, "pick_customer", {"text": text, "parsed": parsed, "ids": [c.id for c in candidates], "said": said})
    if len(candidates) == 1:
        return Reply(texts.ASK_IS_IT.format(name=candidates[0].name), actions=YES_NO)
    return Reply(texts.ASK_WHICH_CUSTOMER.format(options=_options(candidates)), actions=choice_actions(len(candidates)))


def offer_new(ctx, text: str | None, parsed: dict[str, Any] | None, spec: dict[str, Any],
              confirm_create: bool) -> str | Reply:
    """Before a customer is created: similar ones are shown first; else ask (unknown name) or create (new lead)."""
    payload = {"text": text, "parsed": parsed, "new_customer": spec, "said": spec["name"]}
    similar = customers.similar_customers(ctx.session, ctx.user, spec["name"])
    if similar:
        ask(ctx, "same_customer", {**payload, "ids": [c.id for c in similar]})
        names = similar[0].name if len(similar) == 1 else _options(similar)
        return Reply(texts.ASK_SAME_CUSTOMER.format(names=names), actions=YES_NO)
    if confirm_create:
        ask(ctx, "create_customer", payload)
        return Reply(texts.ASK_CREATE_CUSTOMER.format(name=spec["name"]), actions=YES_NO)
    return _create(ctx, payload)


def _create(ctx, payload: dict[str, Any]) -> str | Reply:
    if name_taken(ctx.session, payload["new_customer"]["name"]):  # registered by another team: say no more
        return texts.CUSTOMER_NAME_TAKEN.format(name=payload["new_customer"]["name"])
    if payload["text"] is None:  # /新客户: a customer and nothing else
        file_new_customer(ctx, payload["new_customer"])
        return texts.NEW_CUSTOMER_DONE.format(name=payload["new_customer"]["name"], extra="")
    return file_and_confirm(ctx, payload["text"], payload["parsed"], None, payload["new_customer"])


def _use(ctx, payload: dict[str, Any], customer: Customer) -> str | Reply:
    if payload["text"] is None:
        return texts.NEW_CUSTOMER_EXISTS.format(name=customer.name)
    return file_and_confirm(ctx, payload["text"], payload["parsed"], customer, confirmed_name=payload.get("said"))


def answer(ctx, row: PendingQuestion, text: str) -> str | Reply | None:
    """The reply to an answer; None when `text` is no answer (the question is dropped, the text handled as new)."""
    said = answer_of(text)
    if said is None or row.expires_at < ctx.now:
        clear(ctx, row)
        return None if said is None else texts.PENDING_EXPIRED
    if row.kind == "amount_kind":
        return _amount_kind(ctx, row, said)
    if row.kind == "holiday_move":
        return _holiday_move(ctx, row, said)
    payload, ids = row.payload, row.payload.get("ids") or []
    if said == "no":
        clear(ctx, row)
        return _create(ctx, payload) if row.kind == "same_customer" else texts.PENDING_DROPPED
    if row.kind == "create_customer":
        clear(ctx, row)
        return _create(ctx, payload)
    choice = 1 if said == "yes" and (row.kind == "same_customer" or len(ids) == 1) else said
    if not isinstance(choice, int) or not 1 <= choice <= len(ids):
        return texts.PENDING_BAD_CHOICE.format(n=len(ids))
    clear(ctx, row)
    customer = ctx.session.get(Customer, ids[choice - 1])
    return _use(ctx, payload, customer) if customer is not None else texts.PENDING_EXPIRED


def _report_of(ctx, row: PendingQuestion) -> Report | None:
    report = ctx.session.get(Report, row.payload.get("report_id"))
    return report if report is not None and report.undone_at is None else None


def _amount_kind(ctx, row: PendingQuestion, said) -> str:
    """1/2/3 sets the amount the report left open; the change joins that report, so /撤销 takes it back too."""
    if not isinstance(said, int) or not 1 <= said <= len(AMOUNT_CHOICES):
        return texts.PENDING_BAD_CHOICE.format(n=len(AMOUNT_CHOICES))
    clear(ctx, row)
    report = _report_of(ctx, row)
    if report is None or report.customer is None:
        return texts.PENDING_EXPIRED
    kind, log, filed = AMOUNT_CHOICES[said - 1], ChangeLog(), {}
    deals.set_amount(ctx, log, report.customer, kind, row.payload["value"], row.payload.get("value_max"), filed)
    ctx.session.flush()
    _join(report, log)
    return texts.AMOUNT_KIND_SET.format(kind=kind.label,
                                        amount=amount_range(row.payload["value"], row.payload.get("value_max")))


def _holiday_move(ctx, row: PendingQuestion, said) -> str:
    clear(ctx, row)
    if said != "yes":
        return texts.HOLIDAY_KEPT
    report = _report_of(ctx, row)
    follow_up = report and ctx.session.scalars(select(FollowUp).where(
        FollowUp.report_id == report.id, FollowUp.due_date == date.fromisoformat(row.payload["day"]))).first()
    if follow_up is None:
        return texts.PENDING_EXPIRED
    log = ChangeLog()
    day = date.fromisoformat(row.payload["to"])
    log.set(follow_up, "due_date", day)
    _join(report, log)
    return texts.HOLIDAY_MOVED.format(day=month_day(day))


def _join(report: Report, log: ChangeLog) -> None:
    changes = dict(report.changes)
    merged = log.to_dict()
    created = {k: list(v) for k, v in changes.get("created", {}).items()}
    for name, ids in merged["created"].items():
        created.setdefault(name, []).extend(ids)
    known = {(u["table"], u["id"], u["field"]) for u in changes.get("updated", [])}
    updated = [*changes.get("updated", []),
               *(u for u in merged["updated"] if (u["table"], u["id"], u["field"]) not in known)]
    report.changes = {**changes, "created": created, "updated": updated}
