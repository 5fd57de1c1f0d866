"""One visibility rule: another team's customers do not exist for you; a group shows its team's figures to its
members only, per-rep figures to managers, and customer lists as a count."""
from __future__ import annotations

from sqlalchemy import func, select

from bot import texts
from bot.storage.models import Customer

SOUTH = ("深圳迈瑞", "深圳汇顶", "深圳顺络", "刘洋", "陈静", "杨帆")  # 华南's customers and reps


def leaks(reply: str) -> list[str]:
    return [word for word in SOUTH if word in reply]


def test_another_teams_customer_answers_like_a_name_nobody_registered(chat, demo):
    assert chat.say("/客户 深圳") == texts.CUSTOMER_NOT_FOUND.format(query="深圳")
    assert chat.as_("赵敏").say("/客户 迈瑞") == texts.CUSTOMER_NOT_FOUND.format(query="迈瑞")
    assert chat.say("/客户 李娜不存在的客户").startswith("没找到")
    assert chat.say("/客户 比亚迪") == texts.CUSTOMER_NOT_VISIBLE.format(name="比亚迪股份有限公司")  # a teammate's


def test_similarity_lists_show_only_customers_the_sender_may_know(chat, demo):
    reply = chat.say("/新客户 深圳")
    assert not leaks(reply) and reply.startswith("已新建客户「深圳」")
    # 深圳迈瑞 is 华南's: the manager of 华东 gets a new customer of that name, never theirs or its owner offered
    reply = chat.as_("赵敏").say("/新客户 深圳迈瑞")
    assert reply.startswith("已新建客户「深圳迈瑞」") and not leaks(reply.replace("「深圳迈瑞」", ""))
    assert "深圳迈瑞医疗国际有限公司" not in reply


def test_no_to_a_similarity_question_for_a_name_taken_elsewhere_is_a_proper_reply(chat, demo):
    taken = "宁德时代新能源科技股份有限公司"  # 刘洋's
    assert chat.say("/新客户 宁德时代新能源").startswith("已新建客户")
    assert chat.say(f"/新客户 {taken}") == texts.ASK_SAME_CUSTOMER.format(names="宁德时代新能源")
    reply = chat.say("否")
    assert reply == texts.CUSTOMER_NAME_TAKEN.format(name=taken) and not leaks(reply)
    with demo.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Customer).where(Customer.name == taken)) == 1


def test_a_group_shows_its_teams_figures_only_to_that_team(chat, demo):
    outsider = chat.as_("张伟", group="华南销售群")
    for command in ("/漏斗", "/业绩", "/漏斗 刘洋", "/分析 行业", "/趋势"):
        assert outsider.say(command) == texts.GROUP_NOT_YOUR_TEAM, command
    member = chat.as_("陈静", group="华南销售群")
    assert member.say("/漏斗").startswith("华南销售部")
    assert not [name for name in ("刘洋", "杨帆") if name in member.say("/业绩")]  # no per-rep lines for a rep
    assert member.say("/漏斗 刘洋") == texts.GROUP_PERSON_NOT_YOURS.format(name="刘洋")
    assert "陈静" in member.say("/漏斗 陈静")
    manager = chat.as_("孙磊", group="华南销售群")
    assert "刘洋" in manager.say("/漏斗 刘洋")


def test_lists_naming_customers_answer_in_a_group_with_a_count(chat, demo):
    group = chat.as_("张伟", group="华东销售群")
    todo, reqs, card = group.say("/待办"), group.say("/需求"), group.say("/客户 华为")
    assert todo.startswith("你有 ") and "请在单聊里查看" in todo
    assert reqs.startswith("未解决的需求有 ") and "请在单聊里查看" in reqs
    assert card == texts.GROUP_CUSTOMERS_COUNT.format(n=1)
    assert not [word for word in ("华为技术", "格力", "万华") if word in todo + reqs + card]
    assert group.say("/客户 迈瑞") == texts.CUSTOMER_NOT_FOUND.format(query="迈瑞")
