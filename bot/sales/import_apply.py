"""Writes validated import rows: create what is new, update what differs, leave equal rows alone."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.sales.import_specs import REF_CUSTOMER, REF_OPPORTUNITY, REF_OWNER, Kind
from bot.sales.importing import Known, Outcome, Parsed
from bot.storage.codes import note_code
from bot.storage.models import Customer, Opportunity, Order, StageChange

DEFAULTS = {"customers": {"aliases": []}, "orders": {}, "opportunities": {}}


def same(stored, new) -> bool:
    """Equal as the spreadsheet can tell: money by value, times to the second."""
    if isinstance(stored, datetime) and isinstance(new, datetime):
        return stored.replace(microsecond=0) == new.replace(microsecond=0)
    if isinstance(stored, Decimal) or isinstance(new, Decimal):
        return stored is not None and new is not None and Decimal(stored) == Decimal(new)
    return stored == new


def _resolve(s: Session, kind: Kind, values: dict, known: Known) -> dict:
    refs = {f.attr: f.parse for f in kind.fields if isinstance(f.parse, str)}
    out = dict(values)
    for attr, ref in refs.items():
        name = values.get(attr)
        if name is None:
            continue
        if ref == REF_OWNER:
            out[attr] = known.owners[name]
        elif ref == REF_CUSTOMER:
            out[attr] = s.scalar(select(Customer.id).where(Customer.name == name))
        elif ref == REF_OPPORTUNITY:
            out[attr] = s.scalar(select(Opportunity.id).where(Opportunity.code == name))
    return out


def _record_stage(s: Session, o: Opportunity, before: str | None) -> None:
    """A stage set by import is a stage move like any other, so the funnel sees it."""
    at = o.closed_at if o.stage in ("won", "lost") and o.closed_at else (o.created_at if before is None else utcnow())
    s.add(StageChange(opportunity_id=o.id, from_stage=before, to_stage=o.stage, at=at))


def _upsert(s: Session, kind: Kind, values: dict) -> str:
    key_attr = kind.key.attr
    row = s.scalar(select(kind.model).where(getattr(kind.model, key_attr) == values[key_attr]))
    if row is None:
        row = kind.model(**{**DEFAULTS[kind.name], **{k: v for k, v in values.items() if v is not None}})
        s.add(row)
        s.flush()
        if kind.model is Opportunity:
            _record_stage(s, row, None)
        if kind.model in (Opportunity, Order):
            note_code(s, row.code)  # later codes of that month count on from it
        return "created"
    columns = kind.model.__table__.c
    changed = {k: v for k, v in values.items()
               if not same(getattr(row, k), v) and (v is not None or columns[k].nullable)}
    if not changed:
        return "unchanged"
    before = getattr(row, "stage", None)
    for k, v in changed.items():
        setattr(row, k, v)
    s.flush()
    if "stage" in changed:
        _record_stage(s, row, before)
    return "updated"


def apply(s: Session, parsed: list[Parsed], out: Outcome, progress) -> None:
    """Upsert every parsed row, customers first so later sheets can refer to them; counts go into `out`."""
    known = Known(s)
    for sheet in parsed:
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        for _, values in sheet.rows:
            counts[_upsert(s, sheet.kind, _resolve(s, sheet.kind, values, known))] += 1
            progress.update()
        out.created[sheet.kind.name] = counts["created"]
        out.updated[sheet.kind.name] = counts["updated"]
        out.unchanged[sheet.kind.name] = counts["unchanged"]
