"""Requirement tags from the taxonomy, in taxonomy order, and urgency."""

import pytest

from nlp_helpers import run

TAXONOMY = ["定制化", "标准品", "紧急补货", "价格", "交付", "售后服务", "培训", "集成对接", "质量", "竞品", "合规", "试用"]


@pytest.mark.parametrize("word, tag", [
    *[(w, "定制化") for w in ["定制", "定做", "非标", "二次开发", "个性化", "按需开发", "改造", "定制话"]],
    *[(w, "标准品") for w in ["标准品", "标品", "标准版", "现货", "通用型号"]],
    *[(w, "紧急补货") for w in ["补货", "缺货", "断货", "急单", "库存告急"]],
    *[(w, "价格") for w in ["价格", "报价", "折扣", "优惠", "便宜", "太贵", "降价", "比价", "砍价", "八五折"]],
    *[(w, "交付") for w in ["交期", "交货", "发货", "到货", "物流", "工期", "交付周期"]],
    *[(w, "售后服务") for w in ["售后", "维修", "保修", "维保", "故障", "退换", "上门服务"]],
    *[(w, "培训") for w in ["培训", "操作指导", "上手", "教学"]],
    *[(w, "集成对接") for w in ["接口", "对接", "集成", "API", "api", "打通", "系统对接"]],
    *[(w, "质量") for w in ["质量", "稳定性", "良率", "故障率", "质检", "可靠性"]],
    *[(w, "竞品") for w in ["竞品", "竞争对手", "友商", "对手", "别家", "另一家"]],
    *[(w, "合规") for w in ["合规", "资质", "认证", "等保", "审计", "发票"]],
    *[(w, "试用") for w in ["试用", "样品", "样机", "演示", "demo", "Demo", "POC", "测试版"]],
])
def test_each_taxonomy_word_gives_its_tag(word, tag):
    assert run(f"客户提到了{word}的事")["tags"] == [tag]


def test_tags_follow_taxonomy_order_without_duplicates():
    got = run("试用版要对接API，价格要便宜，还要定制，交期紧，再比价")["tags"]
    assert got == ["定制化", "价格", "交付", "集成对接", "试用"]
    assert got == sorted(set(got), key=TAXONOMY.index)


def test_negated_mention_still_tags():
    assert run("客户说不要定制，标准品就行")["tags"] == ["定制化", "标准品"]


def test_budget_alone_is_not_the_price_tag():
    assert run("华为预算50万")["tags"] == []


def test_tag_word_inside_a_customer_name_does_not_tag():
    assert run("锦程物流下周要一批样品")["tags"] == ["试用"]


@pytest.mark.parametrize("text", ["对接人是王总", "对接人李工下周来", "电话打通了"])
def test_excluded_phrases_do_not_tag_integration(text):
    assert "集成对接" not in run(text)["tags"]


@pytest.mark.parametrize("word", ["紧急", "加急", "急需", "尽快", "马上", "ASAP", "asap", "越快越好", "急单"])
def test_urgency_words_make_urgency_high(word):
    assert run(f"华为这批货{word}")["urgency"] == "high"


@pytest.mark.parametrize("text", ["华为这批货不着急", "交期卡得很紧", "下周再说", "不急，慢慢来"])
def test_calm_or_plain_messages_are_normal_urgency(text):
    assert run(text)["urgency"] == "normal"
