"""/预测 and the lead score: deals set up through chat, and the demo data checked against its own rows."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from bot import clock
from bot.formatting import money
from bot.reports.forecast import WEIGHTS, forecast
from bot.reports.period import parse_period
from bot.sales.vocabulary import OPEN_STAGES, STAGE_PROBABILITY, Probability
from bot.storage.models import Customer, Opportunity, User

REPORTS = ["今天拜访了杭州云帆科技，预算50万，预计月底签，把握很大",  # 高, this month
           "今天拜访了宁波海天，报价30万，预计下月中签",  # 低 (stage implied), next month
           "今天拜访了绍兴华纺，预算20万，老板拍板，下周要"]  # no expected close


def _report_deals(chat) -> None:
    for text in REPORTS:
        chat.say(text)
        chat.say("是")  # create the new customer


def test_forecast_weighs_deals_reported_in_chat(chat):
    _report_deals(chat)
    reply = chat.say("/预测")
    assert reply.startswith("张伟 2026年11月 成交预测（在谈商机 1 个）")
    assert "加权预测 40万（未加权 50万）" in reply and "高 1 个" in reply
    assert "杭州云帆科技 202611-SAL-001 50万 可能性高 预计11-30" in reply
    assert "未填预计成交 1 个" in reply and "宁波海天" not in reply


def test_next_month_and_quarter(chat):
    _report_deals(chat)
    reply = chat.say("/预测 下月")
    assert reply.startswith("张伟 2026年12月") and "加权预测 4.5万（未加权 30万）" in reply  # the quote, ×0.15
    assert "宁波海天 202611-SAL-002 30万 可能性低 预计12-15" in reply
    quarter = chat.say("/预测 本季度")
    assert "在谈商机 2 个" in quarter and "加权预测 44.5万（未加权 80万）" in quarter
    assert quarter.index("杭州云帆科技") < quarter.index("宁波海天")  # biggest weighted first


def test_a_won_deal_leaves_the_forecast(chat):
    _report_deals(chat)
    chat.say("杭州云帆科技签了，合同金额55万")
    assert "杭州云帆科技" not in chat.say("/预测")


def test_others_deals_are_not_in_a_reps_forecast(chat):
    _report_deals(chat)
    assert "没有预计成交的商机" in chat.as_("李娜").say("/预测")


def _expected(session, period, owner_ids) -> tuple[Decimal, Decimal, int]:
    """The forecast recomputed row by row from the definition, to check the aggregate against."""
    weighted = unweighted = Decimal(0)
    count = 0
    for o in session.scalars(select(Opportunity).where(Opportunity.owner_id.in_(owner_ids),
                                                       Opportunity.stage.in_(OPEN_STAGES))):
        if o.expected_close is None or not period.start <= o.expected_close < period.end:
            continue
        amount = o.contract_amount or o.quote_amount or o.expected_amount or Decimal(0)
        label = Probability.from_label(o.probability or "") or STAGE_PROBABILITY[o.stage]
        weighted += amount * WEIGHTS[label]
        unweighted += amount
        count += 1
    return weighted, unweighted, count


def test_demo_team_forecast_matches_its_rows(demo, chat):
    with demo.db.session() as s:
        team = [u.id for u in s.scalars(select(User).where(User.team_id == s.scalar(
            select(User.team_id).where(User.name == "赵敏"))))]
        period = parse_period("本季度", clock.local_today("Asia/Shanghai"), "Asia/Shanghai")
        result = forecast(s, period, team)
        weighted, unweighted, count = _expected(s, period, team)
    assert count > 0 and (result.weighted, result.unweighted, result.count) == (weighted, unweighted, count)
    assert len(result.top) == min(5, count)
    reply = chat.as_("赵敏").say("/预测 本季度")
    assert f"加权预测 {money(weighted)}（未加权 {money(unweighted)}）" in reply


def test_bound_group_forecasts_the_team_without_customer_names(demo, chat):
    with demo.db.session() as s:
        codes = list(s.scalars(select(Opportunity.code).where(Opportunity.stage.in_(OPEN_STAGES))))
        customers = list(s.scalars(select(Customer.name)))
    reply = chat.as_("张伟", group="华东销售群").say("/预测 本季度")
    assert reply.startswith("华东销售部 2026年Q4") and any(code in reply for code in codes)
    assert not any(name in reply for name in customers)  # a group names deals by code only
    single = chat.as_("张伟").say("/预测 本季度")
    assert single.startswith("张伟 2026年Q4") and any(name in single for name in customers)


def test_lead_score_on_the_card_and_the_sorted_list(chat):
    _report_deals(chat)
    card = chat.say("/客户 云帆")
    assert "202611-SAL-001 初步接洽 50万 线索分 24" in card
    listing = chat.say("/客户 按评分").splitlines()
    assert listing[0] == "你的客户（共 3 家，按线索分）："
    assert [line.split()[1] for line in listing[1:]] == ["绍兴华纺", "杭州云帆科技", "宁波海天"]
    assert listing[1].endswith("线索分 27")
