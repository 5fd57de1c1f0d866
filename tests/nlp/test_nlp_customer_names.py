"""Customers named the way reps name them: short names, parts of them, aliases, ambiguity, several in one message."""

import pytest

from bot.nlp import KnownCustomer
from bot.nlp.customers import short_name

from company_names import NEAR_MISSES, OTHER_TRADES, TABLE
from nlp_helpers import run

KNOWN = [
    KnownCustomer("宁波甬达汽车零部件有限公司"),
    KnownCustomer("佛山市南海区宏图五金制品厂"),
    KnownCustomer("苏州工业园区博远精工科技有限公司"),
    KnownCustomer("东莞新利达电子有限公司"),
    KnownCustomer("格力电器股份有限公司"),
    KnownCustomer("佛山海天调味食品股份有限公司"),
    KnownCustomer("联想集团有限公司"),
]


# Every table company plus two the examples name; one list, as a rep's visible customers would be.
ALL = [KnownCustomer(full) for full, _ in TABLE] + [KnownCustomer("联想集团有限公司"),
                                                    KnownCustomer("佛山海天调味食品股份有限公司")]
MESSAGES = ["今天拜访了{}的张经理，下周三再跟进", "给{}打了电话，要报价", "{}那边说下周来看样机"]


def customer(text: str, customers=KNOWN) -> dict | None:
    return run(text, customers=customers)["customer"]


@pytest.mark.parametrize("full, short", TABLE)
def test_table_short_names(full, short):
    assert short_name(full) == short


@pytest.mark.parametrize("template", MESSAGES)
@pytest.mark.parametrize("full, short", TABLE)
def test_a_message_naming_the_short_name_finds_the_customer(full, short, template):
    got = customer(template.format(short), ALL)
    assert got["match"] == full and got["score"] >= 85


@pytest.mark.parametrize("template", ["新客户：{}，要报价", "今天拜访了{}的王总"])
@pytest.mark.parametrize("full", [full for full, _ in TABLE if not any(c.isascii() for c in full)])
def test_an_unknown_registered_name_is_found_whole(full, template):
    assert customer(template.format(full), [])["text"] == full


@pytest.mark.parametrize("template", ["今天拜访了{}的王总", "{}那边要报价"])
@pytest.mark.parametrize("name", NEAR_MISSES.split())
def test_near_misses_stay_unmatched(name, template):
    got = customer(template.format(name), ALL)
    assert got is None or got["match"] is None


@pytest.mark.parametrize("name, full", OTHER_TRADES)
def test_the_same_core_in_another_trade_is_asked_about(name, full):
    got = customer(f"今天拜访了{name}的王总", ALL)
    assert got["match"] == full and 50 <= got["score"] < 85


@pytest.mark.parametrize("full, short", [
    ("宁波甬达汽车零部件有限公司", "甬达"), ("佛山市南海区宏图五金制品厂", "宏图"), ("苏州工业园区博远精工科技有限公司", "博远"),
    ("东莞新利达电子", "新利达"), ("上海电气集团股份有限公司", "上海电气"), ("长安汽车股份有限公司", "长安"),
])
def test_short_name_is_the_distinctive_core(full, short):
    assert short_name(full) == short


@pytest.mark.parametrize("text, surface, match, score", [
    ("甬达的李工说下周来", "甬达", "宁波甬达汽车零部件有限公司", 100),
    ("宏图五金要报价", "宏图五金", "佛山市南海区宏图五金制品厂", 100),
    ("博远精工的王总要样机", "博远精工", "苏州工业园区博远精工科技有限公司", 100),
    ("今天去了博远", "博远", "苏州工业园区博远精工科技有限公司", 100),
    ("利达那边催货", "利达", "东莞新利达电子有限公司", 88),
])
def test_short_names_and_their_parts_find_the_customer(text, surface, match, score):
    assert customer(text) == {"text": surface, "match": match, "score": score}


@pytest.mark.parametrize("text", ["拜访了合力叉车的张总", "今天拜访了理想汽车的王总", "今天去了海天塑机"])
def test_one_shared_character_is_no_match(text):
    got = customer(text, [KnownCustomer("格力电器股份有限公司"), KnownCustomer("联想集团有限公司"),
                          KnownCustomer("海信集团有限公司")])
    assert got is None or got["match"] is None


@pytest.mark.parametrize("text", ["海天那边要报价", "今天去了海天"])
def test_an_unknown_short_name_is_offered_as_new(text):
    got = customer(text, [KnownCustomer("海信集团有限公司")])
    assert (got["text"], got["match"]) == ("海天", None)


@pytest.mark.parametrize("text", ["客户那边要报价", "他们那边说下周", "李明那边说", "采购那边说"])
def test_people_and_roles_before_a_side_word_are_no_company(text):
    assert customer(text, []) is None


def test_an_unknown_name_is_looked_up_whole():
    assert customer("今天去了上海申通快递，谈了合作", [KnownCustomer("海信集团有限公司")])["text"] == "上海申通快递"


def test_a_short_name_several_customers_share_is_asked_about():
    known = [KnownCustomer("宁波甬达汽车零部件有限公司"), KnownCustomer("温州甬达电器有限公司")]
    got = run("甬达的李工说下周来", customers=known)
    assert got["customer"]["score"] < 85
    assert got["customer_candidates"] == ["宁波甬达汽车零部件有限公司", "温州甬达电器有限公司"]


def test_two_customers_give_one_part_each_with_the_shared_clauses():
    got = run("格力和海天今天都去了，格力在谈二期，海天要看演示，都是下周三再跟", customers=KNOWN)
    assert [c["match"] for c in got["customers"]] == ["格力电器股份有限公司", "佛山海天调味食品股份有限公司"]
    gree, haitian = got["parts"]
    assert gree["customer"]["match"] == "格力电器股份有限公司" and gree["tags"] == []
    assert haitian["customer"]["match"] == "佛山海天调味食品股份有限公司" and haitian["tags"] == ["试用"]
    assert gree["next_date"] == haitian["next_date"] == "2026-11-25"
    assert gree["activity_type"] == haitian["activity_type"] == "visit"
    assert gree["parts"] == haitian["parts"] == []


def test_a_part_several_customers_share_is_ambiguous():
    known = [KnownCustomer("东莞新利达电子有限公司"), KnownCustomer("深圳利达通物流有限公司")]
    got = run("利达那边催货", customers=known)
    assert got["customer_candidates"] == ["东莞新利达电子有限公司", "深圳利达通物流有限公司"]
    assert got["customer"]["score"] < 85


def test_an_alias_is_a_name_of_its_own_and_settles_an_ambiguity():
    known = [KnownCustomer("宁波甬达汽车零部件有限公司"), KnownCustomer("温州甬达电器有限公司", ("甬达",))]
    assert customer("甬达的李工说下周来", known) == {"text": "甬达", "match": "温州甬达电器有限公司", "score": 100}
    assert customer("阿甬那边催货", [KnownCustomer("宁波甬达汽车零部件有限公司", ("阿甬",))])["score"] == 100


@pytest.mark.parametrize("text", ["张经理说下周来", "技术部说要报价", "下周三再跟进", "今天上午开了会"])
def test_people_roles_and_time_words_are_no_customers(text):
    assert run(text, customers=ALL)["customers"] == []


def test_customers_lists_every_customer_once_in_order():
    got = run("甬达要报价，博远精工催交期，甬达下周再约", customers=ALL)
    assert [c["text"] for c in got["customers"]] == ["甬达", "博远精工"]


def test_one_customer_has_no_parts():
    got = run("甬达要报价，甬达下周再约", customers=ALL)
    assert len(got["customers"]) == 1 and got["parts"] == []


def test_two_customers_without_content_of_their_own_have_no_parts():
    assert run("格力和海天今天都去了，都是下周三再跟", customers=KNOWN)["parts"] == []


@pytest.mark.parametrize("text, expected", [
    ("今天跑了甬达和宏图，甬达要报价，宏图催交期",
     [("宁波甬达汽车零部件有限公司", ["价格"], None), ("佛山市南海区宏图五金制品厂", ["交付"], None)]),
    ("给博远打了电话，预算50万；新利达那边要样品，下周一再联系",
     [("苏州工业园区博远精工科技有限公司", [], None), ("东莞新利达电子有限公司", ["试用"], "2026-11-23")]),
])
def test_each_part_has_its_own_clauses(text, expected):
    got = run(text, customers=ALL)
    assert [(p["customer"]["match"], p["tags"], p["next_date"]) for p in got["parts"]] == expected


def test_a_clause_without_a_name_goes_with_the_customer_before_it():
    gree, haitian = run("格力在谈二期，预算80万，海天要看演示", customers=KNOWN)["parts"]
    assert [a["value"] for a in gree["amounts"]] == [800000] and haitian["amounts"] == []


def test_a_shared_clause_reads_as_about_the_part_s_customer_alone():
    gree, haitian = run("格力在谈二期，海天要看演示，下周三去格力和海天开会", customers=KNOWN)["parts"]
    assert (gree["next_action"], haitian["next_action"]) == ("去格力开会", "去海天开会")


def test_every_mention_is_checked_against_the_whole_name_around_it():
    got = run("格力和格林美的王总都见了", customers=ALL)
    assert [(c["text"], c["match"]) for c in got["customers"]] == [
        ("格力", "广东珠海格力电器股份有限公司"), ("格林美", None)]


SCENARIO = [KnownCustomer("恒岳重工机械股份有限公司"), KnownCustomer("坤泰吊装设备有限公司"),
            KnownCustomer("泽苓药业股份有限公司"), KnownCustomer("拾贝网络科技有限公司")]


@pytest.mark.parametrize("text, surface", [
    ("上午给恒岳设备部王部长打了电话", "恒岳"),  # 设备 opens the department's name, not the company's
    ("上午恒岳和坤泰都打了电话", "恒岳"),
    ("拾贝上午来公司面谈了", "拾贝"),  # 上午来公司 is no part of a name
])
def test_words_after_a_short_name_that_are_not_its_name(text, surface):
    assert customer(text, SCENARIO)["text"] == surface and customer(text, SCENARIO)["score"] == 100


def test_two_customers_in_a_scenario_report():
    got = run("上午恒岳和坤泰都打了电话，恒岳王部长约了下周三来我们厂里参观，坤泰那边报价降到26w", customers=SCENARIO)
    assert [c["text"] for c in got["customers"]] == ["恒岳", "坤泰"]
    hengyue, kuntai = got["parts"]
    assert hengyue["next_date"] == "2026-11-25" and hengyue["amounts"] == []
    assert [a["value"] for a in kuntai["amounts"]] == [260000]


def test_a_new_lead_merely_like_a_customer_is_a_new_company():
    got = customer("转介绍了个新客户 泽苓堂大药房连锁，做零售药房的，下周二去拜访", SCENARIO)
    assert got["text"] == "泽苓堂大药房连锁" and got["match"] is None


TYPO_PRONE = [KnownCustomer("东莞市达通汽车零部件股份有限公司"), KnownCustomer("温州泰立五金制品股份有限公司"),
              KnownCustomer("杭州萧山能杰精工科技集团有限公司"), KnownCustomer("无锡市锡山区童光谷医疗器械厂"),
              KnownCustomer("无锡市锡山区新达吊装设备厂"), KnownCustomer("坤泰吊装设备有限公司")]


@pytest.mark.parametrize("text", ["跟锦程的电话打通了，下周见面", "对方能接受的价格在1.2-1.5w/台", "坤泰李总见了一面"])
def test_a_word_or_a_person_is_no_typo_of_a_short_name(text):
    matched = {c["match"] for c in run(text, customers=TYPO_PRONE)["customers"]}
    assert matched <= {"坤泰吊装设备有限公司", None}


@pytest.mark.parametrize("text", ["展会认识一个新客户，武汉光谷激光设备有限公司，要样机", "今天陌拜了一家厂，叫鑫达五金厂，老板姓陈"])
def test_an_unknown_name_only_like_a_customer_is_asked_about_or_new(text):
    got = customer(text, TYPO_PRONE)
    assert got["match"] is None or got["score"] < 85
