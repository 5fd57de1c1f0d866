"""The deal fields of seed 001 模板2 and seed 002 (docs/parse_contract.md): competitors with their price, the risk, the
key milestone with its date, and the decision chain, whose rule also gives decision_maker. Messages as reps write
them, with the negatives next to the positives."""

import pytest

from bot.nlp import KnownCustomer

from nlp_helpers import run

KNOWN = [KnownCustomer(name, (short,)) for name, short in [
    ("锦程物流有限公司", "锦程"), ("海天塑机集团有限公司", "海天"), ("恒岳重工机械股份有限公司", "恒岳"),
    ("华为技术有限公司", "华为"), ("宏图五金制品厂", "宏图"), ("博远精工科技有限公司", "博远"),
    ("美的集团股份有限公司", "美的"),
]]


def parsed(text: str) -> dict:
    return run(text, customers=KNOWN)


@pytest.mark.parametrize("text, competitors", [
    ("海天那边竞品A报价低10%，需要突出性价比", [{"name": "竞品A", "text": "竞品A报价低10%", "price": None}]),
    ("华为说西门子也在报，报价45万", [{"name": "西门子", "text": "西门子也在报，报价45万", "price": 450000}]),
    ("恒岳的王部长透露ABB也在投，开价38万", [{"name": "ABB", "text": "ABB也在投，开价38万", "price": 380000}]),
    ("美的王总嫌价格太贵，说友商报了45万，我们报价是52万",
     [{"name": None, "text": "友商报了45万", "price": 450000}]),
    ("博远反馈友商比我们便宜5万", [{"name": None, "text": "友商比我们便宜5万", "price": None}]),
    ("锦程在拿我们和竞争对手比价", [{"name": None, "text": "在拿我们和竞争对手比价", "price": None}]),
    ("客户说 西门子也在报 报价四十五万", [{"name": "西门子", "text": "西门子也在报 报价四十五万", "price": 450000}]),
    ("宏图那边施耐德也来了，价格压得很低", [{"name": "施耐德", "text": "施耐德也来了，价格压得很低", "price": None}]),
    # negatives: a price alone, our own quote, a loss (its reason is lost_reason), a question
    ("海天觉得价格有点高，希望再降5%", []),
    ("给华为报价45万，下周三再跟进", []),
    ("博远的单子丢了，被竞争对手抢走了", []),
    ("锦程这单有竞争对手吗？", []),
])
def test_competitors_named_with_their_price(text, competitors):
    assert parsed(text)["competitors"] == competitors


def test_a_competitors_price_is_not_our_quote():
    got = parsed("美的王总说友商报了45万，我们报价52万，周五再约")
    assert [(a["value"], a["kind"], a["competitor"]) for a in got["amounts"]] == [
        (450000, "quote", True), (520000, "quote", False)]
    relative = parsed("博远反馈友商比我们便宜5万")["amounts"]
    assert [(a["value"], a["competitor"]) for a in relative] == [(50000, True)]


@pytest.mark.parametrize("text, risk", [
    ("华为预算可能砍，月底前要再确认一次", "预算可能砍"),
    ("海天担心交期，下周去工厂看产线", "担心交期"),
    ("恒岳王部长对价格有异议，要我们提供成本明细", "王部长对价格有异议"),
    ("锦程的项目可能会延期到明年，风险比较大", "可能会延期到明年，风险比较大"),
    ("宏图那边还在犹豫，周五再打电话", "还在犹豫"),
    ("博远说流程卡在财务那里了", "流程卡在财务那里了"),
    # negatives: not worried, no risk word, a question
    ("海天不担心交期，主要看价格", None),
    ("华为的方案确认了，下周报价", None),
    ("锦程这单有什么风险？", None),
])
def test_risk_as_the_rep_says_it(text, risk):
    assert parsed(text)["risk"] == risk


@pytest.mark.parametrize("text, milestone", [
    ("华为月底招标，我们下周先把资料准备好", {"text": "招标", "date": "2026-11-30"}),
    ("海天下月15号评标", {"text": "评标", "date": "2026-12-15"}),
    ("恒岳12月10号开标，王部长让我们提前准备", {"text": "开标", "date": "2026-12-10"}),
    ("锦程的项目下周三上会审批", {"text": "上会审批", "date": "2026-11-25"}),
    # negatives: a tender with no date, a date with no milestone, a win (中标 is not a milestone)
    ("博远那边在等招标结果", None),
    ("宏图下周三再跟进", None),
    ("华为中标了，下周一开启动会", None),
])
def test_milestone_is_a_dated_event(text, milestone):
    assert parsed(text)["milestone"] == milestone


@pytest.mark.parametrize("text, chain, decides", [
    ("华为这单总经理拍板", "总经理拍板", True),
    ("海天是技术部评估后采购总监定", "是技术部评估后采购总监定", False),
    ("恒岳的流程是技术部初审→采购部比价→总经理终决", "流程是技术部初审→采购部比价→总经理终决", False),
    ("锦程的李总说了算，下周约他", "李总说了算", True),
    ("博远的王经理说了不算，还得老板拍板", "还得老板拍板", False),
    ("宏图的张厂长是决策人", "张厂长是决策人", True),
    ("宏图老板说他拍板，只要价格再降两个点就签", "老板说他拍板", True),  # who said it is who decides
    ("嗯 今天上午 那个 去锦程拜访了一下 刘经理说他们老板拍板了 然后预算批了八十万", "刘经理说他们老板拍板了", True),
    # negatives: no decision word, a decision timing, a question
    ("海天下周三再聊方案", None, False),
    ("华为年底前决策", None, False),
    ("美的那边说年前能定下来，预算一个亿", None, False),
    ("锦程谁拍板？", None, False),
])
def test_decision_chain_and_decision_maker_from_one_rule(text, chain, decides):
    got = parsed(text)
    assert (got["decision_chain"], got["decision_maker"]) == (chain, decides)


def test_one_message_with_every_field():
    got = parsed("今天拜访海天，西门子也在报，报价45万，预算可能砍，下月15号评标，技术部评估后采购总监定")
    assert got["competitors"] == [{"name": "西门子", "text": "西门子也在报，报价45万", "price": 450000}]
    assert got["risk"] == "预算可能砍"
    assert got["milestone"] == {"text": "评标", "date": "2026-12-15"}
    assert got["decision_chain"] == "技术部评估后采购总监定"
    assert got["intent"] == "log_activity" and got["customer"]["match"] == "海天塑机集团有限公司"
