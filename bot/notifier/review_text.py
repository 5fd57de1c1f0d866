"""The monthly review as chat text: a rep's own numbered lists, and a team summary for its managers."""
from __future__ import annotations

from datetime import date

from bot import texts
from bot.formatting import money, month_day
from bot.reports.tiers import LOW_FREQUENCY_CONTACTS
from bot.notifier.review import Lost, RepReview, ReviewUser, StaleIntent, TierMove, worst_first

# Lines per list in a rep's message; the rest is counted ("还有 N 项").
REVIEW_LIST_MAX = 5
# Worst lost-contact customers and stale intent orders a manager's summary names.
TEAM_WORST_MAX = 3


def _tier_line(i: int, move: TierMove) -> str:
    template = texts.REVIEW_TIER_LOW_LINE if move.new == "D" and not move.annual_purchase else texts.REVIEW_TIER_LINE
    return template.format(i=i, customer=move.name, old=move.old, new=move.new, amount=money(move.annual_purchase),
                           n=LOW_FREQUENCY_CONTACTS)


def _lost_line(i: int, lost: Lost) -> str:
    if lost.days is None:
        return texts.REVIEW_NEVER_LINE.format(i=i, customer=lost.name, tier=lost.tier)
    return texts.REVIEW_LOST_LINE.format(i=i, customer=lost.name, tier=lost.tier, days=lost.days)


def _intent_line(i: int, o: StaleIntent) -> str:
    return texts.REVIEW_INTENT_LINE.format(i=i, code=o.code, customer=o.name, amount=money(o.amount),
                                           day=month_day(o.ordered_on))


def rep_text(name: str, day: date, review: RepReview, lost_days: int, intent_days: int) -> str:
    """Sections in a fixed order, numbered through; only those with something in them, and the next steps for
    those."""
    sections = (
        ("tiers", texts.REVIEW_TIERS.format(n=len(review.tiers)), review.tiers, _tier_line),
        ("lost", texts.REVIEW_LOST.format(days=lost_days, n=len(review.lost)), review.lost, _lost_line),
        ("prospects", texts.REVIEW_PROSPECTS.format(n=len(review.prospects)), review.prospects,
         lambda i, p: texts.REVIEW_PROSPECT_LINE.format(i=i, customer=p.name, budget=money(p.budget))),
        ("intents", texts.REVIEW_INTENTS.format(days=intent_days, n=len(review.intents)), review.intents, _intent_line),
    )
    lines, steps, number = [texts.REVIEW_HEADER.format(month=day.month, name=name)], [], 0
    for step, heading, items, render in sections:
        if not items:
            continue
        lines.append(heading)
        for item in items[:REVIEW_LIST_MAX]:
            number += 1
            lines.append(render(number, item))
        if len(items) > REVIEW_LIST_MAX:
            lines.append(texts.REVIEW_MORE.format(k=len(items) - REVIEW_LIST_MAX))
        steps.append(texts.REVIEW_STEPS[step])
    lines.append(texts.REVIEW_NEXT.format(steps="；".join(steps)))
    return "\n".join(lines)


def team_text(team: str, day: date, reps: list[ReviewUser], reviews: dict[int, RepReview]) -> str | None:
    """Counts per rep with anything to review (most first), the quiet ones counted in one line, then the worst
    items: the highest-tier longest-silent customers and the oldest intent orders. None when the team has nothing."""
    busy = sorted((r for r in reps if reviews.get(r.id)), key=lambda r: (-_size(reviews[r.id]), r.id))
    if not busy:
        return None
    lines = [texts.REVIEW_TEAM_HEADER.format(team=team, month=day.month)]
    lines += [texts.REVIEW_TEAM_LINE.format(name=r.name, tiers=len(reviews[r.id].tiers), lost=len(reviews[r.id].lost),
                                            prospects=len(reviews[r.id].prospects),
                                            intents=len(reviews[r.id].intents)) for r in busy]
    if len(reps) > len(busy):
        lines.append(texts.REVIEW_TEAM_QUIET.format(n=len(reps) - len(busy)))
    worst_lost = sorted(((lost, r) for r in busy for lost in reviews[r.id].lost[:TEAM_WORST_MAX]),
                        key=lambda pair: worst_first(pair[0]))[:TEAM_WORST_MAX]
    worst_intents = sorted(((o, r) for r in busy for o in reviews[r.id].intents[:TEAM_WORST_MAX]),
                           key=lambda pair: (pair[0].ordered_on, pair[0].code))[:TEAM_WORST_MAX]
    if worst_lost or worst_intents:
        lines.append(texts.REVIEW_TEAM_WORST)
    for i, (lost, rep) in enumerate(worst_lost, 1):
        template = texts.REVIEW_TEAM_NEVER_LINE if lost.days is None else texts.REVIEW_TEAM_LOST_LINE
        lines.append(template.format(i=i, customer=lost.name, rep=rep.name, tier=lost.tier, days=lost.days))
    for i, (o, rep) in enumerate(worst_intents, len(worst_lost) + 1):
        lines.append(texts.REVIEW_TEAM_INTENT_LINE.format(i=i, code=o.code, customer=o.name, rep=rep.name,
                                                          amount=money(o.amount), days=o.days))
    lines.append(texts.REVIEW_TEAM_NEXT)
    return "\n".join(lines)


def _size(review: RepReview) -> int:
    return len(review.tiers) + len(review.lost) + len(review.prospects) + len(review.intents)
