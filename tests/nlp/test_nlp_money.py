"""Amounts: units, Chinese numerals, ranges, kinds from cues; quantities; what is not money."""

import pytest

from nlp_helpers import run


def amounts(text: str) -> list[tuple]:
    return [(a["kind"], a["value"], a["value_max"]) for a in run(text)["amounts"]]


@pytest.mark.parametrize("written, value", [
    ("500元", 500), ("300块", 300), ("3千", 3000), ("5k", 5000), ("8K", 8000), ("50万", 500_000),
    ("80w", 800_000), ("60W", 600_000), ("12万元", 120_000), ("3十万", 300_000), ("2百万", 2_000_000),
    ("1千万", 10_000_000), ("1.2亿", 120_000_000), ("1.5万", 15_000), ("五十万", 500_000),
    ("一百二十万", 1_200_000), ("两百万", 2_000_000), ("三千", 3000), ("1万5", 15_000), ("两万五", 25_000),
    ("十万", 100_000), ("¥12,000", 12_000), ("12,000元", 12_000), ("50 万", 500_000),
])
def test_money_unit_multiplies_the_number(written, value):
    assert amounts(f"华为说预算{written}") == [("budget", value, None)]


@pytest.mark.parametrize("written, low, high", [
    ("30-50万", 300_000, 500_000), ("30到50万", 300_000, 500_000), ("30~50万", 300_000, 500_000),
    ("30万-50万", 300_000, 500_000), ("三十到五十万", 300_000, 500_000), ("3-5k", 3000, 5000),
])
def test_range_gives_low_and_high_with_the_unit_on_both(written, low, high):
    assert amounts(f"预算{written}") == [("budget", low, high)]


@pytest.mark.parametrize("written, value", [
    ("三五十万", 300_000), ("十来万", 100_000), ("三十多万", 300_000), ("七八万", 70_000),
])
def test_estimates_are_one_value_not_a_range(written, value):
    assert amounts(f"预算{written}") == [("budget", value, None)]


@pytest.mark.parametrize("text, expected", [
    ("预算10万以内", [("budget", 100_000, None)]),
    ("预算不超过20万", [("budget", 200_000, None)]),
    ("预算50万以下", [("budget", 500_000, None)]),
    ("预算大概50万左右", [("budget", 500_000, None)]),
    ("预计投入80万", [("budget", 800_000, None)]),
    ("今年能批30万", [("budget", 300_000, None)]),
    ("合同金额120万", [("contract", 1_200_000, None)]),
    ("签了260万的合同", [("contract", 2_600_000, None)]),
    ("成交价88万", [("contract", 880_000, None)]),
    ("下单30万", [("contract", 300_000, None)]),
    ("我们报价52万", [("quote", 520_000, None)]),
    ("友商报了45万", [("quote", 450_000, None)]),
    ("对方开价60万", [("quote", 600_000, None)]),
    ("大概1.5万一台", [("other", 15_000, None)]),
    ("预算每台3k", [("budget", 3000, None)]),
    ("报价5000", [("quote", 5000, None)]),
])
def test_kind_comes_from_the_nearest_cue_before_the_number(text, expected):
    assert amounts(text) == expected


def test_a_cue_in_an_earlier_clause_does_not_reach_a_number_with_words_of_its_own():
    assert amounts("预算紧张，设备要50万") == [("other", 500_000, None)]


def test_amounts_keep_their_order_of_appearance():
    assert amounts("友商报了45万，我们报价52万，预算60万") == [
        ("quote", 450_000, None), ("quote", 520_000, None), ("budget", 600_000, None)]


def test_amount_without_cue_in_a_won_message_is_the_contract_value():
    assert amounts("比亚迪签约了，金额三百万") == [("contract", 3_000_000, None)]


@pytest.mark.parametrize("text", [
    "降价5%", "给5个点", "让三成", "打八折", "100台", "12月5日", "3天后", "下午3点", "明天10:30",
    "电话13812345678", "0755-12345678", "X200型号", "V3版本", "2026年", "三年保修", "等保三级",
    "一个新客户", "二次开发", "5个人", "3倍",
])
def test_things_that_are_not_amounts(text):
    assert amounts(text) == []


@pytest.mark.parametrize("text, value, unit", [
    ("要100台", 100, "台"), ("50套标准版", 50, "套"), ("200件", 200, "件"), ("30个", 30, "个"),
    ("300箱", 300, "箱"), ("5吨", 5, "吨"), ("两批货", 2, "批"), ("20台套", 20, "台套"),
    ("10份", 10, "份"), ("8只", 8, "只"), ("100多台", 100, "台"), ("1万台", 10_000, "台"), ("二三十台", 20, "台"),
])
def test_goods_units_make_a_quantity_not_an_amount(text, value, unit):
    got = run(text)
    assert got["quantity"] == {"value": value, "unit": unit}
    assert got["amounts"] == []


@pytest.mark.parametrize("text", ["一个新客户", "一个月后", "一个多小时", "5个点", "一批非标件", "两件事", "3个月"])
def test_counts_that_are_not_goods_give_no_quantity(text):
    assert run(text)["quantity"] is None


def test_first_quantity_wins_and_a_per_unit_price_is_not_one():
    got = run("1.5万一台，先做10台样机，后面还要200台")
    assert got["quantity"] == {"value": 10, "unit": "台"}
    assert got["amounts"] == [{"kind": "other", "value": 15000, "value_max": None, "per_unit": True}]
