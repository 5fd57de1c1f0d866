"""The confirmation: every record a report created, updated or closed, in at most eight lines, ending with how to
undo it (no change is silent)."""
from __future__ import annotations

from datetime import date
from typing import Any

from bot import texts
from bot.formatting import clip, day_with_weekday, money, month_day
from bot.sales.vocabulary import ActivityType, AmountKind, DealRisk, Stage

MAX_LINES = 8
RISK_TEXT = 20  # each risk field's share of its one line


def confirmation(summaries: list[dict[str, Any]], corrected: bool = False) -> str:
    """One report's lines, or several customers' (one message naming two) under one undo hint."""
    lines: list[str] = []
    for s in summaries:
        lines.append(_head(s, corrected))
        lines.extend(change_lines(s))
        lines.append(_next(s))
    lines = _fit(lines)
    question = next((s for s in summaries if s.get("ask_amount")), None)
    if question is not None:
        a = question["ask_amount"]
        lines.append(texts.ASK_AMOUNT_KIND.format(amount=amount_range(a["value"], a.get("value_max"))))
    elif any((s.get("next") or {}).get("holiday") for s in summaries):
        n = next(s["next"] for s in summaries if (s.get("next") or {}).get("holiday"))
        lines.append(texts.ASK_HOLIDAY_MOVE.format(holiday=n["holiday"],
                                                   day=month_day(date.fromisoformat(n["workday"]))))
    else:
        lines.append(texts.REPORT_UNDO_HINT)
    return "\n".join(lines)


def _fit(lines: list[str]) -> list[str]:
    """At most MAX_LINES - 1 lines before the closing one: later change lines are joined onto the one before."""
    while len(lines) > MAX_LINES - 1:
        lines[-3:-1] = ["；".join(lines[-3:-1])]
    return lines


def _head(s: dict[str, Any], corrected: bool) -> str:
    extra = ""
    if s.get("new"):
        extra = texts.REPORT_NEW_CUSTOMER.format(code=s.get("opp_code") or "-")
    elif s.get("opp_code"):
        extra = texts.REPORT_NEW_OPP.format(code=s["opp_code"])
    if s.get("flagged_owner"):
        extra += texts.REPORT_FLAGGED.format(owner=s["flagged_owner"])
    if s.get("type") is None:
        return texts.REPORT_PLAN_HEAD.format(customer=s["customer"], extra=extra)
    verb = texts.REPORT_CORRECTED if corrected else texts.REPORT_FILED
    return texts.REPORT_HEAD.format(verb=verb, customer=s["customer"], type=ActivityType(s["type"]).label, extra=extra)


def change_lines(s: dict[str, Any]) -> list[str]:
    """What changed, one line per kind of record: follow-ups closed, requirement, amounts, deal and order, contacts."""
    lines = []
    if s.get("closed"):
        lines.append(texts.REPORT_CLOSED.format(items=_items(s["closed"])))
    if s.get("cancelled"):
        lines.append(texts.REPORT_CANCELLED.format(items=_items(s["cancelled"])))
    if s.get("moved"):
        old, new, action = s["moved"]
        lines.append(texts.REPORT_MOVED.format(old=_day(old), new=_day(new), action=action).rstrip())
    req = s.get("requirement")
    if req:
        template = {"opened": texts.REPORT_REQ_OPENED, "updated": texts.REPORT_REQ_UPDATED,
                    "resolved": texts.REPORT_REQ_RESOLVED}[req["op"]]
        lines.append(template.format(tags="、".join(req["tags"]) or "其他", importance=req.get("importance") or "",
                                     status=req.get("status") or ""))
    if s.get("amounts"):
        lines.append(texts.REPORT_AMOUNTS.format(amounts="；".join(_amount(a) for a in s["amounts"])))
    deal = _deal(s)
    if deal:
        lines.append("，".join(deal))
    if s.get("risks"):
        lines.append(risk_line(s["risks"]))
    people = [*(s.get("contacts") or []), *(texts.REPORT_FORMER.format(name=n) for n in s.get("former") or [])]
    if people:
        lines.append(texts.REPORT_CONTACTS.format(people="；".join(people)))
    return lines


def _deal(s: dict[str, Any]) -> list[str]:
    parts = []
    if s.get("stage"):
        before, after = s["stage"]
        parts.append(texts.REPORT_STAGE.format(before=Stage(before).label, after=Stage(after).label))
    if s.get("lost_reason"):
        parts.append(texts.REPORT_LOST_REASON.format(reason=s["lost_reason"]))
    order = s.get("order")
    if order:
        quantity = f" {order['quantity']:g}{order.get('unit') or ''}" if order.get("quantity") else ""
        amount = f" {money(order['amount'])}" if order["amount"] else ""
        parts.append(texts.REPORT_ORDER.format(code=order["code"], status=order["status"], amount=amount,
                                               quantity=quantity))
    if s.get("payment"):
        p = s["payment"]
        parts.append(texts.REPORT_PAYMENT.format(amount=money(p["value"]), code=p["code"], paid=money(p["paid"])))
    if s.get("fulfilment"):
        parts.append(texts.REPORT_FULFILMENT.format(code=s["fulfilment"]["code"], value=s["fulfilment"]["value"]))
    if s.get("no_order"):
        parts.append(texts.REPORT_NO_ORDER)
    if s.get("expected_close"):
        parts.append(texts.REPORT_EXPECTED_CLOSE.format(day=_day(s["expected_close"])))
    if s.get("probability"):
        parts.append(texts.REPORT_PROBABILITY.format(value=s["probability"]))
    return parts


def risk_line(risks: dict[str, str | None]) -> str:
    """竞争：西门子也在报，报价45万；节点：12月15日评标 — the deal's risk fields a report changed, on one line."""
    return "；".join(texts.REPORT_RISK.format(field=DealRisk(f).short, text=clip(text, RISK_TEXT)) if text
                    else texts.REPORT_RISK_CLEARED.format(field=DealRisk(f).short)
                    for f, text in sorted(risks.items(), key=lambda item: list(DealRisk).index(item[0])))


def _amount(a: dict[str, Any]) -> str:
    shown = amount_range(a["value"], a.get("value_max"))
    if a.get("detail"):
        unit_price, count, unit = a["detail"]
        shown += f"（{money(unit_price)}×{count:g}{unit}）"
    if a.get("old") is not None:
        shown = f"{money(a['old'])} → {shown}"
    return f"{AmountKind(a['kind']).label} {shown}"


def amount_range(value, value_max) -> str:
    """50万, or 15万–20万 for a range."""
    return f"{money(value)}–{money(value_max)}" if value_max is not None else money(value)


def _items(rows: list[list[str]]) -> str:
    return "、".join(f"{_day(day)} {action}".rstrip() for day, action in rows)


def _day(iso: str) -> str:
    return month_day(date.fromisoformat(iso))


def _next(s: dict[str, Any]) -> str:
    n = s.get("next")
    line = texts.REPORT_NO_NEXT
    if n:
        time = f" {n['time']}" if n.get("time") else ""
        line = texts.REPORT_NEXT.format(day=day_with_weekday(date.fromisoformat(n["date"])), time=time,
                                        action=n.get("action") or "").rstrip()
    if s.get("others"):
        line += texts.REPORT_OTHERS.format(items=_items(s["others"]))
    return line
