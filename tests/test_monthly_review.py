"""The monthly customer review over a known world with a frozen clock: who gets which lists on the first workday,
the tier changes it makes and records, and that a re-run or any other day sends nothing."""
import io
import json
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event, select

from bot.cli.replay import replay
from bot.notifier.review import RepReview, Lost
from bot.notifier.review_data import load_review_data
from bot.notifier.review_text import REVIEW_LIST_MAX, rep_text
from bot.notifier.runner import make_deliverer, run_job
from bot.reports.tiers import tier_for
from bot.storage.bookkeeping import Outbox
from bot.storage.models import Activity, Customer, TierChange
from tests.reminders_world import SINCE, FakeChannel, at, build_review_world

REVIEW_DAY = date(2026, 12, 1)  # a Tuesday, the first workday of December

ZHANG = """【月度客户梳理】12月 · 张伟
等级调整 3 家：
1. 华为 B→A（近12个月成交 60万）
2. 久远机械 C→D（一年没有成交，联系不到 2 次）
3. 老主顾 C→B（近12个月成交 25万）
超过 90 天没联系 3 家：
4. 甲科技（B级）122 天没联系
5. 新线索（D级）从未联系
6. 久远机械（D级）640 天没联系
高潜力（有预算、需求紧急）1 家：
7. 乙制造 预算 50万
意向订单超过 30 天未成交 1 单：
8. SO202610001 丙贸易 20万，10月15日下的意向
下一步：跟进提醒已按新等级的节奏安排；失联的先打电话或拜访，联系后直接发给我；高潜力的尽快约方案、推进报价；\
意向订单成交发 /赢单 客户 金额，不做了发 /取消订单 订单号 原因。"""

MANAGER = """【月度客户梳理】华东销售部 12月
张伟：等级调整 3，失联 3，高潜力 1，意向超期 1
李娜：等级调整 0，失联 1，高潜力 0，意向超期 0
其余 1 人本月没有要梳理的客户。
最要紧的：
1. 甲科技（张伟，B级）122 天没联系
2. 丁物流（李娜，C级）153 天没联系
3. 新线索（张伟，D级）从未联系
4. SO202610001 丙贸易（张伟）20万，意向已 47 天
下一步：和名单上的销售逐个过一遍，失联客户定好谁在哪天联系。"""


@pytest.fixture
def world(services, frozen_clock):
    with services.db.session() as s:
        return build_review_world(s)


def _run(services, frozen_clock, day: date) -> tuple[int | None, list[tuple[str, str]]]:
    frozen_clock.set(datetime.combine(day, datetime.min.time()).replace(hour=9, minute=45))
    written = run_job(services, "monthly_review", day)
    channel = FakeChannel()
    make_deliverer(services, {"console": channel}).deliver_due()
    return written, [(target, payload["text"]) for target, payload in channel.sent]


def test_first_workday_sends_each_rep_their_lists_and_the_manager_the_summary(services, frozen_clock, world):
    written, sent = _run(services, frozen_clock, REVIEW_DAY)
    assert written == 2
    assert dict(sent) == {"张伟": ZHANG, "赵敏": MANAGER}


def test_muted_inactive_and_quiet_users_get_nothing(services, frozen_clock, world):
    _, sent = _run(services, frozen_clock, REVIEW_DAY)
    # 李娜 is muted, 孙丽 has left, 王强 has nothing to review, 钱进 is a muted manager
    assert {target for target, _ in sent} == {"张伟", "赵敏"}


def test_tiers_follow_the_last_twelve_months_and_every_change_is_recorded(services, frozen_clock, world):
    _run(services, frozen_clock, REVIEW_DAY)
    with services.db.session() as s:
        tiers = {c.name: (c.tier, c.annual_purchase) for c in s.scalars(select(Customer))}
        changes = [(s.get(Customer, t.customer_id).name, t.from_tier, t.to_tier, t.annual_purchase, t.contacts,
                    t.changed_on) for t in s.scalars(select(TierChange).order_by(TierChange.id))]
    assert tiers["华为"] == ("A", Decimal(600_000))
    assert tiers["久远机械"] == ("D", Decimal(0))
    assert tiers["老主顾"] == ("B", Decimal(250_000))
    assert tiers["稳定电子"] == ("C", Decimal(0))  # contacted twice this year: not 低频, its purchase figure slid out
    assert tiers["手设集团"] == ("A", Decimal(10_000))  # set by hand: the figure is updated, the tier stays
    assert tiers["甲科技"][0] == "B" and tiers["导入客户"][0] == "B"  # no orders in the bot: the imported tier stays
    assert changes == [("华为", "B", "A", Decimal(600_000), 1, REVIEW_DAY), ("久远机械", "C", "D", Decimal(0), 0, REVIEW_DAY),
                       ("老主顾", "C", "B", Decimal(250_000), 1, REVIEW_DAY)]


def test_rerun_sends_nothing_and_changes_nothing(services, frozen_clock, world):
    _run(services, frozen_clock, REVIEW_DAY)
    again, sent = _run(services, frozen_clock, REVIEW_DAY)
    with services.db.session() as s:
        assert len(s.scalars(select(TierChange)).all()) == 3
        keys = sorted(s.scalars(select(Outbox.idempotency_key)))
    assert again == 0 and sent == []
    assert keys == [f"monthly_review:manager:{world['manager']}:2026-12", f"monthly_review:user:{world['zhang']}:2026-12"]


def test_only_the_first_workday_of_the_month_runs_over_two_weeks(services, frozen_clock, world):
    ran = {}
    for offset in range(14):
        day = date(2026, 11, 24) + timedelta(days=offset)
        written, sent = _run(services, frozen_clock, day)
        ran[day] = (written, len(sent))
    assert ran.pop(REVIEW_DAY) == (2, 2)
    assert set(ran.values()) == {(None, 0)}


def test_a_contact_since_takes_the_customer_off_the_lost_list(services, frozen_clock, world):
    with services.db.session() as s:
        s.add(Activity(customer_id=world["甲科技"], user_id=world["zhang"], type="visit", occurred_at=at("2026-11-30")))
    _, sent = _run(services, frozen_clock, REVIEW_DAY)
    assert "甲科技" not in dict(sent)["张伟"]
    assert "超过 90 天没联系 2 家：" in dict(sent)["张伟"]


def test_the_loader_reads_with_the_same_queries_whatever_the_size(services, world):
    def count_queries(extra: int) -> int:
        with services.db.session() as s:
            s.add_all(Customer(name=f"加{extra}-{i}", tier="C", owner_id=world["zhang"], created_at=SINCE)
                      for i in range(extra))
            s.flush()
            statements = []
            listener = lambda *args: statements.append(args[2])  # noqa: E731
            event.listen(s.connection().engine, "before_cursor_execute", listener)
            try:
                data = load_review_data(s, REVIEW_DAY, at("2026-12-01", 9), "Asia/Shanghai", 90, 30)
            finally:
                event.remove(s.connection().engine, "before_cursor_execute", listener)
            assert sum(name.startswith(f"加{extra}-") for _, name, *_ in data.customers.values()) == extra
            return len(statements)

    assert count_queries(1) == count_queries(40) == 9


def test_through_replay_the_job_line_shows_the_pushes(services, frozen_clock, world):
    out = io.StringIO()
    assert replay(['{"at": "2026-12-01T09:45", "job": "monthly_review"}'], services, out) == 0
    pushes = json.loads(out.getvalue())["pushes"]
    assert {p["to"] for p in pushes} == {"张伟", "赵敏"}
    assert next(p["text"] for p in pushes if p["to"] == "张伟") == ZHANG


@pytest.mark.parametrize("purchase, since, bought, contacts, tier", [
    (None, None, False, 9, "D"),                        # never bought: 潜在客户
    (Decimal(600_000), date(2024, 5, 1), True, 0, "A"),  # a big buyer is not 低频 for want of logged contacts
    (Decimal(600_000), date(2025, 6, 1), True, 3, "B"),  # 60万 for a year and a half: A takes two years
    (Decimal(600_000), date(2026, 6, 1), True, 3, "C"),  # under a year: neither A nor B
    (Decimal(0), date(2020, 1, 1), True, 1, "D"),       # bought long ago, one contact this year: 长期低频
    (Decimal(0), date(2020, 1, 1), True, 2, "C"),       # kept in touch: still a customer
    (Decimal(0), date(2020, 1, 1), True, None, "C"),    # contacts not known (a win or cancel): never demoted to D
])
def test_tier_rule(purchase, since, bought, contacts, tier):
    assert tier_for(purchase, since, bought, REVIEW_DAY, contacts) == tier


def test_long_lists_are_cut_and_counted():
    review = RepReview(lost=[Lost(i, f"客户{i}", "C", 100 + i) for i in range(REVIEW_LIST_MAX + 3)])
    lines = rep_text("张伟", REVIEW_DAY, review, 90, 30).splitlines()
    assert lines[1] == f"超过 90 天没联系 {REVIEW_LIST_MAX + 3} 家："
    assert lines[2:2 + REVIEW_LIST_MAX] == [f"{i + 1}. 客户{i}（C级）{100 + i} 天没联系" for i in range(REVIEW_LIST_MAX)]
    assert lines[2 + REVIEW_LIST_MAX] == "   还有 3 项未列出。"
    assert lines[-1] == "下一步：失联的先打电话或拜访，联系后直接发给我。"
