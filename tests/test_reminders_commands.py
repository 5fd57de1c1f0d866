"""/待办 /完成 /改期 on the digest's list, /免打扰, /绑定 /解绑."""
from datetime import date, datetime

from sqlalchemy import select

from bot.storage.models import Activity, FollowUp, GroupChat, Requirement, User
from tests.reminders_world import build_world


def _world(services, frozen_clock, when=datetime(2026, 11, 4, 9, 30)):
    frozen_clock.set(when)
    with services.db.session() as s:
        return build_world(s)


def test_todo_shows_the_digest_list_numbered(chat, services, frozen_clock):
    _world(services, frozen_clock)
    lines = chat.say("/待办").splitlines()
    assert lines[:5] == ["待跟进（4 项）：", "1. 逾期49天 丙贸易 按约跟进：寄样品", "2. 逾期65天 甲科技 A类客户本季度还没拜访",
                         "3. 逾期34天 乙制造 B类客户本月还没电话回访", "4. 今天 戊电子 需求「交期能不能提前」超过48小时未解决"]


def test_done_marks_the_numbered_item_and_refuses_it_twice(chat, services, frozen_clock):
    ids = _world(services, frozen_clock)
    chat.say("/待办")
    assert chat.say("/完成 1").startswith("已完成：丙贸易")
    assert "已经处理过" in chat.say("/完成 1")
    assert "戊电子" in chat.say("/完成 4")
    with services.db.session() as s:
        assert s.scalars(select(FollowUp).where(FollowUp.customer_id == ids["丙贸易"])).one().status == "done"
        assert s.scalars(select(Requirement)).one().status == "已解决"
    assert "丙贸易" not in chat.say("/待办") and "戊电子" not in chat.say("/待办")


def test_done_on_a_cadence_item_records_the_contact(chat, services, frozen_clock):
    ids = _world(services, frozen_clock)
    chat.say("/待办")
    chat.say("/完成 2")
    with services.db.session() as s:
        kinds = list(s.scalars(select(Activity.type).where(Activity.customer_id == ids["甲科技"])))
    assert kinds.count("visit") == 2 and "甲科技" not in chat.say("/待办")


def test_reschedule_moves_a_promise_and_rejects_items_without_a_date(chat, services, frozen_clock):
    ids = _world(services, frozen_clock)
    chat.say("/待办")
    assert chat.say("/改期 1 11月20日") == "已改期：丙贸易 改到 11月20日。"
    with services.db.session() as s:
        assert s.scalars(select(FollowUp.due_date).where(FollowUp.customer_id == ids["丙贸易"])).one() == date(2026, 11, 20)
    assert "不能改期" in chat.say("/改期 4 2026-11-20")
    assert "没看懂日期" in chat.say("/改期 1 改天吧")
    assert "不能早于今天" in chat.say("/改期 1 2026-11-01")


def test_numbers_outside_the_list_and_no_list_get_help(chat, services, frozen_clock):
    _world(services, frozen_clock)
    assert "先发 /待办" in chat.say("/完成 1")
    chat.say("/待办")
    assert "1 到 4" in chat.say("/完成 9")


def test_mute_turns_pushes_off_and_on(chat, services, frozen_clock):
    _world(services, frozen_clock)
    assert "已开启免打扰" in chat.say("/免打扰 开")
    assert "现在是开" in chat.say("/免打扰")
    with services.db.session() as s:
        assert s.scalars(select(User.muted).where(User.name == "张伟")).first() is True
    assert "已关闭免打扰" in chat.say("/免打扰 关")


def test_manager_binds_and_unbinds_a_group_to_the_team(chat, services, frozen_clock):
    _world(services, frozen_clock)
    assert "请在要绑定的群里" in chat.as_("赵敏").say("/绑定 华东销售部")
    assert "只有经理" in chat.as_("张伟", group="华东群").say("/绑定 华东销售部")
    assert "没有叫「华西」的团队" in chat.as_("赵敏", group="华东群").say("/绑定 华西")
    assert "已把本群绑定到「华东销售部」" in chat.as_("赵敏", group="华东群").say("/绑定 华东销售部")
    with services.db.session() as s:
        group = s.scalars(select(GroupChat).where(GroupChat.chat_id == "华东群")).one()
        assert group.team.name == "华东销售部"
    assert "已解绑" in chat.as_("赵敏", group="华东群").say("/解绑")
    with services.db.session() as s:
        assert s.scalars(select(GroupChat.team_id).where(GroupChat.chat_id == "华东群")).one() is None


def test_reschedule_understands_a_date_phrase_through_the_report_parser(chat, services, frozen_clock):
    _world(services, frozen_clock)  # Wednesday 2026-11-04
    chat.say("/待办")
    assert chat.say("/改期 1 下周三") == "已改期：丙贸易 改到 11月11日。"


def test_reschedule_before_eight_in_beijing_reads_tomorrow_in_local_time(chat, services, frozen_clock):
    # 07:00 in Beijing on Thursday 11-05 is still Wednesday 11-04 in UTC: 明天 is Friday 11-06.
    ids = _world(services, frozen_clock, when=datetime(2026, 11, 5, 7, 0))
    assert frozen_clock.now.date() == date(2026, 11, 4)
    chat.say("/待办")
    assert chat.say("/改期 2 明天") == "已改期：丙贸易 改到 11月6日。"
    with services.db.session() as s:
        assert s.scalars(select(FollowUp.due_date).where(FollowUp.customer_id == ids["丙贸易"])).one() == date(2026, 11, 6)
