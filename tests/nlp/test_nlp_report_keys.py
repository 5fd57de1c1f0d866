"""The contract's report keys (docs/parse_contract.md): plan vs done, a need met, follow-ups cancelled, the order's
fulfilment, intent orders and their cancellation, the rep's probability, a deciding contact, what a question asks,
small talk. Messages from several industries, written as reps write them, with the negatives next to the positives."""

import pytest

from bot.nlp import KnownCustomer

from nlp_helpers import run

KNOWN = [KnownCustomer(name, (short,)) for name, short in [
    ("锦程物流有限公司", "锦程"), ("海天塑机集团有限公司", "海天"), ("恒岳重工机械股份有限公司", "恒岳"),
    ("泽苓药业股份有限公司", "泽苓"), ("云途优品电子商务有限公司", "云途"), ("拾贝网络科技有限公司", "拾贝"),
    ("康晟医药有限公司", "康晟"), ("华为技术有限公司", "华为"), ("宏图五金制品厂", "宏图"),
    ("博远精工科技有限公司", "博远"), ("麦垛生鲜供应链有限公司", "麦垛"),
]]


def key(text: str, name: str, now=None):
    return run(text, customers=KNOWN)[name] if now is None else run(text, now, KNOWN)[name]


@pytest.mark.parametrize("text, mode", [
    ("下月初去绍兴拜访锦程物流", "plan"),
    ("明天10点去海天开会", "plan"),
    ("约了周五见面，聊二期的事", "plan"),
    ("海天那边周三去现场看看工况", "plan"),
    ("泽苓下周五约了段总面谈", "plan"),
    ("锦程25号再跟进一下", "plan"),
    ("周末给博远打个电话问问进度", "plan"),
    ("恒岳王部长约了周五上午去他们厂里看装车效果", "plan"),
    ("今天见了海天的李总，下周再约", "done"),
    ("上午去锦程物流拜访了，约了下周三再聊", "done"),
    ("宏图的张厂长说下个月中旬再来谈", "done"),
    ("给博远打了电话，明天上午去他们厂里", "done"),
    ("泽苓那边反馈不错，预计月底签", "done"),
    ("海天要定制两台注塑机，下周三再跟进", "done"),
    ("华为签了，下周一开启动会", "done"),
    ("华为现在什么阶段？", "done"),
    ("你好", "done"),
])
def test_mode_plans_a_contact_only_when_none_happened(text, mode):
    assert key(text, "mode") == mode


@pytest.mark.parametrize("text, resolved, tags", [
    ("补货的事解决了", True, ["紧急补货"]),
    ("康晟的冷柜修好了", True, []),
    ("云途的扫码枪全部到货了", True, []),
    ("拾贝的接口调通了，数据能同步", True, ["集成对接"]),
    ("锦程那个报关问题已经处理好了", True, []),
    ("海天的模具问题搞定了", True, []),
    ("博远反馈的问题处理完了", True, []),
    ("宏图的故障还没解决，明天再派人", False, ["售后服务"]),
    ("康晟说冷柜没修好，又坏了", False, []),
    ("云途催到货，说月底必须到货", False, ["交付"]),
    ("海天要求接口对接，下周给方案", False, ["集成对接"]),
])
def test_resolution_words_say_a_need_is_met_and_never_tag_one(text, resolved, tags):
    got = run(text, customers=KNOWN)
    assert (got["resolved"], got["tags"]) == (resolved, tags)


@pytest.mark.parametrize("text, cancels", [
    ("麦垛田总说最近太忙，先不联系了", True),
    ("锦程那边不用跟了", True),
    ("海天项目暂停，明年再说", True),
    ("博远说暂时不考虑，过段时间再说", True),
    ("宏图的单子丢了，选了别家", True),
    ("泽苓说下周再联系", False),
    ("康晟不着急，下个月再跟", False),
])
def test_cancels_follow_up(text, cancels):
    assert key(text, "cancels_follow_up") is cancels


@pytest.mark.parametrize("text, fulfilment", [
    ("恒岳那单已经排产了", "production"),
    ("海天的两台机器在生产中，月底发货", "production"),
    ("锦程的系统已交付，客户验收了", "delivered"),
    ("云途的扫码枪下午全部到货了，客户验收了", "delivered"),
    ("博远的设备到了，安装完成", "delivered"),
    ("云途售后回访了，扫码枪用着都正常", "after_sales"),
    ("给宏图做了回访，了解了一下使用情况", "after_sales"),
    ("海天签了，下月初排产", None),
    ("锦程说样品到货了，下周测试", None),
    ("云途还没到货，明天催一下", None),
    ("徐工已交付，安排售后回访", "delivered"),
    ("周末去海天现场看一下设备运行情况", None),
])
def test_fulfilment_of_the_order(text, fulfilment):
    assert key(text, "fulfilment") == fulfilment


@pytest.mark.parametrize("text, intent_order", [
    ("泽苓意向先订30套监测终端", True),
    ("拾贝意向订50台手持PDA", True),
    ("海天打算先订一批，下周出合同", True),
    ("博远准备下单，等领导签字", True),
    ("宏图想订20箱配件试试", True),
    ("恒岳报价3.5万一台，他们要20台", False),
    ("锦程询价100台，我们报了45万", False),
    ("海天说暂时不打算订", False),
    ("云途合同签了，先订3000个", False),
])
def test_intent_order_is_an_explicit_intention_not_a_quote_with_a_quantity(text, intent_order):
    assert key(text, "intent_order") is intent_order


@pytest.mark.parametrize("text, cancel_order, intent", [
    ("拾贝来电话说PDA先不要了，取消订单", True, "log_activity"),
    ("博远那30套退单了", True, "log_activity"),
    ("海天说订单取消，项目还在谈", True, "log_activity"),
    ("锦程项目取消了，不做了", False, "lost"),
])
def test_cancel_order_cancels_the_order_not_the_deal(text, cancel_order, intent):
    got = run(text, customers=KNOWN)
    assert (got["cancel_order"], got["intent"]) == (cancel_order, intent)


@pytest.mark.parametrize("text, probability", [
    ("海天这单把握很大，月底能签", "高"),
    ("锦程基本稳了", "高"),
    ("博远十拿九稳", "高"),
    ("宏图希望不大，对方更倾向友商", "低"),
    ("恒岳这单悬了", "低"),
    ("泽苓够呛，预算没批", "低"),
    ("康晟一半一半吧", "中"),
    ("云途有点把握", "中"),
    ("拾贝在谈价格，下周再约", None),
    ("海天没什么把握", "低"),
])
def test_probability_only_when_the_rep_says_it(text, probability):
    assert key(text, "probability") == probability


@pytest.mark.parametrize("text, decides", [
    ("见了海天的王总，老板拍板的", True),
    ("锦程的总经理拍板，下周签", True),
    ("博远的李总是决策人", True),
    ("宏图那边张厂长说了算", True),
    ("泽苓的采购说还得老板拍板", False),
    ("康晟的刘经理说他说了不算", False),
    ("云途的对接人是运营部的王芳", False),
])
def test_decision_maker(text, decides):
    assert key(text, "decision_maker") is decides


@pytest.mark.parametrize("text, topic", [
    ("泽苓的联系人是谁", "contacts"),
    ("海天的对接人电话是多少？", "contacts"),
    ("华为最近一次联系是什么时候", "last_contact"),
    ("锦程上次拜访是哪天？", "last_contact"),
    ("华为现在什么阶段", "stage"),
    ("博远进展怎么样了？", "stage"),
    ("我的业绩怎么样", "performance"),
    ("这个月完成率多少？", "performance"),
    ("今天要跟进谁", "followups"),
    ("这周有哪些客户要跟进？", "followups"),
    ("拜访了海天，他们问交期多久", None),
])
def test_query_topic(text, topic):
    assert key(text, "query_topic") == topic


@pytest.mark.parametrize("text, small_talk", [
    ("你好", True), ("谢谢", True), ("收到", True), ("好的", True), ("辛苦了", True), ("好的，谢谢！", True),
    ("在吗", True), ("👍", True), ("🙏🙏", True), ("？？？", False), ("华为", False), ("海天签了", False),
    ("今天有哪些客户要跟进？", False), ("锦程那边", False),
])
def test_small_talk_keeps_intent_unknown(text, small_talk):
    got = run(text, customers=KNOWN)
    assert got["small_talk"] is small_talk
    if small_talk:
        assert got["intent"] == "unknown"


@pytest.mark.parametrize("text, mode", [
    ("明天去宏图", "plan"),
    ("下周三和博远的张总吃饭", "plan"),
    ("约好了下周二去泽苓做演示", "plan"),
    ("刚约了康晟周四上午开会", "plan"),
    ("海天周五来我们公司参观", "plan"),
    ("给华为打电话约了下周三见面", "plan"),
    ("明天给华为发邮件", "plan"),
    ("周四前给锦程发报价", "plan"),
    ("客户说周五来我们公司参观", "done"),
    ("宏图样品寄过去了，下周回访", "done"),
    ("今天去海天做了演示，下周再约", "done"),
    ("嗯 今天上午 那个 去锦程拜访了一下 刘经理说他们老板拍板了 然后预算批了八十万 下周五之前要给方案", "done"),
    ("转介绍了个新客户 泽苓堂大药房连锁，做零售药房的，老板姓乔，下周二去拜访", "plan"),
    ("今天扫街认识一个新客户，常州巨力传动有限公司，有设备改造需求，下周一再去拜访", "done"),
])
def test_mode_arranged_and_dictated(text, mode):
    assert key(text, "mode") == mode


@pytest.mark.parametrize("text", ["补货的问题解决了吗？", "宏图的单子排产了没有？", "海天有没有取消订单？",
                                  "泽苓是不是换人了？"])
def test_a_question_reports_nothing(text):
    got = run(text, customers=KNOWN)
    assert got["intent"] == "query"
    assert not any(got[k] for k in ("resolved", "fulfilment", "cancel_order", "contact_changed", "cancels_follow_up"))


@pytest.mark.parametrize("text, name, value", [
    ("锦程的WMS系统上线了，运行稳定", "fulfilment", "delivered"),
    ("宏图的订单排产中，预计下周三出货", "fulfilment", "production"),
    ("博远那批轴承昨天交货了，客户签收了", "fulfilment", "delivered"),
    ("给康晟做了售后回访，冷柜运行正常", "fulfilment", "after_sales"),
    ("泽苓财务说尾款下周付", "mode", "done"),
    ("华为想先试用一下再决定", "mode", "done"),
    ("约了张经理见面，时间再定", "mode", "plan"),
    ("锦程谁在对接？", "query_topic", "contacts"),
    ("我这个月签了多少单？", "query_topic", "performance"),
    ("明天要拜访哪些客户？", "query_topic", "followups"),
    ("好嘞，收到", "small_talk", True),
    ("谢谢啦", "small_talk", True),
    ("宏图老板说他拍板，只要价格再降两个点就签", "decision_maker", True),
    ("博远的采购说最后要总经理拍板", "decision_maker", False),
    ("海天这单估计够呛，对方倾向于用进口的", "probability", "低"),
    ("锦程打算下个月先订一批试试，大概50套", "intent_order", True),
    ("博远退单了，说项目延期", "cancel_order", True),
    ("海天说先放一放，过完年再联系", "cancels_follow_up", True),
    ("泽苓的认证材料已经补齐了", "resolved", True),
    ("汇川的培训做完了，客户挺满意", "resolved", True),
    ("跟锦程的电话打通了，下周见面", "resolved", False),
])
def test_more_phrasings(text, name, value):
    assert key(text, name) == value


@pytest.mark.parametrize("text", ["云途今天打款三十万剩下的月底付", "拾贝的接口调通了，下周三去培训",
                                  "博远的设备到了，下周二去安装", "海天意向订20台，下周去签"])
def test_a_report_of_what_happened_is_done_even_with_a_planned_step(text):
    assert key(text, "mode") == "done"


@pytest.mark.parametrize("text, action", [
    ("明天上午十点去海天开会然后跟他们聊一下方案", "去海天开会"),
    ("嗯那个锦程的预算六十万然后下周三再去一趟", "再去一趟"),
])
def test_dictated_clauses_start_at_然后(text, action):
    assert key(text, "next_action") == action


@pytest.mark.parametrize("text, name, value", [
    ("价格问题如果解决了就签", "resolved", False),
    ("等到货了再付尾款", "resolved", False),
    ("等到货了再付尾款", "fulfilment", None),
    ("这个功能他们不需要了，其他照旧", "cancels_follow_up", False),
    ("客户想买便宜点的型号", "intent_order", False),
    ("海天这单很有希望", "probability", "高"),
    ("锦程不是很有把握", "probability", None),
    ("博远的生产线暂停了两天", "cancels_follow_up", False),
    ("宏图的合作先暂停，明年再看", "cancels_follow_up", True),
])
def test_conditions_and_lookalikes_report_nothing(text, name, value):
    assert key(text, name) == value


@pytest.mark.parametrize("text, tags", [
    ("云途售后回访了，扫码枪用着都正常", []),
    ("给康晟做了售后回访，冷柜又出故障了，要上门维修", ["售后服务"]),
    ("徐工已交付，客户验收了，安排售后回访", ["售后服务"]),
])
def test_an_after_sales_call_that_happened_is_no_need(text, tags):
    assert key(text, "tags") == tags


@pytest.mark.parametrize("text, name, value", [
    ("价格搞定了，下周签", "resolved", False),
    ("合同的事已经处理好了", "resolved", False),
    ("价格没问题了，主要是交期", "resolved", False),
    ("补货的事搞定了", "resolved", True),
    ("价格问题不大，主要是交期", "probability", None),
    ("客户暂时不考虑定制，先用标准品", "cancels_follow_up", False),
    ("客户说暂时不考虑", "cancels_follow_up", True),
    ("他们新产线上线了，下个月要扩产", "fulfilment", None),
    ("锦程的系统已经上线了", "fulfilment", "delivered"),
])
def test_deal_words_and_the_customers_own_news_are_not_ours(text, name, value):
    assert key(text, name) == value
