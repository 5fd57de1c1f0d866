"""What one report created and changed (Report.changes, JSON), and taking all of it back exactly (/撤销, corrections)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.storage import bookkeeping, models
from bot.storage.models import Report, User

# Deletion order on undo: rows that point at others go first.
CREATED_ORDER = ("Outbox", "Target", "PoolEvent", "StageChange", "Order", "Requirement", "FollowUp", "Activity",
                 "Contact", "Opportunity", "Customer")
UNDO_WINDOW = timedelta(hours=24)


def _table(name: str):
    """The model a change log names: a sales record, or an outbox row (a teammate's notice)."""
    return getattr(models, name, None) or getattr(bookkeeping, name)


def encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"$dec": str(value)}
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    return value


def decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "$dec" in value:
            return Decimal(value["$dec"])
        if "$dt" in value:
            return datetime.fromisoformat(value["$dt"])
        if "$date" in value:
            return date.fromisoformat(value["$date"])
    return value


class ChangeLog:
    """Collects created rows and field changes (with previous values) while a report is filed.

    New rows are added to the session unflushed (one flush at the end inserts them all, in foreign-key order, which
    is why rows point at each other through relationships); their ids are read in `to_dict`, after that flush."""

    def __init__(self) -> None:
        self.new_rows: list[Any] = []
        self.updated: list[dict[str, Any]] = []

    def add(self, session: Session, row) -> None:
        session.add(row)
        self.new_rows.append(row)

    def is_new(self, row) -> bool:
        return any(row is new for new in self.new_rows)

    @property
    def created(self) -> dict[str, list[int]]:
        created: dict[str, list[int]] = {}
        for row in self.new_rows:
            created.setdefault(type(row).__name__, []).append(row.id)
        return created

    def set(self, row, field_name: str, value: Any) -> bool:
        """Set row.field, remembering the value it had first (a later set keeps the oldest); True when it changed."""
        old = getattr(row, field_name)
        if old == value:
            return False
        if not self.is_new(row) and not any(u["table"] == type(row).__name__ and u["id"] == row.id
                                               and u["field"] == field_name for u in self.updated):
            self.updated.append({"table": type(row).__name__, "id": row.id, "field": field_name, "old": encode(old)})
        setattr(row, field_name, value)
        return True

    def to_dict(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated}


@dataclass
class UndoResult:
    reports: list[Report]
    kept: list[str] = field(default_factory=list)  # rows teammates' later records still use


def latest_report(session: Session, user: User, now: datetime, window: timedelta = UNDO_WINDOW) -> Report | None:
    """The sender's last report, if it is not undone and younger than `window`."""
    report = session.scalars(select(Report).where(Report.user_id == user.id)
                             .order_by(Report.created_at.desc(), Report.id.desc()).limit(1)).first()
    if report is None or report.undone_at is not None or report.created_at < now - window:
        return None
    return report


def same_message(session: Session, report: Report) -> list[Report]:
    """All reports one message filed (a message naming two customers files one per customer)."""
    batch = (report.changes or {}).get("batch")
    if not batch:
        return [report]
    rows = session.scalars(select(Report).where(Report.user_id == report.user_id, Report.undone_at.is_(None),
                                                Report.created_at == report.created_at))
    return [r for r in rows if (r.changes or {}).get("batch") == batch]


def undo_reports(session: Session, reports: list[Report], now: datetime) -> UndoResult:
    """Reverse every field change, then delete every created row, newest report first. A row that a teammate's later
    record points at is kept (their record stays true) and named in `kept`."""
    result = UndoResult(reports)
    for report in sorted(reports, key=lambda r: r.id, reverse=True):
        changes = report.changes or {}
        for change in reversed(changes.get("updated", [])):
            row = session.get(_table(change["table"]), change["id"])
            if row is not None:
                setattr(row, change["field"], decode(change["old"]))
        session.flush()
        created = changes.get("created", {})
        for name in CREATED_ORDER:
            for row_id in reversed(created.get(name, [])):
                _delete(session, name, row_id, result)
        report.undone_at = now
    session.flush()
    session.expire_all()  # collections loaded before (customer.contacts) must not keep deleted rows
    return result


def _delete(session: Session, name: str, row_id: int, result: UndoResult) -> None:
    row = session.get(_table(name), row_id)
    if row is None or (name == "Outbox" and row.status != "pending"):  # a sent message stays sent
        return
    savepoint = session.begin_nested()
    try:
        session.delete(row)
        session.flush()
        savepoint.commit()
    except IntegrityError:
        savepoint.rollback()
        result.kept.append(name)
