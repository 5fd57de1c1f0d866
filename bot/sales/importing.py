"""Spreadsheet import: validate every row first (row + column + reason), then upsert by business key.

Customers are keyed by name, opportunities and orders by code. A row equal to what is stored changes nothing, so
importing the same file twice changes nothing the second time. With errors nothing is written unless skip_bad.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from tqdm import tqdm

from bot.sales import import_fields as F
from bot.sales.import_specs import (KINDS, LOCAL, REF_CUSTOMER, REF_OPPORTUNITY, REF_OWNER, Field, Kind,
                                      kind_for)
from bot.sales.import_scope import ImportScope
from bot.storage.bounds import OutOfBounds, check_value
from bot.storage.models import Customer, Opportunity, User


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.sheet} 第{self.row}行 「{self.column}」：{self.reason}"


@dataclass
class Parsed:
    kind: Kind
    rows: list[tuple[int, dict]] = field(default_factory=list)


@dataclass
class Outcome:
    errors: list[RowError] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)


class Known:
    """Names and codes a row may refer to: those stored plus those of valid rows earlier in the file; and what the
    importer may write."""

    def __init__(self, s: Session, importer: User | None = None):
        self.session = s
        self.scope = ImportScope.of(s, importer)
        self.owners = {name: uid for uid, name in s.execute(select(User.id, User.name).order_by(User.id.desc()))}
        self.customers = set(s.scalars(select(Customer.name)))
        self.opportunities = set(s.scalars(select(Opportunity.code)))

    def check(self, ref: str, value: str) -> str | None:
        pool = {REF_OWNER: self.owners, REF_CUSTOMER: self.customers, REF_OPPORTUNITY: self.opportunities}[ref]
        what = {REF_OWNER: "销售", REF_CUSTOMER: "客户", REF_OPPORTUNITY: "机会编号"}[ref]
        return None if value in pool else f"没有这个{what}「{value}」"


def _cell(f: Field, raw, tz: str, known: Known, kind: Kind):
    if f.parse == LOCAL:
        value = F.moment(raw, tz)
    elif isinstance(f.parse, str):
        value = F.text(raw)
        problem = known.check(f.parse, value) if value is not None else None
        if problem:
            raise F.BadCell(problem)
    else:
        value = f.parse(raw)
    if value is None and f.required:
        raise F.BadCell("不能为空")
    if value is not None and not isinstance(f.parse, str):
        try:
            check_value(kind.model.__table__.name, kind.model.__table__.c[f.attr], value)
        except OutOfBounds as exc:
            raise F.BadCell(str(exc)) from None
    return value


def header_row(ws) -> list[str]:
    """The first row's texts; [] for an empty sheet."""
    return [F.text(c.value) or "" for c in next(ws.iter_rows(max_row=1), ())]


def parse_sheet(ws, kind: Kind, tz: str, known: Known, out: Outcome, progress) -> Parsed:
    headers = header_row(ws)
    columns = {h: i for i, h in enumerate(headers)}
    parsed, seen = Parsed(kind), {}
    for number, cells in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        progress.update()
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        values, errors = {}, []
        for f in (kind.key, *kind.fields):
            if f.header not in columns:
                continue
            try:
                column = columns[f.header]
                values[f.attr] = _cell(f, cells[column] if column < len(cells) else None, tz, known, kind)
            except F.BadCell as exc:
                errors.append(RowError(ws.title, number, f.header, str(exc)))
        key = values.get(kind.key.attr)
        if key is not None and key in seen:
            errors.append(RowError(ws.title, number, kind.key.header, f"与第{seen[key]}行重复"))
        refused = known.scope.problem(known.session, kind, values, known.owners) if not errors else None
        if refused:
            errors.append(RowError(ws.title, number, *refused))
        out.errors += errors
        if not errors:
            seen[key] = number
            parsed.rows.append((number, values))
            if kind.name == "customers":
                known.customers.add(key)
            elif kind.name == "opportunities":
                known.opportunities.add(key)
    return parsed


def read_workbook(s: Session, path: Path, tz: str, out: Outcome, show_progress: bool | None,
                  importer: User | None = None) -> list[Parsed]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    found = {}
    for ws in book.worksheets:
        kind = kind_for(header_row(ws), path.name)
        if kind is not None and kind.name not in found:
            found[kind.name] = (ws, kind)
    known, parsed = Known(s, importer), []
    total = sum(max(0, (ws.max_row or 1) - 1) for ws, _ in found.values())
    with tqdm(total=total, desc="校验", unit="行", disable=not show_progress if show_progress is not None else None) as bar:
        for kind in KINDS:
            if kind.name in found:
                parsed.append(parse_sheet(found[kind.name][0], kind, tz, known, out, bar))
    book.close()
    return parsed
