"""/客户 and /待办 over the demo data, with the visibility rule."""
from sqlalchemy import func, select

from bot import texts
from bot.demo import load_demo
from bot.storage.models import Customer, Opportunity, Team, User


def test_rep_sees_only_own_customers(chat, demo):
    reply = chat.say("/客户")
    with demo.db.session() as s:
        rep = s.scalars(select(User).where(User.name == "张伟")).one()
        own = s.scalar(select(func.count(Customer.id)).where(Customer.owner_id == rep.id))
        others = [c.name for c in s.scalars(select(Customer).where(Customer.owner_id != rep.id))]
    assert f"共 {own} 家" in reply
    assert not any(name in reply for name in others)


def test_rep_cannot_open_a_teammates_customer_card(chat, demo):
    with demo.db.session() as s:
        other = s.scalars(select(Customer).join(User, Customer.owner_id == User.id).where(User.name == "李娜")).first()
    reply = chat.say(f"/客户 {other.name}")
    assert "不是你的客户" in reply and "联系人" not in reply


def test_manager_sees_the_teams_customers_but_not_other_teams(chat, demo):
    reply = chat.as_("赵敏").say("/客户")
    with demo.db.session() as s:
        team = s.scalars(select(Team).where(Team.name == "华东销售部")).one()
        n = s.scalar(select(func.count(Customer.id)).join(User, Customer.owner_id == User.id)
                     .where(User.team_id == team.id))
    assert f"团队的客户（共 {n} 家" in reply
    with demo.db.session() as s:
        members = set(s.scalars(select(User.name).where(User.team_id == team.id, User.name != "赵敏")))
    listed = [line for line in reply.splitlines()[1:] if line[:1] in "ABCD"]
    assert listed and all(any(f"（{name}）" in line for name in members) for line in listed)
    south = chat.as_("赵敏").say("/客户 小鹏")  # another team's customer does not exist for her
    assert south == chat.as_("赵敏").say("/客户 不存在的公司").replace("不存在的公司", "小鹏")


def test_customer_card_shows_tier_owner_contacts_opportunities_and_activities(chat, demo):
    reply = chat.say("/客户 华为")
    assert reply.startswith("【华为技术有限公司】A类")
    assert "负责人 张伟" in reply and "联系人：" in reply and "最近活动：" in reply
    assert "商机：202606-SAL-001 初步接洽 15万" in reply  # the demo's one open deal of 华为
    assert len(reply.splitlines()) <= 12


def test_unknown_customer_name_says_how_to_list(chat, demo):
    assert "没找到客户「不存在公司」" in chat.say("/客户 不存在公司")


def test_new_rep_without_customers_is_told_how_to_start(chat):
    assert "还没有客户" in chat.as_("新来的").say("/客户")


def test_todo_lists_due_and_overdue_followups_numbered(chat, demo):
    reply = chat.say("/待办")
    lines = reply.splitlines()  # the demo leaves 张伟 overdue and coming follow-ups
    assert lines[0] == texts.TODO_LIST_HEADER.format(n=len(lines) - 2) and lines[-1] == texts.TODO_LIST_FOOTER
    assert [line.split(". ")[0] for line in lines[1:-1]] == [str(i) for i in range(1, len(lines) - 1)]
    assert any(line.split(". ")[1].startswith("逾期") for line in lines[1:-1])


def test_demo_load_is_idempotent(services, frozen_clock):
    from bot.clock import local_today

    with services.db.session() as s:
        assert load_demo(s, local_today("Asia/Shanghai"), "Asia/Shanghai") is not None
    with services.db.session() as s:
        assert load_demo(s, local_today("Asia/Shanghai"), "Asia/Shanghai") is None
        assert s.scalar(select(func.count(Customer.id))) == 40
        assert s.scalar(select(func.count(Team.id))) == 2
        managers = s.scalar(select(func.count(User.id)).where(User.role == "manager"))
        reps = s.scalar(select(func.count(User.id)).where(User.role == "rep"))
        assert (managers, reps) == (2, 6)


def test_demo_has_every_stage_and_every_tier(demo):
    with demo.db.session() as s:
        stages = set(s.scalars(select(Opportunity.stage)))
        tiers = set(s.scalars(select(Customer.tier)))
        codes = list(s.scalars(select(Opportunity.code)))
    assert stages == {"initial", "needs", "proposal", "negotiation", "won", "lost"}
    assert tiers == {"A", "B", "C", "D"}
    assert all(len(code.split("-")) == 3 and code.split("-")[1] in {"SAL", "SAS"} for code in codes)


def test_the_reportable_list_keeps_one_order_after_updates(demo):
    """The parser's name index is cached per list; on PostgreSQL an updated row comes back in a new place, and a list
    in that order would rebuild the index every message and reorder the choices of an ambiguous name."""
    from bot.sales.customers import reportable

    with demo.db.session() as s:
        rep = s.scalars(select(User).where(User.name == "张伟")).one()
        before = reportable(s, rep)
        first = s.get(Customer, before[0].id)
        first.industry = (first.industry or "") + "·"
    with demo.db.session() as s:
        after = reportable(s, s.scalars(select(User).where(User.name == "张伟")).one())
    assert [c.id for c in after] == [c.id for c in before] == sorted(c.id for c in before)
