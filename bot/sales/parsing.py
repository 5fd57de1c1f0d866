"""The one call into the parser, in the sender's local time, and the one reader of a date or an amount typed alone."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from bot.nlp import KnownCustomer, parse, read_amount, read_count, read_date, read_percent
from bot.sales.customers import CustomerName
from bot.sales.vocabulary import KPI_UNITS, Kpi, KpiUnit

# A report that says nothing: the parse contract's shape, for commands that file only the fields they set.
EMPTY_REPORT: dict[str, Any] = {
    "intent": "log_activity", "activity_type": None, "customer": None, "contacts": [], "amounts": [], "quantity": None,
    "tags": [], "urgency": "normal", "stage": None, "lost_reason": None, "source": None, "next_date": None,
    "next_time": None, "next_action": None, "mode": "done"}


def parse_message(text: str, local_now: datetime, pool: list[CustomerName]) -> dict[str, Any]:
    """The parse contract's dict (docs/parse_contract.md) for `text`, matching against `pool`."""
    known = _known(tuple(pool))
    return parse(text, local_now.replace(tzinfo=None), known).to_dict()


def warm_up() -> None:
    """Parse one typical report so every lazily loaded table of the parser is in memory."""
    parse("今天拜访了宁波甬达汽车零部件有限公司张经理，预算50万，下周三再跟进", datetime(2026, 11, 18, 10, 0),
          (KnownCustomer("宁波甬达汽车零部件有限公司"),))


def _known(pool: tuple[CustomerName, ...]) -> tuple[KnownCustomer, ...]:
    return tuple(KnownCustomer(c.name, tuple(c.aliases or ())) for c in pool)


def date_typed(text: str, local_now: datetime) -> date | None:
    """A date said alone (明天, 下周三, 12月5日), read the parser's way from naive local time."""
    return read_date(text, local_now.replace(tzinfo=None))


def amount_typed(text: str) -> float | None:
    found = read_amount(text)
    return found.value if found is not None else None


def looks_like_figure(text: str) -> bool:
    """An amount, a percentage or a count typed alone (not a name)."""
    return amount_typed(text) is not None or read_percent(text) is not None or read_count(text) is not None


def target_value(kpi: Kpi, text: str) -> Decimal | None:
    """A target typed alone, in its KPI's unit: yuan (300万), a fraction (35% → 0.35; a bare 35 means 35 %), a
    whole count (20单); None when it is not one, or not a sensible target (zero, over 100 %)."""
    unit = KPI_UNITS[kpi]
    if unit == KpiUnit.MONEY:
        value = amount_typed(text)
    elif unit == KpiUnit.PERCENT:
        value = read_percent(text)
        if value is None and (whole := read_count(text)) is not None:
            value = whole / 100
        if value is not None and value > 1:
            return None
    else:
        value = read_count(text)
    return Decimal(str(value)) if value else None
