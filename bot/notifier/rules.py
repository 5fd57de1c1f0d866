"""Who is due for what: pure functions (data, today) -> [DueItem]. No database, no clock: RuleData says when 'now' is.

Every rule returns items due by the end of `today`'s week; the digest groups them into 逾期 / 今天 / 本周.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.formatting import month_day
from bot.notifier.duedata import DueItem, RuleData

# Higher first in a digest section.
PRIORITY = {
    "req_escalated": 100, "req_unsolved": 90, "req_unanswered": 80, "followup": 70, "order_pending": 60,
    "aftersales": 55, "close_soon": 50, "stale_opportunity": 40,
    "cadence_A": 35, "cadence_B": 30, "cadence_C": 20, "cadence_D": 10,
}
# Tier -> (days between contacts, activity types that count as that contact).
CADENCE = {
    "A": (91, frozenset({"visit", "meeting", "demo"})),
    "B": (30, frozenset({"call", "visit", "meeting", "demo"})),
    "C": (91, frozenset({"email", "call", "visit", "meeting", "demo"})),
    "D": (182, frozenset({"email", "wechat", "call", "visit", "meeting", "demo", "other"})),
}
MONTHLY_TOUCH_CAP = 2
A_QUIET_DAYS = 7
AFTERSALES_DAYS = 3
AFTERSALES_LOOKBACK_DAYS = 30
CLOSE_SOON_DAYS = 7
STALE_DAYS = 14
ORDER_PENDING_DAYS = 3


def week_end(today: date) -> date:
    return today + timedelta(days=6 - today.weekday())


def _local_date(dt: datetime, tz: ZoneInfo) -> date:
    return dt.astimezone(tz).date()


def _item(data: RuleData, customer_id: int, rep: int, reason: str, due: date, kind: str, ref: int, **detail) -> DueItem:
    return DueItem(data.customers[customer_id].name, customer_id, rep, reason, due, PRIORITY[reason], kind, ref,
                   tuple(detail.items()))


def promised_followups(data: RuleData, today: date) -> list[DueItem]:
    """Open follow-ups ("下周三再跟进") due by the end of this week, each one; never capped."""
    horizon = week_end(today)
    return [_item(data, p.customer_id, p.user_id, "followup", p.due_date, "followup", p.follow_up_id,
                  what=p.action or "再跟进")
            for p in sorted(data.promises, key=lambda p: (p.due_date, p.follow_up_id))
            if p.customer_id in data.customers and p.due_date <= horizon]


def tier_cadence(data: RuleData, today: date) -> list[DueItem]:
    """A visit / B call / C email / D content, counted from the last contact of the right kind; capped."""
    tz, horizon = ZoneInfo(data.tz), week_end(today)
    quiet_since = data.now - timedelta(days=A_QUIET_DAYS)
    items = []
    for c in data.customers.values():
        if data.month_touches.get(c.id, 0) >= MONTHLY_TOUCH_CAP:
            continue
        if c.tier == "A" and data.last_contact.get(c.id, c.created_at) >= quiet_since:
            continue
        days = CADENCE[c.tier][0]
        last = data.last_cadence_contact.get(c.id, c.created_at)
        due = _local_date(last, tz) + timedelta(days=days)
        if due <= horizon:
            items.append(_item(data, c.id, c.owner_id, f"cadence_{c.tier}", due, "cadence", c.id))
    return items


def requirements_late(data: RuleData, today: date) -> list[DueItem]:
    """Unanswered 24 h: to the owner. Unsolved 48 h: to the owner, and escalated to the team's managers."""
    tz, managers = ZoneInfo(data.tz), data.managers_by_team()
    items = []
    for r in data.requirements:
        customer = data.customers.get(r.customer_id)
        if customer is None or r.status == "已解决":
            continue
        what = r.description[:20]
        if r.created_at <= data.now - timedelta(hours=48):
            due = _local_date(r.created_at + timedelta(hours=48), tz)
            items.append(_item(data, r.customer_id, customer.owner_id, "req_unsolved", due, "requirement", r.id, what=what))
            owner = data.users.get(customer.owner_id)
            for manager in managers.get(owner.team_id, []) if owner else []:
                if manager != customer.owner_id:
                    items.append(_item(data, r.customer_id, manager, "req_escalated", due, "requirement", r.id,
                                       what=what, who=owner.name))
        elif r.responded_at is None and r.created_at <= data.now - timedelta(hours=24):
            due = _local_date(r.created_at + timedelta(hours=24), tz)
            items.append(_item(data, r.customer_id, customer.owner_id, "req_unanswered", due, "requirement", r.id, what=what))
    return items


def opportunities_due(data: RuleData, today: date) -> list[DueItem]:
    """Expected close within 7 days (or already past), and no activity on the deal or its customer for 14 days."""
    tz, items = ZoneInfo(data.tz), []
    for o in data.opportunities:
        if o.customer_id not in data.customers:
            continue
        if o.expected_close is not None and o.expected_close <= today + timedelta(days=CLOSE_SOON_DAYS):
            due = min(o.expected_close, today)
            items.append(_item(data, o.customer_id, o.owner_id, "close_soon", due, "opportunity", o.id,
                               code=o.code, day=month_day(o.expected_close)))
        last = max(o.created_at, o.last_activity_at or o.created_at, data.last_contact.get(o.customer_id, o.created_at))
        if last <= data.now - timedelta(days=STALE_DAYS):
            due = _local_date(last, tz) + timedelta(days=STALE_DAYS)
            items.append(_item(data, o.customer_id, o.owner_id, "stale_opportunity", due, "opportunity", o.id,
                               code=o.code, days=(data.now - last).days))
    return items


def orders_due(data: RuleData, today: date) -> list[DueItem]:
    """After-sales follow-up 3 days after delivery (until a contact after delivery); intent orders 待处理 > 3 days."""
    tz, horizon, items = ZoneInfo(data.tz), week_end(today), []
    for o in data.orders:
        if o.customer_id not in data.customers:
            continue
        if o.status == "待处理" and o.ordered_on <= today - timedelta(days=ORDER_PENDING_DAYS):
            items.append(_item(data, o.customer_id, o.owner_id, "order_pending",
                               o.ordered_on + timedelta(days=ORDER_PENDING_DAYS), "order", o.id, code=o.code))
        if o.fulfilment == "已交付" and o.delivered_on and o.delivered_on >= today - timedelta(days=AFTERSALES_LOOKBACK_DAYS):
            due = o.delivered_on + timedelta(days=AFTERSALES_DAYS)
            last = data.last_contact.get(o.customer_id)
            if (last is None or _local_date(last, tz) <= o.delivered_on) and due <= horizon:
                items.append(_item(data, o.customer_id, o.owner_id, "aftersales", due, "order", o.id, code=o.code))
    return items


RULES = (promised_followups, tier_cadence, requirements_late, opportunities_due, orders_due)


def due_items(data: RuleData, today: date) -> list[DueItem]:
    return [item for rule in RULES for item in rule(data, today)]
