"""Right after a report: "改成8万", "不是周三是周四", "客户是美的" (or /改 字段 值) correct one field of it: the report is
taken back and filed again with that field changed, so the confirmation shows the corrected records."""
from __future__ import annotations

import copy
import re
from datetime import date, timedelta
from typing import Any

from bot import texts
from bot.actions import report_actions
from bot.sales import customers
from bot.sales.changes import latest_report, undo_reports
from bot.sales.confirm import confirmation
from bot.sales.filing import file_report
from bot.sales.parsing import amount_typed, date_typed
from bot.sales.vocabulary import ActivityType, AmountKind, Stage
from bot.storage.models import Customer, Report
from bot.types import Reply

WINDOW = timedelta(minutes=10)
PHRASES = (
    (re.compile(r"^客户(?:是|改成|改为|应该是)(?P<value>.+)$"), "客户"),
    (re.compile(r"^(?:不对[，,]?\s*)?(?:改成|改为|应该是)(?P<value>.+)$"), None),
    (re.compile(r"^不是(?P<old>[^，,是]+)[，,]?\s*(?:而)?是(?P<value>.+)$"), None),
)
FIELDS = {"客户": "客户", "金额": "金额", "日期": "日期", "下次": "日期", "时间": "日期", "阶段": "阶段", "类型": "类型"}
WEEKDAY = re.compile(r"^(?:周|星期|礼拜)([一二三四五六日天])$")
WEEKDAY_INDEX = {ch: i for i, ch in enumerate(texts.WEEKDAYS)} | {"天": 6}
STAGE_WORDS = {"方案": Stage.PROPOSAL, "谈判": Stage.NEGOTIATION, "赢单": Stage.WON, "输单": Stage.LOST}


def stage_named(word: str) -> Stage | None:
    """A stage by its label (方案提交), key (proposal) or short word (方案)."""
    return Stage.from_label(word) or STAGE_WORDS.get(word.strip())


def try_correct(ctx, text: str) -> str | Reply | None:
    """The corrected confirmation when `text` is a correction phrase; None when it is not one."""
    for pattern, field in PHRASES:
        found = pattern.match(text.strip().rstrip("。！!"))
        if found:
            return correct(ctx, field, found.group("value").strip())
    return None


def correct(ctx, field: str | None, value: str) -> str | Reply:
    report = latest_report(ctx.session, ctx.user, ctx.now, WINDOW)
    if report is None or not (report.changes or {}).get("summary"):
        return texts.CORRECT_NOTHING
    field = FIELDS.get(field or "") or guess_field(ctx, value)
    parsed, customer = copy.deepcopy(report.parsed), None
    if field == "客户":
        customer = customers.for_command(ctx.session, ctx.user, value, texts.USAGE_CORRECT)
    elif not patch(ctx, report, parsed, field, value):
        return texts.CORRECT_UNKNOWN
    customer_id, new_customer = report.customer_id, report.changes.get("new_customer")
    undone = undo_reports(ctx.session, [report], ctx.now)
    if customer is None and new_customer is None or undone.kept:
        customer = customer or ctx.session.get(Customer, customer_id)
        new_customer = None
    corrected = file_report(ctx, report.text, parsed, customer, new_customer if customer is None else None)
    return Reply(confirmation([corrected.changes["summary"]], corrected=True), actions=report_actions())


def guess_field(ctx, value: str) -> str:
    if amount_typed(value) is not None and not WEEKDAY.match(value):
        return "金额"
    if WEEKDAY.match(value) or date_typed(value, ctx.local_now) is not None:
        return "日期"
    if stage_named(value):
        return "阶段"
    return "客户"


def patch(ctx, report: Report, parsed: dict[str, Any], field: str, value: str) -> bool:
    if field == "金额":
        amount = amount_typed(value)
        if amount is None:
            return False
        amounts = parsed.setdefault("amounts", [])
        ours = [a for a in amounts if not a.get("competitor")]  # 改成50万 never means a competitor's price
        if not ours:
            kind = AmountKind.CONTRACT if parsed["intent"] == "won" else AmountKind.BUDGET
            ours.append({"kind": kind.value, "value_max": None})
            amounts.append(ours[0])
        ours[0].update(value=amount, value_max=None, per_unit=False)
        return True
    if field == "日期":
        day = corrected_day(ctx, value, parsed.get("next_date"))
        parsed["next_date"] = day.isoformat() if day else None
        return day is not None
    if field == "阶段" and stage_named(value):
        parsed["stage"] = stage_named(value).value
        parsed["intent"] = {"won": "won", "lost": "lost"}.get(parsed["stage"], "stage_change")
        return True
    if field == "类型" and ActivityType.from_label(value):
        parsed["activity_type"] = ActivityType.from_label(value).value
        return True
    return False


def corrected_day(ctx, value: str, current: str | None) -> date | None:
    """A bare weekday keeps the corrected date's week (不是周三是周四); other dates as the parser reads them."""
    weekday = WEEKDAY.match(value)
    if weekday and current:
        day = date.fromisoformat(current)
        return day + timedelta(days=WEEKDAY_INDEX[weekday.group(1)] - day.weekday())
    return date_typed(value, ctx.local_now)

