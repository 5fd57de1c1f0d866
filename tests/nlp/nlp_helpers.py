"""Shared by the parser tests: the reference time of the contract's date table and the known customers."""

from datetime import datetime

from bot.nlp import KnownCustomer, parse

NOW = datetime(2026, 11, 18, 10, 0)  # Wednesday, as in PARSE_SPEC.md's date table

# Every key of the parse contract, in its order (docs/parse_contract.md).
CONTRACT_KEYS = [
    "intent", "activity_type", "customer", "contacts", "amounts", "quantity", "tags", "urgency", "stage",
    "lost_reason", "source", "next_date", "next_time", "next_action",
    "mode", "resolved", "cancels_follow_up", "fulfilment", "intent_order", "cancel_order", "probability",
    "decision_maker", "contact_changed", "query_topic", "small_talk",
    "customers", "customer_candidates", "parts",
    "pause", "moves_follow_up", "expected_close", "holiday",
    "competitors", "risk", "milestone", "decision_chain",
]

CUSTOMERS = [
    KnownCustomer("华为技术有限公司", ("华为",)),
    KnownCustomer("比亚迪股份有限公司", ("比亚迪", "BYD")),
    KnownCustomer("美的集团股份有限公司", ("美的",)),
    KnownCustomer("中兴通讯股份有限公司"),
    KnownCustomer("三一重工股份有限公司", ("三一",)),
    KnownCustomer("宁德时代新能源科技股份有限公司", ("CATL",)),
    KnownCustomer("锦程物流有限公司"),
]


def run(text: str, now: datetime = NOW, customers=CUSTOMERS) -> dict:
    return parse(text, now, customers).to_dict()
