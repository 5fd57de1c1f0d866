"""Business codes: opportunities YYYYMM-DEPT-NNN (per month and department), orders SOYYYYMMNNN (per month).

The serial NNN has at least three digits and grows past them (…-999, …-1000): codes compare by prefix, then by the
serial as a number, never as text. Each serial comes from one atomic increment of the prefix's row in
`code_counters`, inside the caller's transaction: two reports filed at once get different codes (on PostgreSQL the
second waits for the first's commit; SQLite has one writer at a time), and a rolled-back report hands its serial back.
"""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import case, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.storage.bookkeeping import CodeCounter
from bot.storage.models import Opportunity, Order

SERIAL_DIGITS = 3  # the least; more when a month needs them
CODE = re.compile(r"(\d{6}-[A-Z0-9]+-|SO\d{6})(\d+)")
_UPSERT = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def opportunity_prefix(dept_code: str, day: date) -> str:
    return f"{day:%Y%m}-{dept_code}-"


def order_prefix(day: date) -> str:
    return f"SO{day:%Y%m}"


def split_code(code: str) -> tuple[str, int] | None:
    """(prefix, serial) of an opportunity or order code; None for anything else."""
    found = CODE.fullmatch(code)
    return (found[1], int(found[2])) if found else None


def _stored_max(session: Session, prefix: str) -> int:
    """The highest serial already stored under `prefix` (rows written before the counter existed, e.g. fixtures)."""
    column = Order.code if prefix.startswith("SO") else Opportunity.code
    serials = [split_code(code) for code in session.scalars(select(column).where(column.startswith(prefix)))]
    return max((found[1] for found in serials if found and found[0] == prefix), default=0)


def next_serial(session: Session, prefix: str) -> int:
    """The next serial under `prefix`, taken atomically in the session's transaction."""
    bumped = session.execute(update(CodeCounter).where(CodeCounter.prefix == prefix)
                             .values(last=CodeCounter.last + 1).returning(CodeCounter.last)).scalar()
    if bumped is not None:
        return bumped
    # The prefix's first code (a new month or department): if another transaction creates the row meanwhile, the
    # conflict turns this insert into the same increment.
    insert = _UPSERT[session.get_bind().dialect.name](CodeCounter)
    first = insert.values(prefix=prefix, last=_stored_max(session, prefix) + 1)
    return session.execute(first.on_conflict_do_update(index_elements=[CodeCounter.prefix],
                                                       set_={"last": CodeCounter.last + 1})
                           .returning(CodeCounter.last)).scalar_one()


def note_code(session: Session, code: str) -> None:
    """A code written from outside (an import): its prefix's counter moves past it, so no later code repeats it."""
    found = split_code(code)
    if found is None:
        return
    prefix, serial = found
    insert = _UPSERT[session.get_bind().dialect.name](CodeCounter)
    session.execute(insert.values(prefix=prefix, last=max(serial, _stored_max(session, prefix))).on_conflict_do_update(
        index_elements=[CodeCounter.prefix],
        set_={"last": case((CodeCounter.last < serial, serial), else_=CodeCounter.last)}))


def _format(prefix: str, serial: int) -> str:
    return f"{prefix}{serial:0{SERIAL_DIGITS}d}"


def next_opportunity_code(session: Session, dept_code: str, day: date) -> str:
    prefix = opportunity_prefix(dept_code, day)
    return _format(prefix, next_serial(session, prefix))


def next_order_code(session: Session, day: date) -> str:
    prefix = order_prefix(day)
    return _format(prefix, next_serial(session, prefix))


def code_order(code: str) -> tuple[str, int]:
    """Sort key for codes: by prefix, then serial as a number (…-999 before …-1000)."""
    return split_code(code) or (code, 0)
