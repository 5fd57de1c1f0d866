"""The forecast as a reply: weighted and unweighted totals, deals per probability, the biggest deals."""
from __future__ import annotations

from bot import texts
from bot.formatting import money, short_day
from bot.reports.forecast import WEIGHTS, Forecast
from bot.reports.scope import Scope


def forecast_text(f: Forecast, scope: Scope, in_group: bool) -> str:
    """In a group the deals are named by code only: customer names stay in single chats."""
    if not f.count:
        lines = [texts.FORECAST_EMPTY.format(who=scope.label, period=f.period.label)]
    else:
        lines = [texts.FORECAST_HEADER.format(who=scope.label, period=f.period.label, n=f.count),
                 texts.FORECAST_TOTALS.format(weighted=money(f.weighted), unweighted=money(f.unweighted)),
                 texts.FORECAST_BY_PROBABILITY.format(items="  ".join(
                     f"{p.label} {f.counts[p]} 个（×{w}）" for p, w in WEIGHTS.items()))]
        lines.append(texts.FORECAST_TOP)
        for d in f.top:
            who = "" if in_group else f"{d.customer} "
            lines.append(texts.FORECAST_DEAL.format(who=who, code=d.code, amount=money(d.amount),
                                                    probability=d.probability, close=short_day(d.expected_close)))
    if f.undated:
        lines.append(texts.FORECAST_UNDATED.format(n=f.undated))
    return "\n".join(lines)
