"""Customers (alias table, core names, homophones, pinyin, fuzzy, unknown companies) and contacts."""

import pytest

from bot.nlp import KnownCustomer
from bot.nlp.customers import short_name
from bot.nlp.evaluate import field_matches

from nlp_helpers import run


def customer(text: str, customers=None) -> dict | None:
    return run(text, customers=customers) if customers is not None else run(text)["customer"]


@pytest.mark.parametrize("name, core", [
    ("华为技术有限公司", "华为"), ("宁德时代新能源科技股份有限公司", "宁德时代"), ("徐工集团工程机械股份有限公司", "徐工"),
    ("海康威视数字技术股份有限公司", "海康威视"), ("杭州云帆智能科技有限公司", "云帆"), ("京东方科技集团股份有限公司", "京东方"),
    ("比亚迪", "比亚迪"),
])
def test_short_name_strips_legal_city_and_industry_words(name, core):
    assert short_name(name) == core


@pytest.mark.parametrize("text, surface, match", [
    ("今天拜访了华为张经理", "华为", "华为技术有限公司"),
    ("BYD那单签了", "BYD", "比亚迪股份有限公司"),
    ("byd说要降价", "byd", "比亚迪股份有限公司"),
    ("中兴通讯股份有限公司来函", "中兴通讯股份有限公司", "中兴通讯股份有限公司"),
    ("中兴说要补货", "中兴", "中兴通讯股份有限公司"),
    ("宁德时代的赵总", "宁德时代", "宁德时代新能源科技股份有限公司"),
    ("三一重工的方案", "三一重工", "三一重工股份有限公司"),
])
def test_known_customer_by_name_alias_or_core(text, surface, match):
    assert customer(text) == {"text": surface, "match": match, "score": 100}


@pytest.mark.parametrize("text, surface, match", [
    ("华伟的吴经理说要定制", "华伟", "华为技术有限公司"),
    ("比亚地那边要补货", "比亚地", "比亚迪股份有限公司"),
    ("宁得时代的王总", "宁得时代", "宁德时代新能源科技股份有限公司"),
    ("huawei那边预算60W", "huawei", "华为技术有限公司"),
])
def test_homophone_typos_and_pinyin_match_with_an_accepting_score(text, surface, match):
    got = customer(text)
    assert (got["text"], got["match"]) == (surface, match)
    assert got["score"] >= 85


@pytest.mark.parametrize("text", ["客户预算三亿", "完美的方案", "华东区域的客户", "你好"])
def test_lookalikes_are_not_customers(text):
    assert customer(text) is None


def test_new_company_is_reported_with_its_surface_and_no_match():
    got = customer("新线索：杭州云帆智能科技有限公司，想要样机")
    assert got == {"text": "杭州云帆智能科技有限公司", "match": None, "score": got["score"]}
    assert got["score"] < 50


@pytest.mark.parametrize("text, surface", [
    ("展会上认识一个新客户，杭州云帆科技，做跨境电商的", "杭州云帆科技"),
    ("朋友转介绍的宁波海瑞电器，想了解对接", "宁波海瑞电器"),
    ("官网来了个新线索，东莞精拓五金制品厂留言要报价", "东莞精拓五金制品厂"),
    ("今天拜访了海天塑机的张总", "海天塑机"),
])
def test_unknown_company_names_are_found_by_their_shape(text, surface):
    assert customer(text)["text"] == surface


def test_similar_unknown_company_names_the_likely_customer_with_a_score_to_ask():
    got = customer("今天拜访了宁德时光科技的张总")
    assert got["match"] == "宁德时代新能源科技股份有限公司"
    assert 50 <= got["score"] < 85


def test_one_shared_character_is_no_likeness():
    assert customer("今天拜访了华润科技的张总")["match"] is None


def test_customers_may_be_plain_strings_and_none_known_is_fine():
    assert run("拜访了华为", customers=["华为"])["customer"]["match"] == "华为"
    assert run("拜访了华为张经理", customers=[])["customer"] == {"text": "华为", "match": None, "score": 0}


def test_alias_table_outranks_a_fuzzy_lookalike():
    known = [KnownCustomer("鹅厂科技有限公司", ("腾讯",)), KnownCustomer("华为技术有限公司")]
    assert run("腾讯要二次开发", customers=known)["customer"]["match"] == "鹅厂科技有限公司"


@pytest.mark.parametrize("text, contacts", [
    ("拜访了华为张经理", [{"name": "张", "title": "经理"}]),
    ("给比亚迪李工打了电话", [{"name": "李", "title": "工"}]),
    ("美的的王总说太贵", [{"name": "王", "title": "总"}]),
    ("中兴陈总监反馈", [{"name": "陈", "title": "总监"}]),
    ("三一的刘主任说", [{"name": "刘", "title": "主任"}]),
    ("华为吴经里说", [{"name": "吴", "title": "经理"}]),
    ("欧阳经理来电", [{"name": "欧阳", "title": "经理"}]),
    ("三一的李明说要对比", [{"name": "李明", "title": None}]),
    ("对接人王芳，电话13800000000", [{"name": "王芳", "title": None}]),
    ("王总和李工都在", [{"name": "王", "title": "总"}, {"name": "李", "title": "工"}]),
    ("老板姓陈", [{"name": "陈", "title": "老板"}]),
])
def test_contacts(text, contacts):
    assert field_matches("contacts", contacts, run(text)["contacts"]), run(text)["contacts"]


@pytest.mark.parametrize("text", [
    "采购部说要报价", "技术部在评估", "对方总监说", "本周总结", "施工进度慢", "一周工期", "周四前给报价", "他们说",
    "徐工说要补货",
])
def test_roles_and_lookalikes_are_no_contacts(text):
    assert run(text, customers=[KnownCustomer("徐工集团工程机械股份有限公司", ("徐工",))])["contacts"] == []
