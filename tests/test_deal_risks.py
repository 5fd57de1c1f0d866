"""The deal risk fields (seed 001 模板2, seed 002) through the chat: read from reports, stored on the open deal, added to
or replaced by later reports over several days, shown in the confirmation and on the card, undone by /撤销, set by
/商机."""
from __future__ import annotations

from sqlalchemy import select

from bot import texts
from bot.storage.models import Customer, Opportunity

RISK_COLUMNS = ("competition", "risk", "milestone", "decision_chain")


def _deal(services, customer: str) -> Opportunity:
    with services.db.session() as s:
        c = s.scalars(select(Customer).where(Customer.name == customer)).one()
        opps = list(s.scalars(select(Opportunity).where(Opportunity.customer_id == c.id).order_by(Opportunity.id)))
        s.expunge_all()
    return opps[-1]


def _risks(services, customer: str) -> tuple:
    opp = _deal(services, customer)
    return tuple(getattr(opp, column) for column in RISK_COLUMNS)


def test_a_report_files_every_field_on_one_confirmation_line(chat, demo):
    reply = chat.say("今天拜访华为，西门子也在报，报价45万，预算可能砍，下月15号评标，技术部评估后采购总监定")
    lines = reply.splitlines()
    assert lines[0] == "已记录：华为技术有限公司（拜访）" and len(lines) <= 8
    assert "竞争：西门子也在报，报价45万；风险：预算可能砍；节点：12月15日评标；决策：技术部评估后采购总监定" in lines
    assert _risks(demo, "华为技术有限公司") == ("西门子也在报，报价45万", "预算可能砍", "12月15日评标", "技术部评估后采购总监定")
    opp = _deal(demo, "华为技术有限公司")
    assert opp.quote_amount is None  # 45万 is 西门子's price, not ours
    assert "金额" not in reply and "预算、报价还是合同金额" not in reply


def test_later_reports_add_a_competitor_and_replace_the_chain_and_milestone(chat, demo, frozen_clock):
    chat.say("今天拜访华为，西门子也在报，报价45万，下月15号评标，技术部评估后采购总监定")
    frozen_clock.advance(days=2)
    reply = chat.say("华为那边ABB也来了，担心交期，总经理拍板")
    assert "竞争：ABB也来了；风险：担心交期；决策：总经理拍板" in reply
    frozen_clock.advance(days=3)
    chat.say("华为说西门子也在报，降到40万了，评标改到下月20号")
    assert _risks(demo, "华为技术有限公司") == (
        "西门子也在报，降到40万了；ABB也来了", "担心交期", "12月20日评标", "总经理拍板")
    frozen_clock.advance(days=1)
    chat.say("华为预算可能砍")
    assert _risks(demo, "华为技术有限公司")[1] == "担心交期；预算可能砍"


def test_undo_puts_the_old_values_back(chat, demo, frozen_clock):
    chat.say("今天拜访华为，西门子也在报，报价45万，技术部评估后采购总监定")
    first = _risks(demo, "华为技术有限公司")
    frozen_clock.advance(hours=3)
    chat.say("华为那边ABB也来了，下月15号评标，总经理拍板")
    assert _risks(demo, "华为技术有限公司") != first
    assert "已撤销" in chat.say("/撤销")
    assert _risks(demo, "华为技术有限公司") == first


def test_undo_of_the_first_report_leaves_the_deal_without_fields(chat, demo):
    chat.say("今天拜访华为，西门子也在报，报价45万，预算可能砍，下月15号评标，技术部评估后采购总监定")
    assert "已撤销" in chat.say("/撤销")
    assert _risks(demo, "华为技术有限公司") == (None, None, None, None)


def test_the_customer_card_shows_the_fields_under_the_deal(chat, demo):
    chat.say("格力那边竞品A报价低10%，下周五上会审批，还得老板拍板")
    card = chat.say("/客户 格力").splitlines()
    opps = next(i for i, line in enumerate(card) if line.startswith("商机："))
    assert card[opps + 1:opps + 4] == ["竞争情况：竞品A报价低10%", "关键节点：11月27日上会审批", "决策链：还得老板拍板"]
    assert "风险评估" not in "\n".join(card)


def test_who_decides_feeds_the_lead_score_from_the_same_words(chat, demo, frozen_clock):
    chat.say("亿纬锂能的项目还得老板拍板")
    waiting = _deal(demo, "惠州亿纬锂能有限公司")
    assert waiting.decision_chain == "还得老板拍板"
    frozen_clock.advance(days=1)
    chat.say("亿纬锂能这单总经理说了算")
    deciding = _deal(demo, "惠州亿纬锂能有限公司")
    # decision power: 7 points for a senior title on file, 10 once the rep says the contact decides
    assert deciding.decision_chain == "总经理说了算" and deciding.lead_score - waiting.lead_score == 3


def test_a_price_alone_is_no_competition(chat, demo):
    reply = chat.say("万华觉得价格有点高，下周三再聊")
    assert "竞争" not in reply and _risks(demo, "万华化学集团股份有限公司") == (None, None, None, None)


def test_risk_words_open_a_deal_only_for_a_customer_without_one(chat, demo):
    chat.say("锦程物流那边西门子也在报")  # its only deal is won: the words change no closed deal and open none
    assert _deal(demo, "绍兴锦程物流有限公司").stage == "won"
    assert _deal(demo, "绍兴锦程物流有限公司").competition is None
    reply = chat.say("中兴月底招标，技术部评估后采购总监定")  # a teammate's customer with no deal yet
    assert "新商机" in reply
    assert _risks(demo, "中兴通讯股份有限公司")[2:] == ("11月30日招标", "技术部评估后采购总监定")


def test_deal_command_shows_sets_clears_and_undoes(chat, demo):
    assert texts.DEAL_RISK_EMPTY.format(customer="华为技术有限公司") in chat.say("/商机 华为")
    reply = chat.say("/商机 华为 竞争 西门子报价45万")
    assert reply.startswith("已更新 华为技术有限公司 商机 202606-SAL-001：竞争：西门子报价45万")
    chat.say("/商机 华为 决策 技术部评估后采购总监定")
    assert chat.say("/商机 华为").splitlines()[1:] == ["竞争情况：西门子报价45万", "决策链：技术部评估后采购总监定"]
    assert "竞争：已清空" in chat.say("/商机 华为 竞争 -")
    assert _risks(demo, "华为技术有限公司")[0] is None
    chat.say("/撤销")
    assert _risks(demo, "华为技术有限公司")[0] == "西门子报价45万"
    assert texts.DEAL_RISK_UNCHANGED.format(customer="华为技术有限公司", field="竞争情况") == chat.say(
        "/商机 华为 竞争 西门子报价45万")


def test_deal_command_answers_wrong_arguments_with_the_right_form(chat, demo):
    assert chat.say("/商机") == texts.USAGE_DEAL_RISK
    assert chat.say("/商机 华为 价格 便宜") == (texts.DEAL_RISK_FIELD_UNKNOWN.format(word="价格") + "\n"
                                            + texts.USAGE_DEAL_RISK)
    assert chat.say("/商机 华为 节点") == texts.USAGE_DEAL_RISK
    assert chat.say("/商机 海天") == texts.NO_OPEN_DEAL.format(customer="佛山海天调味食品有限公司")


def test_a_correction_changes_our_amount_not_the_competitors(chat, demo):
    chat.say("华为说友商报了45万，我们报价52万")
    assert "已更正" in chat.say("改成50万")
    opp = _deal(demo, "华为技术有限公司")
    assert int(opp.quote_amount) == 500000 and opp.competition == "友商报了45万"
