"""The deal risk fields (seed 001 模板2, seed 002): 竞争情况, 风险评估, 关键节点, 决策链 on the opportunity, from a report or
set by /商机 (docs/report_rules.md). A later report adds to or replaces them the way the rep would: a competitor not
yet listed adds an entry and news of a listed one replaces its entry, a new risk adds, a milestone or a decision chain
replaces the one before. Every change goes through the change log, so /撤销 puts the old text back."""
from __future__ import annotations

from datetime import date
from typing import Any

from bot import texts
from bot.formatting import month_day
from bot.sales.changes import ChangeLog
from bot.sales.command_reports import command_report, finish_command_report
from bot.sales.errors import CommandError
from bot.sales.vocabulary import DealRisk
from bot.storage.models import Customer, Opportunity
from bot.storage.opportunities import open_opportunity

SEPARATOR = "；"
MAX_ENTRIES = 5  # a long deal keeps its latest competitors and risks, so the card and the export stay readable
CLEAR = "-"  # /商机 华为 竞争 - empties a field


def said(parsed: dict[str, Any]) -> bool:
    """The report states at least one of the fields."""
    return bool(parsed.get("competitors") or parsed.get("risk") or parsed.get("milestone")
                or parsed.get("decision_chain"))


def apply(log: ChangeLog, opp: Opportunity, parsed: dict[str, Any], filed: dict[str, Any]) -> None:
    """What the report says of the deal's competition, risk, milestone and decision chain."""
    new = {
        DealRisk.COMPETITION: _with_competitors(opp.competition, parsed.get("competitors") or []),
        DealRisk.RISK: _added(opp.risk, parsed.get("risk")),
        DealRisk.MILESTONE: milestone_text(parsed.get("milestone")) or opp.milestone,
        DealRisk.DECISION_CHAIN: parsed.get("decision_chain") or opp.decision_chain,
    }
    shown = {
        DealRisk.COMPETITION: SEPARATOR.join(c["text"] for c in parsed.get("competitors") or []),
        DealRisk.RISK: parsed.get("risk"),
    }
    for field, value in new.items():
        if log.set(opp, field.value, value):
            filed.setdefault("risks", {})[field.value] = shown.get(field) or value


def open_deal(ctx, customer: Customer) -> Opportunity:
    opp = open_opportunity(ctx.session, customer.id)
    if opp is None:
        raise CommandError(texts.NO_OPEN_DEAL.format(customer=customer.name))
    return opp


def set_field(ctx, customer: Customer, field: DealRisk, text: str) -> tuple[Opportunity, dict[str, str | None]]:
    """/商机: the field as typed replaces the stored one (`-` clears it), filed as a report of its own so /撤销 puts
    the old text back; returns the deal and what changed, for the reply."""
    opp = open_deal(ctx, customer)
    value = None if text.strip() == CLEAR else text.strip()
    if getattr(opp, field.value) == value:
        raise CommandError(texts.DEAL_RISK_UNCHANGED.format(customer=customer.name, field=field.label))
    log = ChangeLog()
    report = command_report(ctx, customer.id)
    log.set(opp, field.value, value)
    finish_command_report(report, log)
    return opp, {field.value: value}


def milestone_text(milestone: dict[str, Any] | None) -> str | None:
    """The template's form, date first: 12月15日评标."""
    if not milestone:
        return None
    day = milestone.get("date")
    return f"{month_day(date.fromisoformat(day))}{milestone['text']}" if day else milestone["text"]


def entries(stored: str | None) -> list[str]:
    return [e for e in (stored or "").split(SEPARATOR) if e.strip()]


def _with_competitors(stored: str | None, competitors: list[dict[str, Any]]) -> str | None:
    items = entries(stored)
    for c in competitors:
        same = next((i for i, e in enumerate(items) if c.get("name") and c["name"] in e), None)
        if same is not None:
            items[same] = c["text"]  # 西门子降到40万: the news replaces what was said of 西门子
        elif c["text"] not in items:
            items.append(c["text"])
    return SEPARATOR.join(items[-MAX_ENTRIES:]) or None


def _added(stored: str | None, text: str | None) -> str | None:
    items = entries(stored)
    if text and text not in items:
        items.append(text)
    return SEPARATOR.join(items[-MAX_ENTRIES:]) or None
