"""The 目标 sheet of `python -m bot import`: rows of (周期, 负责人或团队, 指标, 目标值) validated like every other sheet
(row, column and reason for each problem) and then set, one target per (period, team or rep, KPI).

Who may import targets follows /目标: a manager for their team and its members, an admin for anyone, a rep for
nobody; without --as the operator of the database may set any."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.sales import import_fields as F
from bot.sales.import_specs import TARGETS
from bot.sales.importing import Counts, Outcome, Problem, header_row
from bot.reports.period import Period, month, parse_period
from bot.reports.targets import period_kind
from bot.sales.parsing import target_value
from bot.sales.vocabulary import KPI_UNITS, Kpi, KpiUnit
from bot.storage.customers import visible_owner_ids
from bot.storage.models import Target, Team, User
from bot.storage.targets import target_for

NAME = "targets"


@dataclass(frozen=True)
class TargetRow:
    period: Period
    team_id: int | None
    user_id: int | None
    kpi: Kpi
    value: Decimal


def cell_value(kpi: Kpi, raw) -> Decimal | None:
    """A number cell in the KPI's unit (yuan; 0.35 or 35 for 35 %; a count), or text read like /目标 reads it."""
    if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        number = Decimal(str(raw))
        if KPI_UNITS[kpi] == KpiUnit.PERCENT and number > 1:
            number /= 100
        whole = number == number.to_integral_value()
        too_big = KPI_UNITS[kpi] == KpiUnit.PERCENT and number > 1
        return None if number <= 0 or too_big or (KPI_UNITS[kpi] == KpiUnit.COUNT and not whole) else number
    return target_value(kpi, F.text(raw) or "")


def _period(raw, today: date, tz: str) -> Period | None:
    if isinstance(raw, (date, datetime)):
        day = raw.date() if isinstance(raw, datetime) else raw
        return month(day.year, day.month, tz)
    return parse_period(F.text(raw) or "-", today, tz)


class Subjects:
    """The teams and reps the importer may set targets for, by name."""

    def __init__(self, s: Session, importer: User | None):
        owners = visible_owner_ids(s, importer) if importer is not None else None
        may = importer is None or importer.role != "rep"
        teams = select(Team.name, Team.id)
        people = select(User.name, User.id).order_by(User.id.desc())  # two of a name: the first registered wins
        if owners is not None:
            teams = teams.where(Team.id == importer.team_id)
            people = people.where(User.id.in_(owners))
        self.teams = dict(s.execute(teams).tuples().all()) if may else {}
        self.people = dict(s.execute(people).tuples().all()) if may else {}


def read_targets(s: Session, path, tz: str, today: date, out: Outcome, importer: User | None) -> list[TargetRow]:
    """The valid rows of the workbook's 目标 sheet (none when there is no such sheet); problems go to out.problems."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = next((ws for ws in book.worksheets if TARGETS.matches(header_row(ws), ws.title)), None)
        return _rows(s, sheet, tz, today, out, Subjects(s, importer)) if sheet is not None else []
    finally:
        book.close()


def _rows(s: Session, ws, tz: str, today: date, out: Outcome, subjects: Subjects) -> list[TargetRow]:
    headers = header_row(ws)
    columns = {c: TARGETS.header_of(headers, c) for c in TARGETS.columns}
    rows, seen = [], {}
    counts = out.counts.setdefault(NAME, Counts())
    for number, cells in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        cell = {c: cells[i] if i is not None and i < len(cells) else None for c, i in columns.items()}
        errors = []

        def bad(column: str, reason: str) -> None:
            errors.append(Problem(ws.title, number, TARGETS.columns[column][0], reason))

        period = _period(cell["period"], today, tz)
        if period is None:
            bad("period", f"看不懂周期「{F.text(cell['period']) or ''}」，请写 2026-11 或 2026年Q4")
        who = F.text(cell["who"])
        team_id, user_id = subjects.teams.get(who), subjects.people.get(who)
        if user_id is not None:
            team_id = None
        elif team_id is None:
            bad("who", f"没有「{who or ''}」这个你能设目标的同事或团队")
        kpi = Kpi.from_label(F.text(cell["kpi"]) or "")
        if kpi is None:
            bad("kpi", f"没有「{F.text(cell['kpi']) or ''}」这个指标（{'/'.join(Kpi.labels())}）")
        value = cell_value(kpi, cell["value"]) if kpi is not None else None
        if kpi is not None and value is None:
            bad("value", f"看不懂目标值「{F.text(cell['value']) or ''}」")
        key = (period, team_id, user_id, kpi)
        if not errors and key in seen:
            bad("kpi", f"与第{seen[key]}行重复")
        out.problems += errors
        counts.errors += bool(errors)
        if not errors:
            seen[key] = number
            rows.append(TargetRow(period, team_id, user_id, kpi, value))
    return rows


def apply_targets(s: Session, rows: list[TargetRow], out: Outcome, importer: User | None) -> None:
    """Create or change each row's target; a row equal to what is stored changes nothing."""
    if NAME not in out.counts:
        return  # the workbook has no 目标 sheet
    counts = out.counts[NAME]
    for row in rows:
        kind = period_kind(row.period)
        stored = target_for(s, kind, row.period.start, row.kpi.value, team_id=row.team_id, user_id=row.user_id)
        if stored is None:
            s.add(Target(period_kind=kind.value, period_start=row.period.start, team_id=row.team_id,
                         user_id=row.user_id, kpi=row.kpi.value, value=row.value,
                         set_by_id=importer.id if importer else None))
            counts.created += 1
        elif stored.value != row.value:
            stored.value, stored.set_by_id = row.value, importer.id if importer else None
            counts.updated += 1
        else:
            counts.unchanged += 1
        s.flush()
