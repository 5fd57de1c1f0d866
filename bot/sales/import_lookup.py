"""What an import row refers to: the stored record it updates, and the names and codes its cells may name.

Customers, opportunities and orders are found by their key (name, code); a 回访 row by its customer and time, a
需求 row by its customer and 提出时间 (or, in a sheet without times like seed 004's, by its description or 需求分类).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot import texts
from bot.reports.sheets import whole_second
from bot.sales.customers import alike_names
from bot.sales.import_scope import ImportScope
from bot.sales.import_specs import REF_CUSTOMER, REF_OPPORTUNITY, REF_OWNER, Kind
from bot.storage.models import Activity, Customer, Opportunity, Requirement, User

_SECOND = timedelta(seconds=1)
WHAT = {REF_OWNER: "销售", REF_CUSTOMER: "客户", REF_OPPORTUNITY: "机会编号"}
CHUNK = 500  # keys per look-up query: well inside every database's bound-parameter limit


@dataclass(frozen=True)
class Stored:
    """The record a row would update, as far as checking needs it."""
    id: int
    owner_id: int


def by_key(s: Session, kind: Kind, keys: list) -> dict:
    """The stored records of a keyed kind among `keys`, by key, a few queries for a whole sheet."""
    model, attr = kind.model, kind.key.attr
    found = {}
    for start in range(0, len(keys), CHUNK):
        query = select(model).where(getattr(model, attr).in_(keys[start:start + CHUNK]))
        if model is Customer:
            query = query.options(selectinload(Customer.contacts))
        found.update({getattr(row, attr): row for row in s.scalars(query)})
    return found


def _at_second(s: Session, model, column, customer_id: int, when):
    rows = s.scalars(select(model).where(model.customer_id == customer_id, column >= when - _SECOND,
                                         column <= when + _SECOND).order_by(model.id))
    return next((r for r in rows if whole_second(getattr(r, column.key)) == when), None)


def find(s: Session, kind: Kind, values: dict):
    """The stored record this row updates, None when it creates one; customer references already ids."""
    model = kind.model
    if kind.key is not None:
        return s.scalar(select(model).where(getattr(model, kind.key.attr) == values[kind.key.attr]))
    customer_id = values.get("customer_id")
    if customer_id is None:
        return None
    if model is Activity:
        return _at_second(s, Activity, Activity.occurred_at, customer_id, values["occurred_at"])
    if values.get("created_at") is not None:
        return _at_second(s, Requirement, Requirement.created_at, customer_id, values["created_at"])
    wanted = {k: values[k] for k in ("description", "tags") if values.get(k)}
    if not wanted:
        return None
    rows = s.scalars(select(Requirement).where(Requirement.customer_id == customer_id).order_by(Requirement.id))
    return next((r for r in rows if all(getattr(r, k) == v for k, v in wanted.items())), None)


class Known:
    """Names and codes a row may refer to (stored, or from valid rows earlier in the file) and the importer's
    scope. Customer and user names are loaded once: a 10,000-row sheet asks no query per reference."""

    def __init__(self, s: Session, importer: User | None = None):
        self.session = s
        self.scope = ImportScope.of(s, importer)
        self.owners = {name: uid for uid, name in s.execute(select(User.id, User.name).order_by(User.id.desc()))}
        self.customers: dict[str, tuple[int | None, int]] = {
            name: (cid, owner) for cid, name, owner in s.execute(select(Customer.id, Customer.name, Customer.owner_id))}
        self.stored_names = list(self.customers)
        self.opportunities = set(s.scalars(select(Opportunity.code)))

    def unknown_reference(self, ref: str, name: str) -> str | None:
        pool = {REF_OWNER: self.owners, REF_CUSTOMER: self.customers, REF_OPPORTUNITY: self.opportunities}[ref]
        return None if name in pool else texts.IMPORT_UNKNOWN_NAME.format(what=WHAT[ref], name=name)

    def stored(self, kind: Kind, values: dict) -> Stored | None:
        """The stored record the (still name-valued) row would update."""
        if kind.name == "customers":
            found = self.customers.get(values["name"])
            return Stored(*found) if found and found[0] is not None else None
        ids = dict(values)
        if "customer_id" in values:
            ids["customer_id"] = self.customers.get(values["customer_id"], (None, None))[0]
        row = find(self.session, kind, ids)
        return Stored(row.id, getattr(row, kind.owner_attr)) if row is not None else None

    def note_row(self, kind: Kind, values: dict) -> None:
        """A valid row's record exists from now on, for the rows after it."""
        if kind.name == "customers" and values["name"] not in self.customers:
            self.customers[values["name"]] = (None, self.owners[values["owner_id"]])
        elif kind.name == "opportunities":
            self.opportunities.add(values["code"])

    def similar_names(self, name: str) -> list[str]:
        """Stored customers the importer may see whose names are close to a new `name`."""
        visible = [n for n in self.stored_names if self.scope.may_manage(self.customers[n][1])]
        return alike_names(name, visible)
