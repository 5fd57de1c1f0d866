"""Right after a report: "改成8万", "不是周三是周四", "客户是美的" (or /改 字段 值) correct one field of it."""
from __future__ import annotations

import copy
import re
from datetime import date, timedelta
from typing import Any

from bot import texts
from bot.actions import report_actions
from bot.commands.registry import CommandError
from bot.context import Context
from bot.intake import matching, parsing
from bot.intake.confirm import confirmation
from bot.intake.filing import file_report
from bot.intake.undo import latest_report, undo_report
from bot.storage import customers as repo
from bot.storage.models import Customer, Report
from bot.types import Reply

WINDOW = timedelta(minutes=10)
PHRASES = (
    (re.compile(r"^客户(?:是|改成|改为|应该是)(?P<value>.+)$"), "客户"),
    (re.compile(r"^(?:不对[，,]?\s*)?(?:改成|改为|应该是)(?P<value>.+)$"), None),
    (re.compile(r"^不是(?P<old>[^，,是]+)[，,]?\s*(?:而)?是(?P<value>.+)$"), None),
)
FIELDS = {"客户": "客户", "金额": "金额", "日期": "日期", "下次": "日期", "时间": "日期", "阶段": "阶段", "类型": "类型"}
AMOUNT = re.compile(r"^(\d+(?:\.\d+)?)\s*(万元|万|w|千|k|元|块)?$", re.I)
UNITS = {None: 1, "元": 1, "块": 1, "千": 1_000, "k": 1_000, "万": 10_000, "万元": 10_000, "w": 10_000}
WEEKDAY = re.compile(r"^(?:周|星期|礼拜)([一二三四五六日天])$")
WEEKDAY_INDEX = {ch: i for i, ch in enumerate("一二三四五六日")} | {"天": 6}
STAGE_WORDS = {name: key for key, name in texts.STAGES.items()} | {"方案": "proposal", "谈判": "negotiation",
                                                                    "赢单": "won", "输单": "lost"}
TYPE_WORDS = {name: key for key, name in texts.ACTIVITY_TYPES.items()}


def try_correct(ctx: Context, text: str) -> str | Reply | None:
    """The corrected confirmation when `text` is a correction phrase; None when it is not one."""
    for pattern, field in PHRASES:
        found = pattern.match(text.strip().rstrip("。！!"))
        if found:
            return correct(ctx, field, found.group("value").strip())
    return None


def correct(ctx: Context, field: str | None, value: str) -> str | Reply:
    report = latest_report(ctx.session, ctx.user, ctx.now, WINDOW)
    if report is None or not (report.changes or {}).get("summary"):
        return texts.CORRECT_NOTHING
    field = FIELDS.get(field or "") or guess_field(value)
    parsed, customer = copy.deepcopy(report.parsed), None
    if field == "客户":
        customer = find_customer(ctx, value)
    elif not patch(ctx, report, parsed, field, value):
        return texts.CORRECT_UNKNOWN
    customer_id, new_customer = report.customer_id, report.changes.get("new_customer")
    undo_report(ctx.session, report, ctx.now)
    if customer is None and new_customer is None:
        customer = ctx.session.get(Customer, customer_id)
    corrected = file_report(ctx, report.text, parsed, customer, new_customer if customer is None else None)
    return Reply(confirmation(corrected, corrected=True), actions=report_actions())


def guess_field(value: str) -> str:
    if AMOUNT.match(value) or value.endswith(("万", "千", "元")):
        return "金额"
    if WEEKDAY.match(value) or re.search(r"周|号|日|月|天后|明天|后天", value):
        return "日期"
    if value in STAGE_WORDS:
        return "阶段"
    return "客户"


def patch(ctx: Context, report: Report, parsed: dict[str, Any], field: str, value: str) -> bool:
    if field == "金额":
        amount = read_amount(ctx, value)
        if amount is None:
            return False
        amounts = parsed.setdefault("amounts", [])
        if not amounts:
            amounts.append({"kind": "contract" if parsed["intent"] == "won" else "budget", "value_max": None})
        amounts[0]["value"] = amount
        return True
    if field == "日期":
        day = read_date(ctx, value, parsed.get("next_date"))
        parsed["next_date"] = day.isoformat() if day else None
        return day is not None
    if field == "阶段" and value in STAGE_WORDS:
        parsed["stage"] = STAGE_WORDS[value]
        parsed["intent"] = {"won": "won", "lost": "lost"}.get(parsed["stage"], "stage_change")
        return True
    if field == "类型" and value in TYPE_WORDS:
        parsed["activity_type"] = TYPE_WORDS[value]
        return True
    return False


def read_amount(ctx: Context, value: str) -> float | None:
    found = AMOUNT.match(value)
    if found:
        return float(found.group(1)) * UNITS[(found.group(2) or "").lower() or None]
    amounts = parsing.parse_message(f"金额{value}", ctx.local_now, [])["amounts"]
    return amounts[0]["value"] if amounts else None


def read_date(ctx: Context, value: str, current: str | None) -> date | None:
    """A bare weekday moves the promised day within its week (不是周三是周四); other dates as the parser reads them."""
    weekday = WEEKDAY.match(value)
    if weekday and current:
        day = date.fromisoformat(current)
        return day + timedelta(days=WEEKDAY_INDEX[weekday.group(1)] - day.weekday())
    next_date = parsing.parse_message(f"{value}跟进", ctx.local_now, [])["next_date"]
    return date.fromisoformat(next_date) if next_date else None


def find_customer(ctx: Context, value: str) -> Customer:
    visible = parsing.visible_list(ctx.session, ctx.user)
    found = repo.search(ctx.session, value, visible) or [c for c in [
        matching.teammate_customer(ctx.session, ctx.user, value)] if c is not None]
    if len(found) != 1:
        raise CommandError(texts.CUSTOMER_NOT_FOUND.format(query=value) if not found else
                           texts.CUSTOMER_AMBIGUOUS.format(names="、".join(c.name for c in found[:5]),
                                                           first=found[0].name))
    return found[0]
