"""Opportunity look-ups and the business's value bands."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.storage.models import Opportunity
from bot.sales.vocabulary import OPEN_STAGES, ValueBand


def value_band(amount: Decimal | None) -> str | None:
    """The stored value_band of a deal worth `amount`."""
    band = ValueBand.of(amount)
    return None if band is None else band.value


def open_opportunity(session: Session, customer_id: int) -> Opportunity | None:
    """The customer's most recent open opportunity."""
    return session.scalars(select(Opportunity).where(
        Opportunity.customer_id == customer_id, Opportunity.stage.in_(OPEN_STAGES)
    ).order_by(Opportunity.created_at.desc(), Opportunity.id.desc())).first()
