"""The funnel as a reply that fits a phone screen: stages, conversion, amounts, won vs last month, per rep."""
from __future__ import annotations

from decimal import Decimal

from bot import texts
from bot.formatting import money
from bot.reports.funnel import Funnel, FunnelReport
from bot.sales.vocabulary import WIN_PATH
from bot.reports.scope import Scope

MAX_REP_LINES = 5


def change(now: Decimal | float, before: Decimal | float) -> str:
    """+25% / -10% / 持平 / 新增 (nothing before)."""
    if not before:
        return "持平" if not now else "上月为0"
    ratio = (float(now) - float(before)) / float(before) * 100
    return "持平" if abs(ratio) < 0.05 else f"{ratio:+.0f}%"


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def stage_lines(f: Funnel) -> list[str]:
    lines = [texts.FUNNEL_COLUMNS]
    for stage in WIN_PATH:
        amount = f.won_amount if stage == "won" else f.amounts[stage]
        lines.append(texts.FUNNEL_LINE.format(stage=stage.label, count=f.reached[stage],
                                              rate=_rate(f.conversion(stage)), amount=money(amount)))
    lines.append(texts.FUNNEL_LOST.format(count=f.lost))
    return lines


def rep_lines(report: FunnelReport, scope: Scope) -> list[str]:
    """Totals per rep only (never a customer's name), biggest won amount first."""
    ranked = sorted(report.by_owner.items(), key=lambda kv: (-kv[1].won_amount, -kv[1].total))
    lines = [texts.FUNNEL_REP.format(name=scope.names.get(owner, str(owner)), n=f.total, won=f.won,
                                     amount=money(f.won_amount)) for owner, f in ranked[:MAX_REP_LINES]]
    if len(ranked) > MAX_REP_LINES:
        lines.append(texts.FUNNEL_REPS_MORE.format(k=len(ranked) - MAX_REP_LINES))
    return lines


def funnel_text(report: FunnelReport, previous: FunnelReport, scope: Scope) -> str:
    f, p = report.team, previous.team
    if not f.total and not p.total:
        return texts.FUNNEL_EMPTY.format(who=scope.label, period=report.period.label)
    lines = [texts.FUNNEL_HEADER.format(who=scope.label, period=report.period.label, n=f.total), *stage_lines(f),
             texts.FUNNEL_WON.format(won=f.won, amount=money(f.won_amount), prev_won=p.won,
                                     prev_amount=money(p.won_amount), delta=change(f.won_amount, p.won_amount))]
    if scope.per_rep and report.by_owner:
        lines += rep_lines(report, scope)
    return "\n".join(lines)
