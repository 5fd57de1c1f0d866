"""Whole messages written for these tests (not from the dev corpus): typos, units, mixed scripts, plans vs reports."""

import pytest

from bot.nlp.evaluate import field_matches

from nlp_helpers import run

CASES = [
    ("华伟的吴经里说要定制话开发，预算80w，下周五前给方案",
     {"intent": "log_activity", "customer": {"match": "华为技术有限公司"}, "contacts": [{"name": "吴", "title": "经理"}],
      "amounts": [{"kind": "budget", "value": 800000, "value_max": None}], "tags": ["定制化"],
      "next_date": "2026-11-27", "next_action": "给方案"}),
    ("huawei那边60W的预算，要标准品",
     {"customer": {"text": "huawei", "match": "华为技术有限公司"}, "amounts": [{"kind": "other", "value": 600000, "value_max": None}],
      "tags": ["标准品"]}),
    ("拜访中兴，报价1万5一套，客户要100套",
     {"activity_type": "visit", "amounts": [{"kind": "quote", "value": 15000, "value_max": None}],
      "quantity": {"value": 100, "unit": "套"}, "next_action": None}),
    ("美的预算两万五，下个月再说", {"amounts": [{"kind": "budget", "value": 25000, "value_max": None}], "next_date": "2026-12-01"}),
    ("对方要求降价5%，给5个点的返点，最多打八折", {"amounts": [], "quantity": None, "tags": ["价格"]}),
    ("张经理电话13812345678，下周一联系",
     {"activity_type": None, "amounts": [], "contacts": [{"name": "张", "title": "经理"}], "next_date": "2026-11-23"}),
    ("客户要X200型号的10台，V3版本", {"amounts": [], "quantity": {"value": 10, "unit": "台"}}),
    ("11月10日去了美的，客户很满意", {"activity_type": "visit", "next_date": None}),
    ("昨天拜访了三一，明天发方案", {"next_date": "2026-11-19", "next_action": "发方案", "stage": None}),
    ("明天下午两点半去比亚迪开会", {"activity_type": "meeting", "next_date": "2026-11-19", "next_time": "14:30"}),
    ("比亚迪已经下单了，50台，每台2.8万",
     {"intent": "won", "quantity": {"value": 50, "unit": "台"}, "amounts": [{"kind": "contract", "value": 28000, "value_max": None}]}),
    ("中兴那个单子选了别家，因为对方价格更低", {"intent": "lost", "lost_reason": "价格"}),
    ("美的的项目暂停了，需求取消", {"intent": "lost", "lost_reason": "需求取消"}),
    ("华为的方案已经发过去了", {"intent": "stage_change", "stage": "proposal", "activity_type": None}),
    ("三一交付了，下周三回访", {"intent": "stage_change", "stage": "delivered", "next_date": "2026-11-25"}),
    ("老客户介绍了一个新客户，无锡华光电子，下周拜访",
     {"intent": "new_lead", "source": "转介绍", "customer": {"text": "无锡华光电子", "match": None}, "next_date": "2026-11-23"}),
    ("今天陌拜了一家厂，叫鑫达五金厂，老板姓陈，暂时没需求",
     {"customer": {"text": "鑫达五金厂", "match": None}, "contacts": [{"name": "陈", "title": "老板"}], "next_date": None}),
    ("格力那边说我们的价格比别家高了10%，让我们重新报个价，周五前",
     {"tags": ["价格", "竞品"], "amounts": [], "next_date": "2026-11-20", "next_action": "让我们重新报个价"}),
    ("顺丰那个单子最后给了友商，输在价格上", {"intent": "lost", "lost_reason": "价格"}),
    ("中兴的项目我们中标了，中标金额356.8万",
     {"intent": "won", "amounts": [{"kind": "contract", "value": 3568000, "value_max": None}]}),
    ("宁德时代项目进入商务阶段，对方压价压得厉害", {"intent": "stage_change", "stage": "negotiation", "tags": ["价格"]}),
    ("下周一上午九点半给美的打电话", {"activity_type": "call", "next_date": "2026-11-23", "next_time": "09:30"}),
    ("客户说1月中旬再联系", {"intent": "log_activity", "next_date": "2027-01-15", "next_action": "再联系"}),
    ("十二月十号之前完成华为的安装调试", {"next_date": "2026-12-10"}),
    ("客户想要15台，单价不超过8000元",
     {"quantity": {"value": 15, "unit": "台"}, "amounts": [{"kind": "other", "value": 8000, "value_max": None}]}),
    ("美的预算在三四十万之间", {"amounts": [{"kind": "budget", "value": 300000, "value_max": None}]}),
    ("比亚迪要买一百台，预算一百五十万",
     {"quantity": {"value": 100, "unit": "台"}, "amounts": [{"kind": "budget", "value": 1500000, "value_max": None}]}),
    ("三一说先付30%的定金", {"amounts": []}),
    ("帮我查一下美的的跟进记录", {"intent": "query", "next_date": None}),
    ("客户问有没有现货，我说有，明天发货", {"intent": "log_activity", "tags": ["标准品", "交付"], "next_date": "2026-11-19"}),
    ("提醒我明天下午3点给比亚迪打电话", {"activity_type": "call", "next_date": "2026-11-19", "next_time": "15:00"}),
    ("ＢＹＤ说要５０台，预算１２０万",
     {"customer": {"match": "比亚迪股份有限公司"}, "quantity": {"value": 50, "unit": "台"},
      "amounts": [{"kind": "budget", "value": 1200000, "value_max": None}]}),
]


@pytest.mark.parametrize("text, expect", CASES, ids=[c[0][:16] for c in CASES])
def test_unseen_message_parses_as_a_person_would_read_it(text, expect):
    got = run(text)
    for field, expected in expect.items():
        assert field_matches(field, expected, got[field]), (field, got[field])
