"""Plain rows the reminder rules work on: loaded in bulk by loader.py, no ORM objects, no database."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple


class CustomerRow(NamedTuple):
    id: int
    name: str
    tier: str
    owner_id: int
    created_at: datetime


class UserRow(NamedTuple):
    id: int
    name: str
    role: str
    team_id: int | None
    muted: bool


class PromiseRow(NamedTuple):
    follow_up_id: int
    customer_id: int
    user_id: int
    due_date: date
    action: str | None


class RequirementRow(NamedTuple):
    id: int
    customer_id: int
    description: str
    status: str
    created_at: datetime
    responded_at: datetime | None


class OpportunityRow(NamedTuple):
    id: int
    code: str
    customer_id: int
    owner_id: int
    expected_close: date | None
    last_activity_at: datetime | None
    created_at: datetime


class OrderRow(NamedTuple):
    id: int
    code: str
    customer_id: int
    owner_id: int
    status: str
    ordered_on: date
    fulfilment: str | None
    delivered_on: date | None


@dataclass
class RuleData:
    """Everything the rules look at, as of `now` (aware UTC) in zone `tz`."""

    now: datetime
    tz: str
    customers: dict[int, CustomerRow] = field(default_factory=dict)
    users: dict[int, UserRow] = field(default_factory=dict)
    promises: list[PromiseRow] = field(default_factory=list)
    last_contact: dict[int, datetime] = field(default_factory=dict)  # any kind of contact
    last_cadence_contact: dict[int, datetime] = field(default_factory=dict)  # the kind the customer's tier asks for
    month_touches: dict[int, int] = field(default_factory=dict)
    requirements: list[RequirementRow] = field(default_factory=list)
    opportunities: list[OpportunityRow] = field(default_factory=list)
    orders: list[OrderRow] = field(default_factory=list)

    def managers_by_team(self) -> dict[int, list[int]]:
        teams: dict[int, list[int]] = {}
        for u in self.users.values():
            if u.role == "manager" and u.team_id is not None:
                teams.setdefault(u.team_id, []).append(u.id)
        return teams


@dataclass(frozen=True)
class DueItem:
    """One thing a user should do: `rep` is who is told; `kind` + `ref_id` name what /完成 acts on."""

    customer: str
    customer_id: int
    rep: int
    reason: str
    due_date: date
    priority: int
    kind: str
    ref_id: int
    detail: tuple[tuple[str, Any], ...] = ()

    def todo_ref(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.ref_id, "customer_id": self.customer_id, "reason": self.reason}
