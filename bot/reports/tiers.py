"""Customer tiers from the business rules (seed 001): A ≥50万/年 and ≥2年; B 20–50万 and ≥1年; C other buyers;
D never bought, or bought before but nothing in the last 12 months and hardly contacted (长期低频互动)."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import ColumnElement, and_

from bot.sales.vocabulary import OrderStatus
from bot.storage.models import Order

A_MIN = Decimal(500_000)
B_MIN = Decimal(200_000)
# 年采购额 is the won orders of the last twelve months.
PURCHASE_WINDOW = timedelta(days=365)
# Fewer contacts than this in the window, with nothing bought in it, is 长期低频: half of C's quarterly cadence,
# so a C customer kept on its cadence never falls to D, one left alone for a year does.
LOW_FREQUENCY_CONTACTS = 2


def years_between(start: date, today: date) -> float:
    return (today - start).days / 365.25


def window_start(today: date) -> date:
    """Orders placed after this day count toward the annual purchase."""
    return today - PURCHASE_WINDOW


def counted_purchase(today: date) -> ColumnElement[bool]:
    """The orders the annual purchase sums: won, placed within the window."""
    return and_(Order.status == OrderStatus.WON.value, Order.ordered_on > window_start(today))


def tier_for(annual_purchase: Decimal | None, cooperating_since: date | None, has_bought: bool, today: date,
             contacts_in_window: int | None = None) -> str:
    """`contacts_in_window` (None: not known) lets a past buyer with no purchase in the window fall to D."""
    if not has_bought:
        return "D"
    amount = annual_purchase or Decimal(0)
    if amount == 0 and contacts_in_window is not None and contacts_in_window < LOW_FREQUENCY_CONTACTS:
        return "D"
    years = years_between(cooperating_since, today) if cooperating_since else 0.0
    if amount >= A_MIN and years >= 2:
        return "A"
    if amount >= B_MIN and years >= 1:
        return "B"
    return "C"
