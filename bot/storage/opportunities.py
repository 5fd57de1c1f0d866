"""Opportunity look-ups and the business's value bands."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.storage.models import Opportunity
from bot.sales.vocabulary import OPEN_STAGES



def value_band(amount: Decimal | None) -> str | None:
    if amount is None:
        return None
    for limit, band in ((100_000, "10万以下"), (500_000, "10-50万"), (1_000_000, "50-100万")):
        if amount < limit:
            return band
    return "100万以上"


def open_opportunity(session: Session, customer_id: int) -> Opportunity | None:
    """The customer's most recent open opportunity."""
    return session.scalars(select(Opportunity).where(
        Opportunity.customer_id == customer_id, Opportunity.stage.in_(OPEN_STAGES)
    ).order_by(Opportunity.created_at.desc(), Opportunity.id.desc())).first()
