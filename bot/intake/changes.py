"""What one report created and changed, as JSON (Report.changes), so it can be undone exactly."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from bot.storage import models as M

# Deletion order on undo: rows that point at others go first.
CREATED_ORDER = ("Outbox", "StageChange", "Order", "Requirement", "FollowUp", "Activity", "Contact", "Opportunity", "Customer")


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

    def add(self, session, row) -> None:
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

    def set(self, row, field: str, value: Any) -> None:
        """Set row.field, remembering the value it had first (a later set keeps the oldest)."""
        old = getattr(row, field)
        if old == value:
            return
        if not self.is_new(row) and not any(u["table"] == type(row).__name__ and u["id"] == row.id
                                               and u["field"] == field for u in self.updated):
            self.updated.append({"table": type(row).__name__, "id": row.id, "field": field, "old": encode(old)})
        setattr(row, field, value)

    def to_dict(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated}


def model(name: str):
    return getattr(M, name)
