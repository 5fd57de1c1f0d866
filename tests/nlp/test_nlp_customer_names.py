"""Customers named the way reps name them: short names, parts of them, aliases, ambiguity, several in one message."""

import pytest

from bot.nlp import KnownCustomer
from bot.nlp.customers import short_name

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


def customer(text: str, customers=KNOWN) -> dict | None:
    return run(text, customers=customers)["customer"]


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
