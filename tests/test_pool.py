"""The customer pool (公海) over time with a frozen clock: notices, releases, what never goes; /公海, /领取 with its
daily cap, /撤销, and the team scope."""
from datetime import date, datetime, timedelta

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from bot.cli import import_
from bot.notifier import pool_release
from bot.notifier.pool_release import Candidate, PoolLimits, decide
from bot.notifier.runner import run_job
from bot.storage.bookkeeping import Outbox
from bot.storage.models import Activity, Customer, Opportunity, Order, PoolEvent, Team, User
from tests.reminders_world import TZ

DAY0 = date(2026, 3, 20)  # a Friday; days 53/60 and 83/90 after it are workdays too
QUIET = "宁波海瑞机械"  # D, quiet since day 0: told on day 53, released on day 60
EARLY_DEAL = "杭州明达科技"  # an open deal at 方案提交 does not keep it
KEY = "苏州恒信电子"  # A: 90 days
WON = "上海安联物流"  # a won deal: never
LATE_DEAL = "无锡华腾精密"  # an open deal in 商务谈判 (past 方案提交): never
VISITED = "常州瑞丰材料"  # contacted on day 55: the notice no longer counts
SPARE = ("南京博远", "合肥新锐", "扬州天成", "嘉兴和泰", "温州联创")  # more D customers, for the daily cap


def day(n: int) -> date:
    return DAY0 + timedelta(days=n)


def at(n: int, hour: int = 10) -> datetime:
    return datetime.combine(day(n), datetime.min.time()).replace(hour=hour, tzinfo=TZ)


def build(s) -> None:
    north, south = Team(name="华东销售部", dept_code="SAL"), Team(name="华南销售部", dept_code="SAS")
    s.add_all([north, south])
    s.flush()
    people = {name: User(name=name, role=role, team_id=team.id) for name, role, team in (
        ("赵敏", "manager", north), ("张伟", "rep", north), ("李娜", "rep", north), ("刘洋", "rep", south))}
    s.add_all(people.values())
    s.flush()
    tiers = {KEY: "A"}
    for name in (QUIET, EARLY_DEAL, KEY, WON, LATE_DEAL, VISITED, *SPARE):
        s.add(Customer(name=name, tier=tiers.get(name, "D"), owner_id=people["张伟"].id, created_at=at(0) - timedelta(days=300),
                       last_contact_at=at(0)))
    s.flush()
    ids = {c.name: c.id for c in s.scalars(select(Customer))}
    for n, (name, stage) in enumerate(((EARLY_DEAL, "proposal"), (WON, "won"), (LATE_DEAL, "negotiation"))):
        s.add(Opportunity(code=f"202603-SAL-00{n + 1}", customer_id=ids[name], owner_id=people["张伟"].id, stage=stage,
                          created_at=at(0)))


def run_day(services, clock, n: int):
    clock.set(datetime.combine(day(n), datetime.min.time()).replace(hour=8, minute=40))
    return run_job(services, "pool_release", day(n))


def owners(services) -> dict[str, str | None]:
    with services.db.session() as s:
        return {c.name: c.owner.name if c.owner else None for c in s.scalars(select(Customer))}


def messages(services, prefix: str) -> dict[tuple[str, date], str]:
    """(to whom, day) -> text of the outbox rows whose key starts with `prefix`."""
    with services.db.session() as s:
        rows = s.scalars(select(Outbox).where(Outbox.idempotency_key.startswith(prefix)).order_by(Outbox.id))
        return {(o.target, date.fromisoformat(o.idempotency_key.split(":")[-1])): o.payload["text"] for o in rows}


@pytest.fixture
def world(services, frozen_clock):
    with services.db.session() as s:
        build(s)
    return services


@pytest.fixture
def released(world, frozen_clock, chat):
    """Days 53 (notice) and 60 (release); the clock left at day 60, 10:00."""
    run_day(world, frozen_clock, 53)
    run_day(world, frozen_clock, 60)
    frozen_clock.set(datetime.combine(day(60), datetime.min.time()).replace(hour=10))
    return world


def test_quiet_customers_are_announced_then_released_and_protected_ones_never(world, frozen_clock, chat):
    seen, reruns = {}, []
    for n in range(0, 96):
        if n == 55:
            frozen_clock.set(datetime.combine(day(55), datetime.min.time()).replace(hour=15))
            assert f"已记录：{VISITED}（电话）" in chat.say(f"今天给{VISITED}打电话，聊了二季度的采购计划")
        run_day(world, frozen_clock, n)
        if n in (53, 60, 90):
            reruns.append(run_day(world, frozen_clock, n))
        seen[n] = owners(world)
    assert reruns == [0, 0, 0]  # a re-run of a day sends nothing new
    notices, releases = messages(world, "pool_notice:"), messages(world, "pool_released:")
    assert set(notices) == {("张伟", day(53)), ("张伟", day(83))}
    first = notices["张伟", day(53)]
    assert QUIET in first and EARLY_DEAL in first and "5月19日释放" in first
    assert not any(name in first for name in (KEY, WON, LATE_DEAL))
    assert KEY in notices["张伟", day(83)] and "6月18日释放" in notices["张伟", day(83)]
    assert seen[59][QUIET] == "张伟" and seen[60][QUIET] is None and seen[60][EARLY_DEAL] is None
    assert seen[89][KEY] == "张伟" and seen[90][KEY] is None
    assert seen[95][WON] == seen[95][LATE_DEAL] == "张伟"
    assert seen[95][VISITED] == "张伟"  # followed up on day 55, after its notice
    assert set(releases) == {("赵敏", day(60)), ("赵敏", day(90))}
    told = releases["赵敏", day(60)]
    assert QUIET in told and "原负责人张伟" in told and "60天未跟进" in told
    with world.db.session() as s:
        events = {(s.get(Customer, e.customer_id).name, e.kind, e.from_user.name) for e in s.scalars(select(PoolEvent))}
        pooled = s.scalars(select(Customer).where(Customer.name == QUIET)).one()
        assert pooled.pool_team_id == s.scalars(select(Team.id).where(Team.name == "华东销售部")).one()
    assert (QUIET, "release", "张伟") in events and (KEY, "release", "张伟") in events


def test_a_pool_customer_leaves_the_former_owners_reminders(released, chat):
    assert QUIET not in chat.as_("张伟").say("/待办")
    assert QUIET not in chat.as_("张伟").say("/客户")


def test_the_team_lists_the_pool_and_a_teammate_claims_one_undoably(released, chat):
    listing = chat.as_("李娜").say("/公海")
    assert "团队公海 8 家" in listing and "今天还能领 5 家" in listing
    assert f"· D {QUIET} · 最近联系 3-20 · 5月19日释放" in listing
    card = chat.as_("李娜").say(f"/客户 {QUIET}")
    assert "负责人 公海" in card and "原负责人 张伟" in card and f"/领取 {QUIET}" in card
    reply = chat.as_("李娜").say(f"/领取 {QUIET}")
    assert f"已领取 {QUIET}（D类）" in reply and "今天还能领 4 家" in reply
    assert owners(released)[QUIET] == "李娜"
    assert "领取自公海：5月19日（原负责人 张伟）" in chat.as_("李娜").say(f"/客户 {QUIET}")
    reply = chat.as_("李娜").say(f"/领取 {EARLY_DEAL}")
    assert "1 个进行中的商机一起转给你" in reply
    with released.db.session() as s:
        assert s.scalars(select(Opportunity).where(Opportunity.code == "202603-SAL-001")).one().owner.name == "李娜"
    assert "撤销" in chat.as_("李娜").say("/撤销")
    assert owners(released)[EARLY_DEAL] is None
    with released.db.session() as s:
        assert s.scalars(select(Opportunity).where(Opportunity.code == "202603-SAL-001")).one().owner.name == "张伟"
    assert "今天还能领 4 家" in chat.as_("李娜").say("/公海")  # the undone claim is given back


def test_the_daily_cap_says_when_it_resets_and_resets_the_next_day(released, chat, frozen_clock):
    for name in (QUIET, *SPARE[:4]):
        assert "已领取" in chat.as_("李娜").say(f"/领取 {name}")
    over = chat.as_("李娜").say(f"/领取 {SPARE[4]}")
    assert over == "今天已领取 5 家，每人每天最多 5 家。明天（5月20日）0 点起可以再领取。"
    assert owners(released)[SPARE[4]] is None
    assert "已领取" in chat.as_("张伟").say(f"/领取 {SPARE[4]}")  # the cap is each person's own
    frozen_clock.set(datetime(2026, 5, 20, 0, 5))
    assert "已领取" in chat.as_("李娜").say(f"/领取 {EARLY_DEAL}")


def test_another_team_neither_sees_nor_claims_the_pool(released, chat):
    assert "团队公海里没有客户" in chat.as_("刘洋").say("/公海")
    assert "没找到" in chat.as_("刘洋").say(f"/领取 {QUIET}")
    assert "没找到" in chat.as_("刘洋").say(f"/客户 {QUIET}")
    assert owners(released)[QUIET] is None
    assert f"{WON} 由张伟负责，不在公海" in chat.as_("李娜").say(f"/领取 {WON}")
    assert "用法：/领取 客户名称" in chat.as_("李娜").say("/领取")


def test_a_report_on_a_pool_customer_asks_to_claim_it_first(released, chat):
    reply = chat.as_("李娜").say(f"今天拜访了{QUIET}，客户对新产线的自动化改造有兴趣")
    assert reply == f"{QUIET} 在团队公海里，没有负责人。先发 /领取 {QUIET} 领取，再把这条报告发一次。"
    with released.db.session() as s:
        assert not list(s.scalars(select(Activity)))
    chat.as_("李娜").say(f"/领取 {QUIET}")
    assert f"已记录：{QUIET}（拜访）" in chat.as_("李娜").say(f"今天拜访了{QUIET}，客户对新产线的自动化改造有兴趣")


def test_a_won_order_keeps_a_customer_and_a_claim_restarts_its_days(world, frozen_clock, chat):
    with world.db.session() as s:
        spare = s.scalars(select(Customer).where(Customer.name == SPARE[0])).one()
        s.add(Order(code="SO202603001", customer_id=spare.id, owner_id=spare.owner_id, amount=50000,
                    status="已成交", ordered_on=day(0)))
    run_day(world, frozen_clock, 53)
    run_day(world, frozen_clock, 60)
    assert owners(world)[SPARE[0]] == "张伟" and owners(world)[QUIET] is None
    frozen_clock.set(datetime.combine(day(60), datetime.min.time()).replace(hour=10))
    chat.as_("李娜").say(f"/领取 {QUIET}")
    for n in (61, 112, 115, 121):  # 113 (60 + 60 - 7) is a Saturday: told on Monday, 115
        run_day(world, frozen_clock, n)
    notices = messages(world, "pool_notice:user:")
    assert ("李娜", day(112)) not in notices and notices["李娜", day(115)] == (
        f"【公海提醒】这些客户很久没有跟进，到期将释放到团队公海：{QUIET}（D类，7月20日释放）。"
        "在那之前跟进一次（发一条报告）就能留下；释放前 7 天提醒。")
    assert owners(world)[QUIET] == "李娜"
    run_day(world, frozen_clock, 122)
    assert owners(world)[QUIET] is None


LIMITS = PoolLimits({"A": 90, "B": 90, "C": 60, "D": 60}, 7)
QUIET_SINCE = datetime(2026, 3, 20, 2, 0, tzinfo=TZ)  # 02:00 local: the local day, not the UTC one, counts


def _c(tier="D", notice=None, since=QUIET_SINCE):
    return Candidate(1, "客户", tier, 7, 3, since, notice)


@pytest.mark.parametrize("candidate, today, noticed, released", [
    (_c(), day(52), None, False),
    (_c(), day(53), day(60), False),
    (_c(), day(75), day(82), False),  # never told: told now, released a notice period later
    (_c(notice=at(53)), day(59), None, False),
    (_c(notice=at(53)), day(60), None, True),
    (_c(notice=at(70)), day(70), None, False),  # a late notice keeps its full period
    (_c(notice=at(70)), day(77), None, True),
    (_c(notice=at(0, 1)), day(60), day(67), False),  # told before the last contact: told again
    (_c("B"), day(83), day(90), False),
    (_c("A", notice=at(53)), day(60), None, False),
])
def test_decide(candidate, today, noticed, released):
    notices, releases = decide([candidate], today, "Asia/Shanghai", LIMITS)
    assert [d.release_on for d in notices] == ([noticed] if noticed else [])
    assert bool(releases) == released


def test_a_manager_may_hand_a_pool_customer_to_a_rep_outside_their_daily_claims(released, chat):
    assert "已把 宁波海瑞机械 转给李娜" in chat.as_("赵敏").say(f"/转交 {QUIET} 给 李娜")
    assert owners(released)[QUIET] == "李娜" and QUIET not in chat.as_("李娜").say("/公海")
    assert "今天还能领 5 家" in chat.as_("李娜").say("/公海")
    assert "领取自公海：5月19日（原负责人 张伟）" in chat.as_("李娜").say(f"/客户 {QUIET}")
    with released.db.session() as s:
        assert s.scalars(select(Customer).where(Customer.name == QUIET)).one().pool_team_id is None
    chat.as_("赵敏").say("/撤销")
    assert owners(released)[QUIET] is None and QUIET in chat.as_("李娜").say("/公海")


def test_a_customer_reported_on_while_the_release_job_runs_stays_with_its_owner(world, frozen_clock, chat,
                                                                                monkeypatch):
    run_day(world, frozen_clock, 53)
    read = pool_release.candidates

    def read_then_report(session, now, limits):
        found = read(session, now, limits)
        chat.say(f"今天给{QUIET}打电话，聊了二季度的采购计划")  # committed between the job's read and its release
        return found

    monkeypatch.setattr(pool_release, "candidates", read_then_report)
    run_day(world, frozen_clock, 60)
    assert owners(world)[QUIET] == "张伟" and owners(world)[EARLY_DEAL] is None
    told = messages(world, "pool_released:")["赵敏", day(60)]
    assert QUIET not in told and EARLY_DEAL in told
    with world.db.session() as s:
        released = {s.get(Customer, e.customer_id).name for e in s.scalars(select(PoolEvent))}
    assert EARLY_DEAL in released and QUIET not in released


def test_a_customer_handed_over_after_its_notice_is_announced_to_the_new_owner_first(world, frozen_clock, chat):
    run_day(world, frozen_clock, 53)
    frozen_clock.set(datetime.combine(day(54), datetime.min.time()).replace(hour=10))
    chat.as_("赵敏").say(f"/转交 {QUIET} 给 李娜")
    for n in (55, 60):
        run_day(world, frozen_clock, n)
    assert f"{QUIET}（D类，5月21日释放）" in messages(world, "pool_notice:")["李娜", day(55)]
    assert owners(world)[QUIET] == "李娜" and owners(world)[SPARE[0]] is None
    run_day(world, frozen_clock, 62)
    assert owners(world)[QUIET] is None


def test_the_monthly_review_leaves_pool_customers_out(released, frozen_clock):
    frozen_clock.set(datetime(2026, 7, 1, 9, 0))  # the first workday of July: 103 days since the last contacts
    assert run_job(released, "monthly_review", date(2026, 7, 1)) >= 1
    with released.db.session() as s:
        texts = [o.payload["text"] for o in s.scalars(select(Outbox).where(Outbox.idempotency_key.startswith("monthly_review")))]
    assert any(WON in t for t in texts) and not any(QUIET in t for t in texts)  # both quiet 103 days


def test_an_import_never_takes_a_customer_out_of_the_pool(released, tmp_path):
    """A pool customer has no owner for the import's owner rule to check: a sheet naming it is refused for everyone
    (even an administrator with --allow-owner-change); it leaves the pool by /领取 or /转交, which are recorded."""
    book = Workbook()
    book.active.append(["客户名称", "负责人", "客户等级"])
    book.active.append([QUIET, "李娜", "A"])
    path = tmp_path / "c.xlsx"
    book.save(path)
    with released.db.session() as s:
        s.add(User(name="管理员", role="admin"))
    for importer, flag in ((None, False), ("管理员", True)):
        out = import_.import_file(released, path, skip_bad=False, importer=importer, allow_owner_change=flag)
        assert [p.reason for p in out.problems] == ["在团队公海里：先在聊天里 /领取（或由经理 /转交），再导入"]
    with released.db.session() as s:
        pooled = s.scalars(select(Customer).where(Customer.name == QUIET)).one()
        assert pooled.owner_id is None and pooled.tier != "A"
