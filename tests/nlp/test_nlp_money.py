"""Amounts: units, Chinese numerals, ranges, kinds from cues; quantities; what is not money."""

import pytest

from bot.nlp import Amount, read_amount

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
    assert got["amounts"] == [{"kind": "other", "value": 15000, "value_max": None, "per_unit": True, "competitor": False}]


def amounts_per_unit(text: str) -> list[tuple]:
    return [(a["kind"], a["value"], a["per_unit"]) for a in run(text)["amounts"]]


@pytest.mark.parametrize("text, expected", [
    ("单价2万，先订5套", [("other", 20_000, True)]),
    ("报价3.5万一台，他们要20台", [("quote", 35_000, True)]),
    ("每台3000，要50台", [("other", 3000, True)]),
    ("2万/套，先来10套", [("other", 20_000, True)]),
    ("单价3.2k", [("other", 3200, True)]),
    ("预算每台3k", [("budget", 3000, True)]),
    ("合同签了，3000个，单价260块", [("contract", 260, True)]),
    ("培训费每人2000", [("other", 2000, True)]),
    ("我们报价单价不超过800", [("quote", 800, True)]),
    ("500元/件，要1000件", [("other", 500, True)]),
    ("报价28万，比友商低", [("quote", 280_000, False)]),
    ("要20台，总价70万", [("other", 700_000, False)]),
])
def test_unit_prices_are_marked_per_unit_and_keep_their_kind(text, expected):
    assert amounts_per_unit(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("云途今天到账78万 全款结清了", [("payment", 780_000, None)]),
    ("博远回款30万", [("payment", 300_000, None)]),
    ("海天首付20万已经打过来了", [("payment", 200_000, None)]),
    ("收到锦程15万的货款", [("payment", 150_000, None)]),
    ("宏图付款了，12万", [("payment", 120_000, None)]),
    ("尾款8万下午到账", [("payment", 80_000, None)]),
    ("合同24万，已回款10万", [("contract", 240_000, None), ("payment", 100_000, None)]),
    ("尾款还有12万没付", [("other", 120_000, None)]),
    ("合同款到账30万，还有20万尾款下个月付", [("payment", 300_000, None), ("other", 200_000, None)]),
    ("今天打款三十万剩下的月底付", [("payment", 300_000, None)]),
    ("首付30%，签完合同就打", []),
])
def test_payments_received_are_their_own_kind(text, expected):
    assert amounts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("预算批下来了，60万", [("budget", 600_000, None)]),
    ("预算批下来了，大概60万左右", [("budget", 600_000, None)]),
    ("我们报了个价，45万", [("quote", 450_000, None)]),
    ("合同定了，120万", [("contract", 1_200_000, None)]),
    ("回款到了，30万", [("payment", 300_000, None)]),
    ("预算批下来了，设备采购60万", [("other", 600_000, None)]),
    ("聊得不错，60万", [("other", 600_000, None)]),
])
def test_a_clause_that_is_only_an_amount_takes_the_cue_before_it(text, expected):
    assert amounts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("预算15到20万", [("budget", 150_000, 200_000)]),
    ("预算十五到二十万", [("budget", 150_000, 200_000)]),
    ("报价在1.2-1.5w之间", [("quote", 12_000, 15_000)]),
    ("预算批了，15万到20万", [("budget", 150_000, 200_000)]),
    ("预算八十到一百万", [("budget", 800_000, 1_000_000)]),
    ("预算八百到一千万", [("budget", 8_000_000, 10_000_000)]),
    ("预算3-5百万", [("budget", 3_000_000, 5_000_000)]),
    ("预算九十到一百二十万", [("budget", 900_000, 1_200_000)]),
])
def test_ranges_keep_both_ends(text, expected):
    assert amounts(text) == expected


@pytest.mark.parametrize("text", [
    "他说比友商高了快两成", "降价5%就签", "最多让3个点", "手机13699998888", "电话0571-88776655",
    "座机 021-6543 2100 转 8", "139-1234-5678", "打八五折", "增长三成",
])
def test_percentages_and_phone_numbers_are_never_amounts(text):
    assert amounts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("80万", Amount("other", 800_000, None)),
    ("改成8万", Amount("other", 80_000, None)),
    ("预算改成60万", Amount("budget", 600_000, None)),
    ("报价3.5万一台", Amount("quote", 35_000, None, per_unit=True)),
    ("五十万 哦不是 六十万", Amount("other", 600_000, None)),
    ("15到20万", Amount("other", 150_000, 200_000)),
    ("1", None), ("明天", None), ("好的", None), ("", None), ("降5%", None),
])
def test_read_amount_reads_an_amount_typed_alone(text, expected):
    assert read_amount(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("预算五十万 哦不是 六十万", [("budget", 600_000, None)]),
    ("嗯那个锦程的预算五十万哦不是六十万然后下周三再去一趟", [("budget", 600_000, None)]),
    ("报价八万 说错了 九万", [("quote", 90_000, None)]),
    ("预算不是50万是60万", [("budget", 600_000, None)]),
    ("预算50万，不对，80万", [("budget", 800_000, None)]),
    ("友商报了45万，我们报价52万", [("quote", 450_000, None), ("quote", 520_000, None)]),
])
def test_a_self_correction_keeps_the_corrected_amount(text, expected):
    assert amounts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("今天收到锦程30万", [("payment", 300_000, False)]),
    ("收到订单，30万", [("contract", 300_000, False)]),
    ("一台3.5万，要20台", [("other", 35_000, True)]),
    ("报价一套2万，先来5套", [("quote", 20_000, True)]),
])
def test_received_money_and_unit_before_the_price(text, expected):
    assert amounts_per_unit(text) == expected
