"""The confirmation: exactly what a report stored, in at most six lines, ending with how to undo it."""
from __future__ import annotations

from datetime import date
from typing import Any

from bot import texts
from bot.formatting import day_with_weekday, money
from bot.storage.models import Report


def confirmation(report: Report, corrected: bool = False) -> str:
    s: dict[str, Any] = report.changes["summary"]
    lines = [_head(s, corrected)]
    if s["tags"]:
        lines.append(texts.REPORT_TAGS.format(tags="、".join(s["tags"]), importance=s["importance"]))
    if s["amounts"]:
        shown = "；".join(f"{texts.AMOUNT_KINDS.get(kind, kind)} {money(value)}" for kind, value in s["amounts"])
        lines.append(texts.REPORT_AMOUNTS.format(amounts=shown))
    if s["stage"]:
        lines.append(_stage(s))
    lines.append(_next(s))
    lines.append(texts.REPORT_UNDO_HINT)
    return "\n".join(lines)


def _head(s: dict[str, Any], corrected: bool) -> str:
    extra = ""
    if s["new"]:
        extra = texts.REPORT_NEW_CUSTOMER.format(code=s["opp_code"] or "-")
    elif s["opp_code"]:
        extra = texts.REPORT_NEW_OPP.format(code=s["opp_code"])
    if s["flagged_owner"]:
        extra += texts.REPORT_FLAGGED.format(owner=s["flagged_owner"])
    verb = texts.REPORT_CORRECTED if corrected else texts.REPORT_FILED
    return texts.REPORT_HEAD.format(verb=verb, customer=s["customer"],
                                    type=texts.ACTIVITY_TYPES.get(s["type"], s["type"]), extra=extra)


def _stage(s: dict[str, Any]) -> str:
    before, after = s["stage"]
    extra = texts.REPORT_ORDER.format(code=s["order"]) if s["order"] else ""
    if s["lost_reason"]:
        extra += texts.REPORT_LOST_REASON.format(reason=s["lost_reason"])
    return texts.REPORT_STAGE.format(before=texts.STAGES.get(before, before), after=texts.STAGES.get(after, after),
                                     extra=extra)


def _next(s: dict[str, Any]) -> str:
    if not s["next_date"]:
        return texts.REPORT_NO_NEXT
    day = day_with_weekday(date.fromisoformat(s["next_date"]))
    time = f" {s['next_time']}" if s["next_time"] else ""
    return texts.REPORT_NEXT.format(day=day, time=time, action=s["next_action"] or "").rstrip()
