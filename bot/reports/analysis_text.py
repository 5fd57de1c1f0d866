"""/分析 topics: which analysis each word runs and how its rows read on a phone."""
from __future__ import annotations

from datetime import timedelta
from typing import Callable

from bot import texts
from bot.formatting import money
from bot.reports import analysis as A
from bot.reports.period import Period, month, months_back
from bot.reports.trends import needs_by_month

MAX_LINES = 12
TREND_MONTHS = 3  # 需求分类趋势: the period's (last) month and the two before it, short enough for a phone line
TREND_WORD = "趋势"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def _kind(g: A.Group) -> str:
    return texts.ANALYSIS_KIND.format(label=g.label, count=g.count, amount=money(g.amount), share=_pct(g.share))


def _industry(g: A.Group) -> str:
    return texts.ANALYSIS_INDUSTRY.format(label=g.label, count=g.count, amount=money(g.amount), note=g.note)


def _share(g: A.Group) -> str:
    return texts.ANALYSIS_SHARE.format(label=g.label, count=g.count, amount=money(g.amount), share=_pct(g.share))


def _source(g: A.Group) -> str:
    return texts.ANALYSIS_SOURCE.format(label=g.label, count=g.count, amount=money(g.amount), share=_pct(g.share))


def _lost(g: A.Group) -> str:
    return texts.ANALYSIS_LOST.format(label=g.label, count=g.count, amount=money(g.amount))


def _response(g: A.Group) -> str:
    hours = "-" if g.share is None else f"{g.share:.1f}小时"
    return texts.ANALYSIS_RESPONSE.format(label=g.label, count=g.count, hours=hours, note=g.note)


def urgent_warning(u: A.UrgentUnmet, period: Period) -> list[str]:
    """The seed-000 alarm line when more than 30 % of the rated urgent orders were not met; else nothing."""
    if not u.alarming:
        return []
    return [texts.ANALYSIS_URGENT_WARNING.format(period=period.label, unmet=u.unmet, rated=u.rated, rate=_pct(u.rate),
                                                 limit=_pct(A.URGENT_UNMET_LIMIT))]


def _urgent(s, period: Period, owner_ids) -> list[str]:
    groups = A.urgent_fulfilment(s, period, owner_ids)
    if not groups or not sum(g.count for g in groups):
        return []
    u = A.urgent_unmet(s, period, owner_ids)
    lines = [texts.ANALYSIS_URGENT.format(label=g.label, count=g.count, share=_pct(g.share)) for g in groups]
    if not u.rated:  # nothing rated: no rate to give
        return lines
    rate = texts.ANALYSIS_URGENT_RATE.format(unmet=u.unmet, rated=u.rated, rate=_pct(u.rate))
    return [*lines, rate, *urgent_warning(u, period)]


def _budget(s, period: Period, owner_ids) -> list[str]:
    g = A.budget_vs_amount(s, period, owner_ids)
    if not g.count:
        return []
    return [texts.ANALYSIS_BUDGET.format(count=g.count, budget=money(float(g.note)), amount=money(g.amount),
                                         share=_pct(g.share))]


def _needs_trend(s, period: Period, owner_ids) -> list[str]:
    last_day = period.end - timedelta(days=1)  # a quarter's trend is its own three months
    months = months_back(month(last_day.year, last_day.month, period.tz), TREND_MONTHS)
    counts = needs_by_month(s, months, owner_ids)
    if not counts:
        return []
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1][-1], -sum(kv[1])))  # stable: NEED_TAGS order on ties
    lines = [texts.ANALYSIS_TREND_MONTHS.format(months=" → ".join(f"{m.start.month}月" for m in months))]
    for tag, per_month in ranked:
        change = per_month[-1] - per_month[-2]
        lines.append(texts.ANALYSIS_TREND_LINE.format(label=tag, counts=" → ".join(map(str, per_month)),
                                                      change=f"{change:+d}" if change else "持平"))
    return lines


def _rows(query: Callable, line: Callable[[A.Group], str]) -> Callable:
    return lambda s, period, owner_ids: [line(g) for g in query(s, period, owner_ids)]


TOPICS: dict[str, tuple[str, Callable]] = {
    "区域": ("区域分布", _rows(A.regions, _share)),
    "金额档": ("订单金额档", _rows(A.amount_bands, _share)),
    "产品": ("产品销售", _rows(A.products, _share)),
    "需求": ("需求分类趋势", _needs_trend),
    "行业": ("行业偏好", _rows(A.industries, _industry)),
    "新老客户": ("新老客户", _rows(A.new_vs_old, _kind)),
    "来源": ("线索来源", _rows(A.sources, _source)),
    "输单原因": ("输单原因", _rows(A.lost_reasons, _lost)),
    "紧急订单": ("紧急订单满足度", _urgent),
    "预算": ("预算与成交额", _budget),
    "响应": ("定制需求响应", _rows(A.custom_response_hours, _response)),
}
TRENDS = ("需求",)  # the topics that are month over month; the word 趋势 may follow them
ALIASES = {"新老": "新老客户", "客户": "新老客户", "输单": "输单原因", "流失": "输单原因", "紧急": "紧急订单",
           "响应时间": "响应", "需求响应": "响应", "渠道": "来源", "地区": "区域", "地域": "区域", "金额": "金额档",
           "金额区间": "金额档", "订单金额": "金额档", "档位": "金额档", "产品偏好": "产品", "需求分类": "需求",
           "需求趋势": "需求", "分类": "需求"}


def topic_key(word: str) -> str | None:
    word = ALIASES.get(word, word)
    return word if word in TOPICS else None


def analysis_text(s, topic: str, period: Period, who: str, owner_ids) -> str:
    title, run = TOPICS[topic]
    lines = run(s, period, owner_ids)
    if not lines:
        return texts.ANALYSIS_NONE.format(who=who, period=period.label)
    return "\n".join([texts.ANALYSIS_HEADER.format(who=who, period=period.label, topic=title), *lines[:MAX_LINES]])


def menu(s, period: Period, owner_ids) -> str:
    """The choices, and this month's urgent-order alarm when it is raised for whom the chat may see."""
    lines = [texts.ANALYSIS_MENU.format(topics="、".join(TOPICS)) + texts.ANALYSIS_STAGES]
    return "\n".join([*lines, *urgent_warning(A.urgent_unmet(s, period, owner_ids), period)])
