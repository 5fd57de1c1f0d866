"""Spreadsheet import, first pass: read and check every row (sheet, row, column, reason) before anything is written.

A blank cell leaves the stored value alone and `-` clears it, so a sheet holding only some columns updates only
those. A column a new record needs (负责人 of a new customer) missing from the sheet is that row's error, as is a blank
cell in it. A row is refused, not written, when it would leave the importer's scope, change an owner, or create a
customer whose name is close to a stored one (import_scope.py). import_apply.py writes what passed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import texts
from bot.sales import import_fields as F
from bot.sales.import_lookup import Known
from bot.sales.import_specs import EXPORT_ONLY, KINDS, TARGETS, Field, Kind, columns_of, kind_for
from bot.storage.bounds import OutOfBounds, check_value
from bot.storage.models import FollowUp


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    column: str
    reason: str
    refused: bool = False  # allowed data, but not for this importer (or a likely duplicate)

    def __str__(self) -> str:
        return texts.IMPORT_PROBLEM.format(sheet=self.sheet, row=self.row, column=self.column, reason=self.reason)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0
    errors: int = 0


@dataclass
class Row:
    number: int
    values: dict  # attr -> value; None clears it; an attr not present is left alone


@dataclass
class Parsed:
    kind: Kind
    sheet: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Outcome:
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about a whole sheet: columns not read
    counts: dict[str, Counts] = field(default_factory=dict)

    def has_problems(self) -> bool:
        return bool(self.problems)


@dataclass(frozen=True)
class ImportOptions:
    tz: str
    local_now: datetime
    allow_owner_change: bool = False
    allow_similar: bool = False


def _read_cell(f: Field, raw, ctx: F.CellContext, known: Known, kind: Kind):
    """The cell's value; F.BadCell with the reason when it cannot be one."""
    if F.is_clear(raw):
        column = kind.model.__table__.c.get(f.attr)
        if f.required or (kind.key is not None and f is kind.key) or (column is not None and not column.nullable):
            raise F.BadCell(texts.IMPORT_CANNOT_CLEAR)
        return None
    if isinstance(f.read, str):
        name = F.text(raw)
        problem = known.unknown_reference(f.read, name)
        if problem:
            raise F.BadCell(problem)
        return name
    value = f.read(raw, ctx)
    column = kind.model.__table__.c.get(f.attr)
    if column is not None and not isinstance(value, list):
        try:
            check_value(kind.model.__table__.name, column, value)
        except OutOfBounds as exc:
            raise F.BadCell(str(exc)) from None
    return value


def _missing(kind: Kind, values: dict, columns: dict[str, int]) -> list[tuple[str, str]]:
    """(column, reason) for each field a new record needs and the row does not give."""
    needed = [f for f in kind.all_fields() if f.required and values.get(f.attr) is None]
    return [(f.header, (texts.IMPORT_REQUIRED if f.attr in columns else texts.IMPORT_MISSING_COLUMN).format(
        what=kind.label)) for f in needed]


def _identity(kind: Kind, values: dict):
    if kind.key is not None:
        return values.get(kind.key.attr)
    when = values.get("occurred_at") or values.get("created_at")
    return (values.get("customer_id"), when) if when else None


def header_row(ws) -> list[str]:
    """The first row's texts; [] for an empty sheet."""
    return [F.text(c.value) or "" for c in next(ws.iter_rows(max_row=1), ())]


def parse_sheet(s: Session, ws, kind: Kind, opts: ImportOptions, known: Known, out: Outcome, progress) -> Parsed:
    headers = header_row(ws)
    columns, unknown = columns_of(kind, headers)
    if unknown:
        out.notes.append(texts.IMPORT_UNKNOWN_COLUMNS.format(sheet=ws.title, columns="、".join(unknown)))
    ctx = F.CellContext(opts.tz, opts.local_now)
    counts = out.counts.setdefault(kind.name, Counts())
    parsed, seen = Parsed(kind, ws.title), {}
    readable = [f for f in kind.all_fields() if f.attr in columns and f.read != EXPORT_ONLY]
    for number, cells in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        progress.update()
        if all(F.is_blank(c) for c in cells):
            continue
        values, problems = {}, []
        for f in readable:
            raw = cells[columns[f.attr]] if columns[f.attr] < len(cells) else None
            if F.is_blank(raw):
                continue
            try:
                values[f.attr] = _read_cell(f, raw, ctx, known, kind)
            except F.BadCell as exc:
                problems.append(Problem(ws.title, number, f.header, str(exc)))
        if not problems:
            problems = _check_row(s, kind, values, columns, known, opts, ws.title, number, seen)
        out.problems += problems
        if problems:
            counts.refused += all(p.refused for p in problems)
            counts.errors += not all(p.refused for p in problems)
            continue
        seen[_identity(kind, values)] = number
        known.note_row(kind, values)
        parsed.rows.append(Row(number, values))
    return parsed


def _check_row(s: Session, kind: Kind, values: dict, columns: dict, known: Known, opts: ImportOptions,
               sheet: str, number: int, seen: dict) -> list[Problem]:
    """The row's problems once every cell reads: what a new record lacks, repeats, and the importer's limits."""
    def problem(column: str, reason: str, refused: bool = False) -> list[Problem]:
        return [Problem(sheet, number, column, reason, refused)]

    if kind.key is not None and values.get(kind.key.attr) is None:
        return [Problem(sheet, number, c, r) for c, r in _missing(kind, values, columns) if c == kind.key.header]
    stored = known.stored(kind, values)
    if stored is None:
        missing = _missing(kind, values, columns)
        if missing:
            return [Problem(sheet, number, c, r) for c, r in missing]
    identity = _identity(kind, values)
    if identity is not None and identity in seen:
        header = kind.key.header if kind.key else kind.fields[0].header
        return problem(header, texts.IMPORT_REPEATED_ROW.format(row=seen[identity]))
    if kind.name == "activities" and values.get("next_action") and "next_due" not in values:
        has_follow_up = stored is not None and s.scalar(select(FollowUp.id).where(FollowUp.activity_id == stored.id))
        if not has_follow_up:
            return problem("下次跟进", texts.IMPORT_ACTION_WITHOUT_DATE)
    in_pool = kind.name == "customers" and stored is not None and stored.owner_id is None
    refusal = known.scope.refusal(kind, values, stored.owner_id if stored else None, known,
                                      opts.allow_owner_change, in_pool)
    if refusal:
        return problem(*refusal, refused=True)
    if kind.name == "customers" and stored is None and not opts.allow_similar:
        alike = known.similar_names(values["name"])
        if alike:
            return problem(kind.key.header, texts.IMPORT_LIKELY_DUPLICATE.format(name="、".join(alike)), True)
    return []


def read_workbook(s: Session, path: Path, opts: ImportOptions, out: Outcome, progress, importer=None) -> list[Parsed]:
    """Every importable sheet of the file, checked; `progress` is started with the row count and told each row."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    found: dict[str, object] = {}
    for ws in book.worksheets:
        headers = header_row(ws)
        if TARGETS.matches(headers, ws.title):
            continue  # bot/sales/target_import.py reads it
        kind = kind_for(headers, ws.title, path.name)
        if kind is not None and kind.name not in found:
            found[kind.name] = ws
    known = Known(s, importer)
    for ws in found.values():
        if not ws.max_row or ws.max_row <= 1:  # a file written without its size (write-only mode): count the rows
            ws.reset_dimensions()
            ws.calculate_dimension(force=True)
    progress.start(sum(max(0, (ws.max_row or 1) - 1) for ws in found.values()))
    parsed = [parse_sheet(s, found[kind.name], kind, opts, known, out, progress) for kind in KINDS if kind.name in found]
    book.close()
    return parsed
