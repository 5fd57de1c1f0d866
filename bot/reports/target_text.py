"""Targets as reply lines: actual/target and the gap, flagged ⚠️ more than 15 % behind (bot/reports/targets.py)."""
from __future__ import annotations

from decimal import Decimal

from bot import texts
from bot.formatting import money
from bot.reports.targets import Gap, TargetProgress
from bot.sales.vocabulary import KPI_UNITS, Kpi, KpiUnit

MAX_LINES = 8


def figure(kpi: Kpi, value: Decimal | float | int | None) -> str:
    """A KPI's value as people write it: 300万, 35%, 20."""
    if value is None:
        return "-"
    unit = KPI_UNITS[kpi]
    if unit == KpiUnit.MONEY:
        return money(value)
    if unit == KpiUnit.PERCENT:
        return f"{float(value) * 100:.1f}".rstrip("0").rstrip(".") + "%"
    return f"{float(value):.1f}".rstrip("0").rstrip(".")


def progress_note(p: TargetProgress) -> str:
    if p.over:
        return texts.TARGET_OVER
    if not p.elapsed:
        return texts.TARGET_NOT_STARTED
    return texts.TARGET_IN_PROGRESS.format(elapsed=p.elapsed, days=p.period.days)


def gap_line(g: Gap) -> str:
    """⚠️ 张伟 成交额 120万/300万（-60%）; in a period in progress a total says what it should be by now."""
    change = g.change
    if change is None:
        note = texts.TARGET_NO_FIGURE if g.expected else texts.TARGET_NOT_STARTED
    else:
        note = f"{change * 100:+.0f}%"
        if g.expected != g.target:
            note = texts.TARGET_EXPECTED.format(expected=figure(g.kpi, g.expected), change=note)
    return texts.TARGET_LINE.format(flag=texts.TARGET_FLAG if g.behind else "", who=g.who, kpi=g.kpi.label,
                                    actual=figure(g.kpi, g.actual), target=figure(g.kpi, g.target), note=note)


def gap_lines(p: TargetProgress, limit: int = MAX_LINES) -> list[str]:
    """The targets behind first (the manager's question is who needs help), then the others, at most `limit`."""
    ordered = sorted(p.gaps, key=lambda g: not g.behind)
    lines = [gap_line(g) for g in ordered[:limit]]
    if len(ordered) > limit:
        lines.append(texts.TARGET_MORE.format(n=len(ordered) - limit))
    return lines


def target_section(p: TargetProgress) -> list[str]:
    """/业绩's part on targets; nothing when the period has none."""
    return [texts.TARGET_HEADER.format(progress=progress_note(p)), *gap_lines(p)] if p.gaps else []


def summary_section(p: TargetProgress, limit: int) -> list[str]:
    """The monthly summary's part: the targets behind, by name, or one line saying none is."""
    if not p.gaps:
        return []
    behind = [g for g in p.gaps if g.behind]
    if not behind:
        return [texts.TARGET_ALL_ON_TRACK.format(n=len(p.gaps))]
    lines = [gap_line(g) for g in behind[:limit]]
    if len(behind) > limit:
        lines.append(texts.TARGET_MORE_BEHIND.format(n=len(behind) - limit))
    return lines


def target_list(p: TargetProgress, who: str) -> list[str]:
    """/目标: one period's targets in force with their progress."""
    if not p.gaps:
        return [texts.TARGET_LIST_EMPTY.format(who=who, period=p.period.label)]
    header = texts.TARGET_LIST_HEADER.format(who=who, period=p.period.label, progress=progress_note(p))
    return [header, *gap_lines(p, limit=2 * MAX_LINES)]
