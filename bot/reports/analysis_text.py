"""/分析 topics: which analysis each word runs and how its rows read on a phone."""
from __future__ import annotations

from typing import Callable

from bot import texts
from bot.formatting import money
from bot.reports import analysis as A
from bot.reports.period import Period

MAX_LINES = 12


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def _kind(g: A.Group) -> str:
    return texts.ANALYSIS_KIND.format(label=g.label, count=g.count, amount=money(g.amount), share=_pct(g.share))


def _industry(g: A.Group) -> str:
    return texts.ANALYSIS_INDUSTRY.format(label=g.label, count=g.count, amount=money(g.amount), note=g.note)


def _urgent(g: A.Group) -> str:
    return texts.ANALYSIS_URGENT.format(label=g.label, count=g.count, share=_pct(g.share))


def _source(g: A.Group) -> str:
    return texts.ANALYSIS_SOURCE.format(label=g.label, count=g.count, amount=money(g.amount), share=_pct(g.share))


def _lost(g: A.Group) -> str:
    return texts.ANALYSIS_LOST.format(label=g.label, count=g.count, amount=money(g.amount))


def _response(g: A.Group) -> str:
    hours = "-" if g.share is None else f"{g.share:.1f}小时"
    return texts.ANALYSIS_RESPONSE.format(label=g.label, count=g.count, hours=hours, note=g.note)


def _budget(s, period: Period, owner_ids) -> list[str]:
    g = A.budget_vs_amount(s, period, owner_ids)
    if not g.count:
        return []
    return [texts.ANALYSIS_BUDGET.format(count=g.count, budget=money(float(g.note)), amount=money(g.amount),
                                         share=_pct(g.share))]


def _rows(query: Callable, line: Callable[[A.Group], str]) -> Callable:
    return lambda s, period, owner_ids: [line(g) for g in query(s, period, owner_ids)]


TOPICS: dict[str, tuple[str, Callable]] = {
    "行业": ("行业偏好", _rows(A.industries, _industry)),
    "新老客户": ("新老客户", _rows(A.new_vs_old, _kind)),
    "来源": ("线索来源", _rows(A.sources, _source)),
    "输单原因": ("输单原因", _rows(A.lost_reasons, _lost)),
    "紧急订单": ("紧急订单满足度", _rows(A.urgent_fulfilment, _urgent)),
    "预算": ("预算与成交额", _budget),
    "响应": ("定制需求响应", _rows(A.custom_response_hours, _response)),
}
ALIASES = {"新老": "新老客户", "客户": "新老客户", "输单": "输单原因", "流失": "输单原因", "紧急": "紧急订单",
           "响应时间": "响应", "需求响应": "响应", "渠道": "来源"}


def topic_key(word: str) -> str | None:
    word = ALIASES.get(word, word)
    return word if word in TOPICS else None


def analysis_text(s, topic: str, period: Period, who: str, owner_ids) -> str:
    title, run = TOPICS[topic]
    lines = run(s, period, owner_ids)
    if not lines:
        return texts.ANALYSIS_NONE.format(who=who, period=period.label)
    return "\n".join([texts.ANALYSIS_HEADER.format(who=who, period=period.label, topic=title), *lines[:MAX_LINES]])


def menu() -> str:
    return texts.ANALYSIS_MENU.format(topics="、".join(TOPICS)) + texts.ANALYSIS_STAGES
