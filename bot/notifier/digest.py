"""One user's due items as the digest and /待办 show them: 逾期 / 今天 / 本周, highest priority first, numbered."""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Iterable

from bot import texts
from bot.formatting import month_day
from bot.notifier.duedata import DueItem

SECTIONS = ("overdue", "today", "week")
DIGEST_MAX_LINES = 10


def section(item: DueItem, today: date) -> str:
    if item.due_date < today:
        return "overdue"
    return "today" if item.due_date == today else "week"


def ordered(items: Iterable[DueItem], today: date) -> list[DueItem]:
    return sorted(items, key=lambda i: (SECTIONS.index(section(i, today)), -i.priority, i.due_date, i.customer, i.ref_id))


def by_user(items: Iterable[DueItem]) -> dict[int, list[DueItem]]:
    grouped: dict[int, list[DueItem]] = defaultdict(list)
    for item in items:
        grouped[item.rep].append(item)
    return grouped


def reason_text(item: DueItem) -> str:
    return texts.REASONS[item.reason].format(**dict(item.detail))


def when_text(item: DueItem, today: date) -> str:
    if item.due_date < today:
        return texts.DUE_OVERDUE.format(days=(today - item.due_date).days)
    if item.due_date == today:
        return ""
    return texts.DUE_ON.format(day=month_day(item.due_date))


def numbered_lines(items: list[DueItem], today: date, limit: int | None = None) -> list[str]:
    """Section headers and numbered lines for the first `limit` items (all when None)."""
    lines, current = [], None
    for i, item in enumerate(items[:limit] if limit else items, 1):
        if section(item, today) != current:
            current = section(item, today)
            lines.append(texts.DIGEST_SECTION[current])
        lines.append(texts.DIGEST_LINE.format(i=i, customer=item.customer, reason=reason_text(item),
                                              when=when_text(item, today)))
    return lines


def digest_text(name: str, items: list[DueItem], today: date) -> str:
    """The morning push: at most DIGEST_MAX_LINES lines, the rest counted."""
    lines = [texts.DIGEST_HEADER.format(name=name, n=len(items))]
    lines += numbered_lines(items, today, DIGEST_MAX_LINES)
    if len(items) > DIGEST_MAX_LINES:
        lines.append(texts.DIGEST_MORE.format(k=len(items) - DIGEST_MAX_LINES))
    lines.append(texts.DIGEST_FOOTER)
    return "\n".join(lines)


def todo_refs(items: list[DueItem]) -> list[dict]:
    """What User.last_todo keeps so /完成 N and /改期 N can act on the list the user saw."""
    return [{**item.todo_ref(), "customer": item.customer, "label": reason_text(item)} for item in items]


def todo_text(items: list[DueItem], today: date) -> str:
    """/待办: the digest's list in the digest's order, every item, each line saying when it was due."""
    if not items:
        return texts.TODO_NONE
    lines = [texts.TODO_LIST_HEADER.format(n=len(items))]
    for i, item in enumerate(items, 1):
        overdue = (today - item.due_date).days
        if overdue > 0:
            when = texts.TODO_OVERDUE.format(days=overdue)
        else:
            when = texts.TODO_TODAY if overdue == 0 else month_day(item.due_date)
        lines.append(texts.TODO_LINE.format(i=i, when=when, customer=item.customer, what=reason_text(item)))
    return "\n".join([*lines, texts.TODO_LIST_FOOTER])
