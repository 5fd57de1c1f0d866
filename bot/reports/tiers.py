"""Customer tiers from the business rules: A ≥50万/年 and ≥2年; B 20–50万 and ≥1年; C other buyers; D never bought."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

A_MIN = Decimal(500_000)
B_MIN = Decimal(200_000)


def years_between(start: date, today: date) -> float:
    return (today - start).days / 365.25


def tier_for(annual_purchase: Decimal | None, cooperating_since: date | None, has_bought: bool, today: date) -> str:
    if not has_bought:
        return "D"
    amount = annual_purchase or Decimal(0)
    years = years_between(cooperating_since, today) if cooperating_since else 0.0
    if amount >= A_MIN and years >= 2:
        return "A"
    if amount >= B_MIN and years >= 1:
        return "B"
    return "C"
