"""Intent, stage moves, lost reasons, lead sources and activity types."""

import pytest

from nlp_helpers import run


@pytest.mark.parametrize("text, intent", [
    ("今天拜访了华为张经理", "log_activity"),
    ("给美的打了个电话，客户要报价", "log_activity"),
    ("新线索：苏州恒通机械有限公司，想要样机", "new_lead"),
    ("有个线索，东莞一家做五金的厂", "new_lead"),
    ("展会上认识了宁波海天塑机", "new_lead"),
    ("华为签了！", "won"),
    ("比亚迪的单子丢了", "lost"),
    ("三一方案已经提交了", "stage_change"),
    ("华为现在什么阶段？", "query"),
    ("这周谁要跟进美的", "query"),
    ("比亚迪的合同签了吗？", "query"),
    ("美的的预算是多少", "query"),
    ("你好", "unknown"),
    ("谢谢", "unknown"),
    ("收到", "unknown"),
    ("在吗？", "unknown"),
    ("好的好的👍", "unknown"),
])
def test_intent(text, intent):
    assert run(text)["intent"] == intent


@pytest.mark.parametrize("text, stage", [
    ("三一的方案已经提交了", "proposal"),
    ("华为项目进入方案确认", "proposal"),
    ("美的进入商务谈判阶段", "negotiation"),
    ("比亚迪在砍价", "negotiation"),
    ("领导拍板了，已经开始走合同流程", "negotiation"),
    ("中兴已经排产了", "production"),
    ("华为那批货已经投产了", "production"),
    ("三一已交货，客户验收了", "delivered"),
    ("美的交付了", "delivered"),
])
def test_a_step_that_has_happened_moves_the_stage(text, stage):
    got = run(text)
    assert (got["intent"], got["stage"]) == ("stage_change", stage)


@pytest.mark.parametrize("text", [
    "美的签约了", "比亚迪合同签了", "华为的单子拿下了", "中兴赢单了", "三一下单了", "成交了，华为",
])
def test_won_words_give_won(text):
    got = run(text)
    assert (got["intent"], got["stage"]) == ("won", "won")


@pytest.mark.parametrize("text", [
    "华为丢了", "美的输单了", "比亚迪丢单了", "中兴的项目黄了", "三一没戏了", "华为选了别家", "客户流失了",
])
def test_lost_words_give_lost(text):
    got = run(text)
    assert (got["intent"], got["stage"]) == ("lost", "lost")


@pytest.mark.parametrize("text", [
    "下周给华为方案", "周五和美的签约", "准备下周去比亚迪谈判", "美的还没签约", "华为要我们出方案",
])
def test_a_planned_step_is_not_a_stage_move(text):
    got = run(text)
    assert got["stage"] is None and got["intent"] == "log_activity"


def test_won_outranks_stage_change_and_activity():
    got = run("今天拜访了华为，合同签了，下月初排产")
    assert (got["intent"], got["stage"]) == ("won", "won")


def test_query_wins_even_with_a_stage_word_or_date():
    assert run("华为明天签约吗？")["intent"] == "query"
    assert run("今天有哪些客户要跟进？")["next_date"] is None


@pytest.mark.parametrize("text, reason", [
    ("华为丢单了，主要是价格原因", "价格"),
    ("美的黄了，嫌我们太贵", "价格"),
    ("比亚迪被竞争对手抢走了", "竞品"),
    ("中兴输单了，选了友商", "竞品"),
    ("三一没戏了，需求取消", "需求取消"),
    ("美的输单了，客户预算不足", "预算不足"),
    ("华为丢了，领导换人了", "其他"),
])
def test_lost_reason(text, reason):
    assert run(text)["lost_reason"] == reason


@pytest.mark.parametrize("text, source", [
    ("官网来了个新线索，杭州云帆科技", "线上"),
    ("公众号留言的新客户，宁波海瑞电器", "线上"),
    ("有个询盘，新线索，苏州某机械厂", "线上"),
    ("展会上认识一个新客户，常州巨力传动", "展会"),
    ("朋友转介绍了一个新客户，无锡华光电子", "转介绍"),
    ("扫街认识一个新客户，鑫达五金厂", "拜访"),
    ("陌拜了一家新客户，鑫达五金厂", "拜访"),
    ("新客户，鑫达五金厂", "其他"),
])
def test_lead_source(text, source):
    got = run(text)
    assert (got["intent"], got["source"]) == ("new_lead", source)


def test_source_and_lost_reason_are_null_for_other_intents():
    got = run("今天拜访了华为")
    assert (got["source"], got["lost_reason"], got["stage"]) == (None, None, None)


@pytest.mark.parametrize("text, kind", [
    ("今天拜访了华为", "visit"), ("上门去了美的", "visit"), ("去了比亚迪", "visit"), ("见了三一的李总", "visit"),
    ("和中兴面谈", "visit"), ("给华为打了电话", "call"), ("和美的通话半小时", "call"), ("打给比亚迪的王总", "call"),
    ("和三一开会", "meeting"), ("中兴的会议纪要", "meeting"), ("和华为开了个线上会", "meeting"),
    ("跟美的视频会", "meeting"), ("给比亚迪发了邮件", "email"), ("华为微信上说", "wechat"),
    ("在企微和美的沟通", "wechat"), ("钉钉上跟三一沟通了", "wechat"), ("给中兴做了演示", "demo"),
    ("华为在试用我们的系统", "demo"), ("美的的POC通过了", "demo"),
])
def test_activity_type(text, kind):
    assert run(text)["activity_type"] == kind


def test_reported_activity_wins_over_planned_one():
    assert run("今天拜访了华为，明天再打电话")["activity_type"] == "visit"
    assert run("明天去顺丰开会")["activity_type"] == "meeting"


def test_service_visit_is_not_a_sales_visit():
    assert run("华为设备坏了，需要上门维修")["activity_type"] is None


WON_TEXTS = ["恒岳合同签了！先订20台，单价3.4万", "今天和锦程签约了", "博远合同已签，金额95万", "宏图合同流程走完了",
             "海天成交了", "终于拿下泽苓了", "康晟赢单", "云途下单了，3000个", "拾贝那单定了", "我们中标了，下周公示",
             "最后80万签的", "麦垛最后还是以95万签的", "泽苓订了30套", "博远下了30万的单", "海天确认订购20台"]


@pytest.mark.parametrize("text", WON_TEXTS)
def test_won_words_move_the_deal_to_won(text):
    got = run(text)
    assert (got["intent"], got["stage"]) == ("won", "won")
    assert all(a["kind"] == "contract" for a in got["amounts"])


@pytest.mark.parametrize("text", ["下周五签约", "约了周三签合同", "时间定了，下周三见面", "他们定了别家", "签了保密协议",
                                  "意向订20台", "预订了会议室", "下了班去吃饭",
                                  "需要确认采购数量", "下周确认下单时间"])
def test_planned_or_other_agreements_are_not_won(text):
    assert run(text)["intent"] != "won"


@pytest.mark.parametrize("text", ["客户最后选了二期方案", "最后还是选了我们", "最后选了标准版配置"])
def test_choosing_our_offer_is_no_loss(text):
    assert run(text)["intent"] not in ("won", "lost")


@pytest.mark.parametrize("text, reason", [
    ("美的输单了，预算砍了", "预算不足"), ("丢单了，他们没预算", "预算不足"), ("黄了，预算不够", "预算不足"),
    ("丢了，选了别家", "竞品"), ("丢了，最后选了西门子", "竞品"), ("汇川最后选了西门子", "竞品"), ("没戏了，客户用竞品", "竞品"),
    ("丢单，嫌贵", "价格"), ("流失了，价格太高", "价格"),
    ("项目取消了", "需求取消"), ("客户说不做了，丢了", "需求取消"), ("丢单了，项目暂停了", "需求取消"),
    ("丢单了，原因不明", "其他"), ("没谈成，对方老板换了", "其他"),
])
def test_lost_reasons(text, reason):
    got = run(text)
    assert (got["intent"], got["lost_reason"], got["cancels_follow_up"]) == ("lost", reason, True)


@pytest.mark.parametrize("text, tags", [
    ("报价28万，他说比友商高了快两成", ["价格", "竞品"]),
    ("他们在对比友商，嫌我们贵", ["价格", "竞品"]),
    ("预算批了50万", []),
    ("要定制接口，价格还要谈", ["定制化", "价格", "集成对接"]),
])
def test_price_and_competitor_stay_tags_and_a_budget_alone_is_not_price(text, tags):
    assert run(text)["tags"] == tags
