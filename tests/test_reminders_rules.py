"""The rules as pure functions over plain rows, and the workday calendar."""
from datetime import date, datetime, timedelta, timezone

from bot.notifier.duedata import CustomerRow, OpportunityRow, OrderRow, PromiseRow, RuleData, UserRow
from bot.notifier.rules import due_items
from bot.nlp.calendar import is_workday
from bot.notifier.workdays import first_workday_of_month

TODAY = date(2026, 11, 18)  # Wednesday
NOW = datetime(2026, 11, 18, 1, 0, tzinfo=timezone.utc)  # 09:00 in Shanghai
OLD = datetime(2025, 1, 1, tzinfo=timezone.utc)


def _data(**rows) -> RuleData:
    data = RuleData(now=NOW, tz="Asia/Shanghai", users={1: UserRow(1, "张伟", "rep", 1, False)},
                    customers={10: CustomerRow(10, "甲", "D", 1, NOW - timedelta(days=30))})
    for key, value in rows.items():
        setattr(data, key, value)
    return data


def _reasons(data):
    return sorted((i.reason, i.due_date.isoformat()) for i in due_items(data, TODAY))


def test_every_open_follow_up_of_a_customer_is_due_not_only_the_latest():
    # REPORT_SEMANTICS §1: a later follow-up stays open next to an earlier one; both are on the list.
    promises = [PromiseRow(1, 10, 1, TODAY - timedelta(days=5), "旧"), PromiseRow(2, 10, 1, TODAY + timedelta(days=2), "新")]
    items = due_items(_data(promises=promises), TODAY)
    assert [(i.ref_id, i.due_date) for i in items] == [(1, TODAY - timedelta(days=5)), (2, TODAY + timedelta(days=2))]


def test_promises_after_this_week_are_not_due_yet():
    promises = [PromiseRow(1, 10, 1, TODAY + timedelta(days=5), None)]
    assert _reasons(_data(promises=promises)) == []


def test_cadence_counts_from_the_right_kind_of_contact_not_any_contact():
    customers = {10: CustomerRow(10, "乙", "B", 1, OLD)}
    data = _data(customers=customers, last_contact={10: NOW - timedelta(days=1)},
                 last_cadence_contact={10: NOW - timedelta(days=40)}, month_touches={10: 1})
    assert _reasons(data) == [
        ("cadence_B", (TODAY - timedelta(days=10)).isoformat())]


def test_cadence_stops_at_two_touches_a_month():
    customers = {10: CustomerRow(10, "乙", "B", 1, OLD)}
    assert _reasons(_data(customers=customers, month_touches={10: 2})) == []


def test_aftersales_three_days_after_delivery_until_a_contact():
    orders = [OrderRow(5, "SO202611001", 10, 1, "已成交", TODAY - timedelta(days=20), "已交付", TODAY - timedelta(days=2))]
    assert _reasons(_data(orders=orders)) == [("aftersales", "2026-11-19")]
    contacted = {10: NOW}
    assert _reasons(_data(orders=orders, last_contact=contacted)) == []


def test_intent_order_pending_more_than_three_days():
    orders = [OrderRow(5, "SO202611002", 10, 1, "待处理", TODAY - timedelta(days=4), None, None),
              OrderRow(6, "SO202611003", 10, 1, "待处理", TODAY - timedelta(days=2), None, None)]
    assert _reasons(_data(orders=orders)) == [("order_pending", "2026-11-17")]


def test_opportunity_closing_within_a_week_and_stale_for_two_weeks():
    opps = [OpportunityRow(7, "202611-SAL-001", 10, 1, TODAY + timedelta(days=6), NOW - timedelta(days=1), NOW),
            OpportunityRow(8, "202610-SAL-002", 10, 1, None, None, NOW - timedelta(days=20))]
    assert _reasons(_data(opportunities=opps)) == [("close_soon", "2026-11-18"), ("stale_opportunity", "2026-11-12")]


def test_workdays_follow_the_chinese_calendar():
    assert not is_workday(date(2026, 10, 1)) and is_workday(date(2026, 10, 10)) and is_workday(date(2026, 9, 20))
    assert first_workday_of_month(2026, 10) == date(2026, 10, 8)
