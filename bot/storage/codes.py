"""Business codes: opportunities YYYYMM-DEPT-NNN (per month and department), orders SOYYYYMMNNN (per month)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.storage.models import Opportunity, Order


def _next_serial(session: Session, column, prefix: str) -> int:
    last = session.scalar(select(func.max(column)).where(column.like(f"{prefix}%")))
    return int(last[len(prefix):]) + 1 if last else 1


def next_opportunity_code(session: Session, dept_code: str, day: date) -> str:
    prefix = f"{day:%Y%m}-{dept_code}-"
    return f"{prefix}{_next_serial(session, Opportunity.code, prefix):03d}"


def next_order_code(session: Session, day: date) -> str:
    prefix = f"SO{day:%Y%m}"
    return f"{prefix}{_next_serial(session, Order.code, prefix):03d}"


class CodeBook:
    """Codes for many new rows in one unit of work: one query per prefix, then counted in memory."""

    def __init__(self, session: Session):
        self.session = session
        self.last: dict[str, int] = {}

    def _next(self, column, prefix: str) -> int:
        if prefix not in self.last:
            self.last[prefix] = _next_serial(self.session, column, prefix) - 1
        self.last[prefix] += 1
        return self.last[prefix]

    def opportunity(self, dept_code: str, day: date) -> str:
        prefix = f"{day:%Y%m}-{dept_code}-"
        return f"{prefix}{self._next(Opportunity.code, prefix):03d}"

    def order(self, day: date) -> str:
        prefix = f"SO{day:%Y%m}"
        return f"{prefix}{self._next(Order.code, prefix):03d}"
