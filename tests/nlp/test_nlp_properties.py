"""Whatever the text, parse() returns a result in the contract's shape and never raises."""

from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.nlp import KnownCustomer, parse

from nlp_helpers import CONTRACT_KEYS, CUSTOMERS, NOW

PIECES = ["华为", "华伟", "张经理", "预算", "50万", "三五十万", "1万5", "30-50", "下周三", "周末", "12月5日", "5号",
          "下午3点半", "签了", "丢单", "方案已提交", "？", "，", "。", "了", "定制", "100台", "%", "😀", "\x00", "\n",
          "ﾊﾟ", "١٢٣", "Ⅻ", "𠀀", "\ud800", "¥", "-", "到", "万", "亿", "点", "号"]
ANY_TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec=None), max_size=300),
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
)


def assert_contract_shape(result: dict) -> None:
    assert list(result) == CONTRACT_KEYS
    assert result["intent"] in {"log_activity", "new_lead", "stage_change", "won", "lost", "query", "unknown"}
    assert result["urgency"] in {"high", "normal"}
    assert isinstance(result["contacts"], list) and isinstance(result["amounts"], list)
    for amount in result["amounts"]:
        assert amount["kind"] in {"budget", "contract", "quote", "other"} and amount["value"] > 0
    if result["customer"] is not None:
        assert 0 <= result["customer"]["score"] <= 100


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ANY_TEXT, minutes=st.integers(0, 60 * 24 * 800))
def test_any_text_at_any_time_gives_a_contract_shaped_result(text, minutes):
    result = parse(text, NOW - timedelta(days=400) + timedelta(minutes=minutes), CUSTOMERS)
    assert_contract_shape(result.to_dict())


@settings(max_examples=50, deadline=None)
@given(names=st.lists(st.text(min_size=1, max_size=12), max_size=8), text=ANY_TEXT)
def test_any_customer_list_is_accepted(names, text):
    customers = [KnownCustomer(n, (n[::-1],)) for n in names]
    assert_contract_shape(parse(text, NOW, customers).to_dict())


def test_empty_huge_and_control_character_messages_do_not_raise():
    for text in ["", " ", "\x00\x01\x02", "😀" * 1000, "华为预算50万，" * 20_000, "a" * 100_000, "\u202e华为\u200b签了"]:
        assert_contract_shape(parse(text, NOW, CUSTOMERS).to_dict())


def test_calls_share_no_state():
    first = parse("拜访了华为张经理，下周三再跟进", NOW, CUSTOMERS).to_dict()
    parse("比亚迪签了，合同300万", datetime(2027, 3, 1, 9, 0), [KnownCustomer("比亚迪股份有限公司")])
    assert parse("拜访了华为张经理，下周三再跟进", NOW, CUSTOMERS).to_dict() == first
    assert parse("拜访了华为张经理", NOW, []).to_dict()["customer"]["match"] is None
