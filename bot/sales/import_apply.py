"""Spreadsheet import, second pass: write the checked rows — create what is new, change only the fields a row gives
that differ from what is stored, leave equal rows alone (so re-importing an untouched export changes nothing)."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.reports.sheets import shown_follow_up, whole_second
from bot.sales.import_fields import ContactCell
from bot.sales.import_lookup import by_key, find
from bot.sales.import_specs import REF_CUSTOMER, REF_OPPORTUNITY, REF_OWNER, Kind
from bot.sales.importing import Outcome, Parsed
from bot.storage.codes import note_code
from bot.storage.models import Activity, Contact, Customer, FollowUp, Opportunity, Order, StageChange

DEFAULTS = {"customers": {"aliases": []}, "activities": {"type": "other"}}
SIDE_FIELDS = ("contacts", "next_action", "next_due")  # kept in other tables (contacts, follow-ups)


def same(stored, new) -> bool:
    """Equal as the spreadsheet can tell: money by value, times to the second the sheet shows."""
    if isinstance(stored, datetime) and isinstance(new, datetime):
        return whole_second(stored) == whole_second(new)
    if isinstance(stored, Decimal) or isinstance(new, Decimal):
        return stored is not None and new is not None and Decimal(stored) == Decimal(new)
    return stored == new


class Resolver:
    """Names to ids, with what this import created so far."""

    def __init__(self, s: Session, owners: dict[str, int]):
        self.s, self.owners, self.customers, self.opportunities = s, owners, {}, {}

    def resolve(self, kind: Kind, values: dict) -> dict:
        out = dict(values)
        for f in kind.fields:
            name = values.get(f.attr)
            if name is None or not isinstance(f.read, str):
                continue
            if f.read == REF_OWNER:
                out[f.attr] = self.owners[name]
            elif f.read == REF_CUSTOMER:
                out[f.attr] = self.customers.get(name) or self.s.scalar(select(Customer.id).where(Customer.name == name))
            elif f.read == REF_OPPORTUNITY:
                out[f.attr] = self.opportunities.get(name) or self.s.scalar(
                    select(Opportunity.id).where(Opportunity.code == name))
        return out


def _record_stage(s: Session, o: Opportunity, before: str | None) -> None:
    """A stage set by import is a stage move like any other, so the funnel sees it."""
    at = o.closed_at if o.stage in ("won", "lost") and o.closed_at else (o.created_at if before is None else utcnow())
    s.add(StageChange(opportunity=o, from_stage=before, to_stage=o.stage, at=at or utcnow()))


def _contacts(s: Session, customer: Customer, people: list[ContactCell] | None) -> bool:
    """Contacts named in the cell are added or completed (a part left out keeps what is stored); `-` (None)
    retires them all. True when anything changed."""
    active = [c for c in customer.contacts if c.active]
    if people is None:
        for c in active:
            c.active = False
        return bool(active)
    changed, unmatched = False, list(active)
    for person in people:
        given = {a: getattr(person, a) for a in ("title", "phone", "email") if getattr(person, a) is not None}
        same_name = [c for c in unmatched if c.name == person.name]
        stored = next((c for c in same_name if all(getattr(c, a) == v for a, v in given.items())),
                      same_name[0] if same_name else None)  # two 王工 in one customer: each row finds its own
        if stored is None:
            customer.contacts.append(Contact(name=person.name, **given))
            changed = True
            continue
        unmatched.remove(stored)
        for attr, value in given.items():
            if getattr(stored, attr) != value:
                setattr(stored, attr, value)
                changed = True
    return changed


def _follow_up(s: Session, activity: Activity, values: dict) -> bool:
    """下一步 / 下次跟进 are the activity's follow-up (the one the export shows); `-` on 下次跟进 cancels it."""
    if "next_action" not in values and "next_due" not in values:
        return False
    f = shown_follow_up(s.scalars(select(FollowUp).where(FollowUp.activity_id == activity.id)).all())
    if f is None:
        if not values.get("next_due"):
            return False
        s.add(FollowUp(customer_id=activity.customer_id, user_id=activity.user_id, activity_id=activity.id,
                       due_date=values["next_due"], action=values.get("next_action")))
        return True
    changed = False
    if "next_due" in values:
        if values["next_due"] is None and f.status == "open":
            f.status, f.closed_at, changed = "cancelled", utcnow(), True
        elif values["next_due"] is not None and f.due_date != values["next_due"]:
            f.due_date, changed = values["next_due"], True
    if "next_action" in values and f.action != values["next_action"]:
        f.action, changed = values["next_action"], True
    return changed


def _side(s: Session, row, values: dict) -> bool:
    if isinstance(row, Customer) and "contacts" in values:
        return _contacts(s, row, values["contacts"])
    if isinstance(row, Activity):
        return _follow_up(s, row, values)
    return False


def _upsert(s: Session, kind: Kind, values: dict, row) -> tuple[str, object]:
    """Create the record (`row` None) or change the fields that differ. Nothing is flushed per row: a sheet's
    records are written together when it ends."""
    plain = {k: v for k, v in values.items() if k not in SIDE_FIELDS}
    if row is None:
        row = kind.model(**{**DEFAULTS.get(kind.name, {}), **{k: v for k, v in plain.items() if v is not None}})
        s.add(row)
        if kind.model is Opportunity:
            _record_stage(s, row, None)
        if kind.model in (Opportunity, Order):
            note_code(s, row.code)  # later codes of that month count on from it
        if kind.model is Activity:
            s.flush()  # its follow-up points at it
        _side(s, row, values)
        return "created", row
    changed = {k: v for k, v in plain.items() if not same(getattr(row, k), v)}
    before = getattr(row, "stage", None)
    for k, v in changed.items():
        setattr(row, k, v)
    side = _side(s, row, values)
    if not changed and not side:
        return "unchanged", row
    if "stage" in changed:
        _record_stage(s, row, before)
    return "updated", row


def apply(s: Session, parsed: list[Parsed], owners: dict[str, int], out: Outcome, progress) -> None:
    """Upsert every checked row, customers first so later sheets can refer to them; counts go into `out`."""
    resolver = Resolver(s, owners)
    for sheet in parsed:
        kind, counts = sheet.kind, out.counts[sheet.kind.name]
        stored = by_key(s, kind, [r.values[kind.key.attr] for r in sheet.rows]) if kind.key else None
        written = []
        for row in sheet.rows:
            values = resolver.resolve(kind, row.values)
            record = stored.get(values[kind.key.attr]) if kind.key else find(s, kind, values)
            result, record = _upsert(s, kind, values, record)
            setattr(counts, result, getattr(counts, result) + 1)
            written.append(record)
            progress.update()
        s.flush()
        for record in written:
            if isinstance(record, Customer):
                resolver.customers[record.name] = record.id
            elif isinstance(record, Opportunity):
                resolver.opportunities[record.code] = record.id
