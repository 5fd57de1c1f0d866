"""Messages written from PARSE_SPEC.md alone (expected values decided by reading the contract, not by
running the parser): unknown companies in their usual shapes, traps that look like names, typos,
plans vs reports, amounts, dates and questions. Reference time: Monday 2026-11-23 10:00."""

from datetime import datetime

import pytest

from bot.nlp import KnownCustomer, parse
from bot.nlp.evaluate import field_matches

NOW = datetime(2026, 11, 23, 10, 0)
CUSTOMERS = [
    KnownCustomer("华为技术有限公司", ("华为",)),
    KnownCustomer("比亚迪股份有限公司", ("比亚迪", "BYD")),
    KnownCustomer("美的集团股份有限公司", ("美的",)),
    KnownCustomer("宁德时代新能源科技股份有限公司", ("宁德时代", "CATL")),
    KnownCustomer("海尔智家股份有限公司", ("海尔",)),
    KnownCustomer("三一重工股份有限公司", ("三一重工", "三一")),
    KnownCustomer("格力电器股份有限公司", ("格力",)),
    KnownCustomer("中兴通讯股份有限公司", ("中兴",)),
    KnownCustomer("京东方科技集团股份有限公司", ("京东方", "BOE")),
    KnownCustomer("顺丰控股股份有限公司", ("顺丰",)),
    KnownCustomer("联想集团有限公司", ("联想",)),
    KnownCustomer("海康威视数字技术股份有限公司", ("海康威视", "海康")),
    KnownCustomer("万华化学集团股份有限公司", ("万华化学", "万华")),
    KnownCustomer("潍柴动力股份有限公司", ("潍柴",)),
    KnownCustomer("徐工集团工程机械股份有限公司", ("徐工",)),
]
NEW = {"match": None}


def co(text, match=None):
    return {"text": text, "match": match}


def money(kind, value, value_max=None):
    return {"kind": kind, "value": value, "value_max": value_max}


COMPANIES = [
    ("小鹏汽车的王总说下周来公司参观",
     {"intent": "log_activity", "activity_type": "visit", "customer": co("小鹏汽车"),
      "contacts": [{"name": "王", "title": "总"}], "next_date": "2026-11-30"}),
    ("有个线索，官网留言的，苏州博远精工，想了解MES，电话13912345678",
     {"intent": "new_lead", "source": "线上", "customer": co("苏州博远精工"), "amounts": [], "contacts": []}),
    ("今天去了杭州星河科技，见了他们采购部的刘经理，对方想要定制",
     {"activity_type": "visit", "customer": co("杭州星河科技"), "contacts": [{"name": "刘", "title": "经理"}],
      "tags": ["定制化"], "next_date": None}),
    ("拜访深圳云途智能，聊了聊API对接，下周三给方案",
     {"intent": "log_activity", "stage": None, "activity_type": "visit", "customer": co("深圳云途智能"),
      "tags": ["集成对接"], "next_date": "2026-12-02"}),
    ("新客户：宁波海瑞电器有限公司，展会上认识的，联系人陈红",
     {"intent": "new_lead", "source": "展会", "customer": co("宁波海瑞电器有限公司"),
      "contacts": [{"name": "陈红", "title": None}]}),
    ("和蓝海物流的张总通了电话，他们要补货300箱",
     {"activity_type": "call", "customer": co("蓝海物流"), "contacts": [{"name": "张", "title": "总"}],
      "quantity": {"value": 300, "unit": "箱"}, "tags": ["紧急补货"]}),
    ("跟天成精密机械约了下周二演示",
     {"activity_type": "demo", "customer": co("天成精密机械"), "next_date": "2026-12-01", "tags": ["试用"]}),
    ("给华创电子报了价，单价3.5元一个，要5000个",
     {"customer": {"text": "华创电子"}, "amounts": [money("other", 3.5)], "quantity": {"value": 5000, "unit": "个"},
      "tags": ["价格"]}),
    ("见了东莞精拓五金的老板，人很爽快，月底前要报价",
     {"activity_type": "visit", "customer": co("东莞精拓五金"), "contacts": [], "next_date": "2026-11-30",
      "tags": ["价格"]}),
    ("苏州汇川传动有限公司来电咨询伺服电机，要30台，急需",
     {"activity_type": "call", "customer": co("苏州汇川传动有限公司"), "quantity": {"value": 30, "unit": "台"},
      "urgency": "high"}),
    ("小米的李经理说下个月招标",
     {"customer": co("小米"), "contacts": [{"name": "李", "title": "经理"}], "next_date": "2026-12-01"}),
    ("去了中科曙光，对方很关心售后和维保",
     {"activity_type": "visit", "customer": co("中科曙光"), "tags": ["售后服务"]}),
    ("见了远景能源的李总和技术部赵工，聊POC",
     {"activity_type": "visit", "customer": co("远景能源"),
      "contacts": [{"name": "李", "title": "总"}, {"name": "赵", "title": "工"}], "tags": ["试用"]}),
    ("新线索：成都天府软件，公众号来的，想试用",
     {"intent": "new_lead", "source": "线上", "customer": co("成都天府软件"), "tags": ["试用"]}),
    ("展会认识一个新客户，武汉光谷激光设备有限公司，要样机",
     {"intent": "new_lead", "source": "展会", "customer": co("武汉光谷激光设备有限公司"), "tags": ["试用"]}),
    ("朋友转介绍了一个客户，叫合肥智联自动化，下周见面",
     {"intent": "new_lead", "source": "转介绍", "customer": co("合肥智联自动化"), "next_date": "2026-11-30"}),
    ("有个线索，杭州星河科技，电话13800001111",
     {"intent": "new_lead", "source": "其他", "customer": co("杭州星河科技"), "amounts": []}),
    ("杭州星河科技的李经理手机13588889999，要IRB1200机器人3台",
     {"customer": co("杭州星河科技"), "contacts": [{"name": "李", "title": "经理"}], "amounts": [],
      "quantity": {"value": 3, "unit": "台"}}),
]

NOT_COMPANIES = [
    ("明天去客户那边开会", {"customer": None, "activity_type": "meeting", "next_date": "2026-11-24"}),
    ("下周去他们公司拜访", {"customer": None, "activity_type": "visit", "next_date": "2026-11-30"}),
    ("月底前对方采购部会给答复", {"customer": None, "contacts": [], "next_date": "2026-11-30"}),
    ("客户说下周来我们公司参观", {"customer": None, "activity_type": "visit", "next_date": "2026-11-30"}),
    ("给采购部打了电话，对方说再等等", {"customer": None, "activity_type": "call", "contacts": []}),
    ("跟对方的王经理聊了一下交期", {"customer": None, "contacts": [{"name": "王", "title": "经理"}], "tags": ["交付"]}),
    ("他们的李总说明天来公司", {"customer": None, "contacts": [{"name": "李", "title": "总"}],
                         "next_date": "2026-11-24"}),
    ("拜访了客户，聊得不错，后天再约", {"customer": None, "activity_type": "visit", "next_date": "2026-11-25"}),
]

KNOWN = [
    ("华伟的张经里说下周三前要看到方案",
     {"customer": {"match": "华为技术有限公司"}, "contacts": [{"name": "张", "title": "经理"}],
      "intent": "log_activity", "stage": None, "next_date": "2026-12-02"}),
    ("美的要定制话的产品，预算30w", {"tags": ["定制化"], "amounts": [money("budget", 300000)]}),
    ("BOE的王工说良率不稳定，要我们派人维修",
     {"customer": {"match": "京东方科技集团股份有限公司"}, "contacts": [{"name": "王", "title": "工"}],
      "tags": ["售后服务", "质量"]}),
    ("catl签了，合同额800w，下月中排产",
     {"intent": "won", "stage": "won", "customer": {"match": "宁德时代新能源科技股份有限公司"},
      "amounts": [money("contract", 8000000)], "next_date": "2026-12-15"}),
    ("BYD说要做POC，ASAP", {"customer": {"match": "比亚迪股份有限公司"}, "tags": ["试用"], "urgency": "high"}),
    ("给CATL发了email，附上quotation",
     {"activity_type": "email", "customer": {"match": "宁德时代新能源科技股份有限公司"}}),
    ("和海康开了个线上会，讨论API集成",
     {"activity_type": "meeting", "customer": {"match": "海康威视数字技术股份有限公司"}, "tags": ["集成对接"]}),
]

STAGES = [
    ("周五跟格力签合同", {"intent": "log_activity", "stage": None, "next_date": "2026-11-27"}),
    ("格力的合同已经签了，金额256万", {"intent": "won", "stage": "won", "amounts": [money("contract", 2560000)]}),
    ("中兴的方案已提交，等对方反馈", {"intent": "stage_change", "stage": "proposal"}),
    ("下周给海康出方案", {"intent": "log_activity", "stage": None, "next_date": "2026-11-30",
                   "next_action": "给海康出方案"}),
    ("潍柴那边进入商务谈判了，对方在压价", {"intent": "stage_change", "stage": "negotiation", "tags": ["价格"]}),
    ("徐工的单子黄了，对方预算不够", {"intent": "lost", "stage": "lost", "lost_reason": "预算不足"}),
    ("三一的项目没戏了，他们选了别家", {"intent": "lost", "lost_reason": "竞品"}),
    ("万华的设备已交货，下周安排培训",
     {"intent": "stage_change", "stage": "delivered", "tags": ["交付", "培训"], "next_date": "2026-11-30"}),
    ("顺丰已经排产了，预计12月10日发货",
     {"intent": "stage_change", "stage": "production", "tags": ["交付"], "next_date": "2026-12-10"}),
    ("年底前把万华的合同签下来", {"intent": "log_activity", "stage": None, "next_date": "2026-12-31"}),
    ("联想的单子丢了，被友商低价抢走", {"intent": "lost", "stage": "lost", "customer": {"match": "联想集团有限公司"}}),
]

AMOUNTS = [
    ("海尔预算30-50万，要20套",
     {"amounts": [money("budget", 300000, 500000)], "quantity": {"value": 20, "unit": "套"}}),
    ("报价一百二十万，对方说能批八十万", {"amounts": [money("quote", 1200000), money("budget", 800000)]}),
    ("比亚迪预算每台3k，要200台", {"amounts": [money("budget", 3000)], "quantity": {"value": 200, "unit": "台"}}),
    ("联想那边开价2.5万一套，我们报了2.2万",
     {"amounts": [money("quote", 25000), money("quote", 22000)], "quantity": None}),
    ("预算不超过50万", {"amounts": [money("budget", 500000)]}),
    ("折扣给到九折，另外返点3个点", {"amounts": [], "quantity": None, "tags": ["价格"]}),
    ("合同金额约1,200,000元", {"amounts": [money("contract", 1200000)]}),
    ("对方要50吨，报价每吨4800元", {"quantity": {"value": 50, "unit": "吨"}, "amounts": [money("quote", 4800)]}),
    ("预算大概两百万左右", {"amounts": [money("budget", 2000000)]}),
    ("中兴预算5千到8千", {"amounts": [money("budget", 5000, 8000)]}),
    ("型号V3.2的设备要10套，单价1.8w", {"quantity": {"value": 10, "unit": "套"}, "amounts": [money("other", 18000)]}),
    ("王总电话：0571-88776655，周四回电",
     {"amounts": [], "contacts": [{"name": "王", "title": "总"}], "next_date": "2026-11-26"}),
]

DATES = [
    ("后天上午10点去拜访中兴", {"activity_type": "visit", "next_date": "2026-11-25", "next_time": "10:00"}),
    ("这周五下午三点和海尔开视频会", {"activity_type": "meeting", "next_date": "2026-11-27", "next_time": "15:00"}),
    ("下下周二再联系比亚迪", {"next_date": "2026-12-08"}),
    ("两周后回访美的", {"next_date": "2026-12-07"}),
    ("半个月后再跟进", {"next_date": "2026-12-08"}),
    ("周末约了格力的陈总吃饭", {"next_date": "2026-11-28", "contacts": [{"name": "陈", "title": "总"}]}),
    ("12月5号给顺丰发样品", {"next_date": "2026-12-05", "tags": ["试用"]}),
    ("1月10号前交货", {"next_date": "2027-01-10", "tags": ["交付"]}),
    ("5号之前回复客户", {"next_date": "2026-12-05"}),
    ("昨天见了海康的周经理，下周一再跟进",
     {"activity_type": "visit", "contacts": [{"name": "周", "title": "经理"}], "next_date": "2026-11-30"}),
    ("下午2点半给潍柴打电话", {"activity_type": "call", "next_date": "2026-11-23", "next_time": "14:30"}),
    ("3天后发报价给徐工", {"next_date": "2026-11-26", "tags": ["价格"]}),
    ("明天或者后天去一趟三一", {"next_date": "2026-11-24"}),
    ("今天拜访了华为，下周三下午3点再约",
     {"activity_type": "visit", "next_date": "2026-12-02", "next_time": "15:00"}),
    ("下月初去青岛拜访海尔，下周先发资料", {"next_date": "2026-11-30"}),
]

QUESTIONS_AND_CHAT = [
    ("华为现在什么阶段？", {"intent": "query"}),
    ("这周有哪些客户要跟进", {"intent": "query", "next_date": None}),
    ("比亚迪的合同签了吗", {"intent": "query", "stage": None}),
    ("美的预算多少来着", {"intent": "query"}),
    ("在吗", {"intent": "unknown"}),
    ("收到，谢谢", {"intent": "unknown"}),
    ("辛苦了", {"intent": "unknown", "customer": None}),
    ("Hi，在吗", {"intent": "unknown"}),
    ("周末愉快", {"intent": "unknown", "next_date": None}),
    ("FYI 中兴的PO已经下了", {"intent": "won", "stage": "won"}),
    ("顺丰的订单下来了，金额88万", {"intent": "won", "amounts": [money("contract", 880000)]}),
    ("跟CATL的VP开了个call", {"activity_type": "call", "customer": {"match": "宁德时代新能源科技股份有限公司"}}),
    ("我们要下订单吗", {"intent": "query", "stage": None}),
    ("BOE那边RFQ发过来了，要求下周五前报价", {"next_date": "2026-12-04", "tags": ["价格"]}),
]

LOOKALIKES = [
    ("明天上午9点半跟蔚来的李经理视频会",
     {"customer": co("蔚来"), "activity_type": "meeting", "next_date": "2026-11-24", "next_time": "09:30"}),
    ("去了趟宁波舟山港，对方要做系统对接", {"customer": co("宁波舟山港"), "activity_type": "visit"}),
    ("新来的王经理说下周再聊", {"customer": None, "contacts": [{"name": "王", "title": "经理"}]}),
    ("技术部的赵工说接口没问题", {"customer": None, "tags": ["集成对接"]}),
    ("客户那边的刘经理反馈质量有问题", {"customer": None, "tags": ["质量"]}),
    ("我们公司的李总明天去拜访", {"customer": None, "next_date": "2026-11-24"}),
    ("今天的李经理很好说话", {"customer": None}),
    ("新线索，苏州那边的一个厂，做注塑的", {"intent": "new_lead", "customer": None, "contacts": []}),
    ("新线索，上海本地客户，预算20万", {"customer": None, "amounts": [money("budget", 200000)]}),
    ("和极氪的陈总吃了个饭，聊了下明年的采购计划", {"customer": co("极氪"), "contacts": [{"name": "陈", "title": "总"}]}),
]

GOING_THERE = [
    ("11.28去海尔", {"activity_type": "visit", "next_date": "2026-11-28"}),
    ("过两天再去趟潍柴", {"activity_type": "visit", "next_date": "2026-11-25"}),
    ("明天去顺丰开会", {"activity_type": "meeting", "next_date": "2026-11-24"}),
    ("去年去过华为，对方印象不错", {"activity_type": "visit", "next_date": None}),
    ("发去美的的样品到了", {"activity_type": None, "tags": ["试用"]}),
]

MORE_STAGES = [
    ("中兴项目被华为抢了", {"intent": "lost", "stage": "lost"}),
    ("海尔那单最后没签成", {"intent": "lost", "stage": "lost"}),
    ("比亚迪说不考虑我们了，选择了竞争对手", {"intent": "lost", "lost_reason": "竞品", "tags": ["竞品"]}),
    ("美的的需求确认了，下周出方案", {"stage": None, "next_date": "2026-11-30"}),
    ("三一那边今天开了需求沟通会", {"activity_type": "meeting", "next_date": None}),
    ("明天和格力开个评审会", {"activity_type": "meeting", "next_date": "2026-11-24"}),
]

PEOPLE = [
    ("王经理和技术的孙工一起参加了演示",
     {"customer": None, "contacts": [{"name": "王", "title": "经理"}, {"name": "孙", "title": "工"}],
      "activity_type": "demo"}),
    ("对接人是财务部的吴丽，电话18600001234",
     {"customer": None, "contacts": [{"name": "吴丽", "title": None}], "amounts": []}),
    ("客户张伟说下周要样品", {"contacts": [{"name": "张伟", "title": None}], "tags": ["试用"], "next_date": "2026-11-30"}),
    ("跟欧阳总约了周四", {"contacts": [{"name": "欧阳", "title": "总"}], "next_date": "2026-11-26"}),
    ("客户催得很紧，希望这周内到货", {"urgency": "high", "tags": ["交付"]}),
]

PARTIES = [
    ("今天和理想汽车开了会", {"customer": {"text": "理想汽车"}, "activity_type": "meeting"}),
    ("给蔚来打了电话，对方要报价", {"customer": co("蔚来"), "activity_type": "call", "tags": ["价格"]}),
    ("跟大疆约了下周三", {"customer": co("大疆"), "next_date": "2026-12-02"}),
    ("给中芯国际发了方案", {"customer": {"text": "中芯国际"}}),
    ("拜访了一家做模具的厂", {"customer": None, "activity_type": "visit"}),
    ("去了苏州，见了三家客户", {"customer": None, "activity_type": "visit"}),
    ("给李明打了电话", {"customer": None, "activity_type": "call"}),
    ("跟领导汇报了进展", {"customer": None}),
    ("跟小王约了明天", {"customer": None, "next_date": "2026-11-24"}),
    ("跟采购部确认了交期", {"customer": None, "tags": ["交付"]}),
    ("和上海那边开了会", {"customer": None, "activity_type": "meeting"}),
    ("买的电动汽车，质量很好", {"customer": None, "tags": ["质量"]}),
    ("项目的王经理说下周定", {"customer": None, "contacts": [{"name": "王", "title": "经理"}]}),
    ("跟二期项目的张工确认了", {"customer": None}),
    ("和设计院的王工对接了图纸", {"customer": None, "tags": ["集成对接"]}),
    ("昨天的李总说要降价", {"customer": None, "tags": ["价格"]}),
    ("和他们的采购约了周五", {"customer": None, "contacts": [], "next_date": "2026-11-27"}),
    ("跟进了一下，客户说下周签", {"intent": "log_activity", "stage": None, "next_date": "2026-11-30"}),
]

MORE_AMOUNTS = [
    ("美的那边说年前能定下来，预算一个亿", {"amounts": [money("budget", 100000000)], "next_date": "2026-12-31"}),
    ("中兴报了两版方案，第二版32.5万", {"amounts": [money("other", 325000)]}),
    ("客户要1000pcs，报价每pcs 12元",
     {"quantity": {"value": 1000, "unit": "pcs"}, "amounts": [money("quote", 12)]}),
    ("报价3500一台", {"amounts": [money("quote", 3500)], "quantity": None}),
    ("对方能接受的价格在1.2-1.5w/台", {"amounts": [money("other", 12000, 15000)], "next_date": None}),
    ("预算1.5-2万", {"amounts": [money("budget", 15000, 20000)]}),
    ("报价从45万降到了38万", {"amounts": [money("quote", 450000), money("quote", 380000)], "tags": ["价格"]}),
    ("报价RMB 12万", {"amounts": [money("quote", 120000)]}),
    ("500元/套，采购1000套", {"amounts": [money("other", 500)], "quantity": {"value": 1000, "unit": "套"}}),
    ("这个客户要20台套，报价每台套5万",
     {"quantity": {"value": 20, "unit": "台套"}, "amounts": [money("quote", 50000)]}),
]

CASES = (COMPANIES + NOT_COMPANIES + KNOWN + STAGES + AMOUNTS + DATES + QUESTIONS_AND_CHAT + LOOKALIKES
         + GOING_THERE + MORE_STAGES + PEOPLE + PARTIES + MORE_AMOUNTS)


@pytest.mark.parametrize("text, expect", CASES, ids=[c[0][:18] for c in CASES])
def test_message_nobody_showed_us(text, expect):
    got = parse(text, NOW, CUSTOMERS).to_dict()
    for field, expected in expect.items():
        assert field_matches(field, expected, got[field]), (field, got)
