"""Sixty days of mornings with a frozen clock over a small known world: who gets which digest, and when."""
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.notifier.runner import make_deliverer, run_job
from bot.nlp.calendar import is_workday
from bot.storage.bookkeeping import Outbox, ReminderLog
from tests.reminders_world import FakeChannel, build_world

START = date(2026, 9, 14)
DAYS = 60


_cache: dict = {}


@pytest.fixture
def simulated(services, frozen_clock):
    """Runs daily_digest (twice, to prove re-runs send nothing) and delivery every morning for 60 days.
    The run is deterministic, so it is simulated once per module and its results reused."""
    if "result" not in _cache:
        _cache["result"] = _simulate(services, frozen_clock)
    return _cache["result"]


def _simulate(services, frozen_clock):
    with services.db.session() as s:
        ids = build_world(s)
    channel = FakeChannel()
    deliverer = make_deliverer(services, {"console": channel})
    per_day, reruns = {}, []
    for offset in range(DAYS):
        day = START + timedelta(days=offset)
        frozen_clock.set(datetime.combine(day, datetime.min.time()).replace(hour=9))
        before = len(channel.sent)
        run_job(services, "daily_digest", day)
        reruns.append(run_job(services, "daily_digest", day))
        deliverer.deliver_due()
        per_day[day] = channel.sent[before:]
    with services.db.session() as s:
        counts = {"unsent": s.scalar(select(func.count(Outbox.id)).where(Outbox.status != "sent")),
                  "cadence_A_logs": s.scalar(select(func.count(ReminderLog.id)).where(ReminderLog.reason == "cadence_A"))}
    return ids, per_day, reruns, counts


def _to(per_day, day, name):
    return [p["text"] for target, p in per_day[day] if target == name]


def test_no_digest_on_holidays_or_weekends_and_one_on_make_up_workdays(simulated):
    _, per_day, _, _ = simulated
    for offset in range(7):
        assert per_day[date(2026, 10, 1) + timedelta(days=offset)] == []
    assert per_day[date(2026, 9, 19)] == [] and per_day[date(2026, 9, 26)] == []
    assert len(_to(per_day, date(2026, 9, 20), "张伟")) == 1  # Sunday 调休 workday
    assert len(_to(per_day, date(2026, 10, 10), "张伟")) == 1  # Saturday 调休 workday


def test_rep_gets_exactly_one_digest_every_workday_and_rerunning_sends_nothing_new(simulated):
    _, per_day, reruns, counts = simulated
    workdays = [d for d in per_day if is_workday(d)]
    assert all(len(_to(per_day, d, "张伟")) == 1 for d in workdays)
    assert all(r in (0, None) for r in reruns)
    assert counts["unsent"] == 0


def test_first_morning_digest_is_exactly_the_promise_due_this_week(simulated):
    _, per_day, _, _ = simulated
    assert _to(per_day, START, "张伟") == [
        "早上好，张伟！今天要跟进 1 项：\n【本周】\n1. 丙贸易 按约跟进：寄样品（9月16日）\n"
        "做完发 /完成 序号，要改日子发 /改期 序号 日期。"]


def test_muted_rep_and_rep_with_nothing_due_get_nothing(simulated):
    _, per_day, _, _ = simulated
    assert not any(_to(per_day, d, "李娜") or _to(per_day, d, "王强") for d in per_day)


def test_a_customer_is_quiet_for_seven_days_after_a_contact_then_capped_at_two_touches_a_month(simulated):
    _, per_day, _, counts = simulated
    mentions = {d: sum("甲科技" in t for t in _to(per_day, d, "张伟")) for d in per_day}
    assert mentions[date(2026, 9, 17)] == 0  # called 9-10 10:00: A customers are left alone for 7 days
    assert mentions[date(2026, 9, 18)] == 1
    by_month = {}
    for d, n in mentions.items():
        by_month[d.month] = by_month.get(d.month, 0) + n
    # September already had the 9-10 call: one push makes two touches. October and November: two pushes each.
    assert by_month == {9: 1, 10: 2, 11: 2}
    assert counts["cadence_A_logs"] == 5


def test_promised_followup_is_never_capped(simulated):
    _, per_day, _, _ = simulated
    workdays = [d for d in per_day if is_workday(d)]
    assert all(any("丙贸易 按约跟进" in t for t in _to(per_day, d, "张伟")) for d in workdays)


def test_requirement_goes_to_the_rep_after_24h_and_is_escalated_to_the_manager_after_48h(simulated):
    _, per_day, _, _ = simulated
    assert not any("交期能不能提前" in t for t in _to(per_day, date(2026, 11, 2), "张伟"))
    assert "需求「交期能不能提前」超过24小时未回复" in _to(per_day, date(2026, 11, 3), "张伟")[0]
    assert _to(per_day, date(2026, 11, 3), "赵敏") == []
    assert "超过48小时未解决" in _to(per_day, date(2026, 11, 4), "张伟")[0]
    assert _to(per_day, date(2026, 11, 4), "赵敏") == [
        "早上好，赵敏！今天要跟进 1 项：\n【今天】\n1. 戊电子 【升级】张伟的需求「交期能不能提前」超过48小时未解决\n"
        "做完发 /完成 序号，要改日子发 /改期 序号 日期。"]
