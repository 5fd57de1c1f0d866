"""Writes the template sheets to an .xlsx: bold filled headers, widths, number formats, frozen header row, and the
templates' highlights (urgent rows red, overdue rows yellow, as seed 004 suggests)."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session
from tqdm import tqdm

from bot.clock import local_today
from bot.reports.period import Period
from bot.reports.sheets import OVERDUE, SHEETS, URGENT, Sheet

HEADER_FILL = "DDEBF7"
MARK_FILLS = {URGENT: "F8CBAD", OVERDUE: "FFF2CC"}


def _write_sheet(ws, sheet: Sheet, rows, progress: tqdm, today) -> int:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws.append([c.header for c in sheet.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center")
    headers = [c.header for c in sheet.columns]
    fills = {mark: PatternFill("solid", fgColor=color) for mark, color in MARK_FILLS.items()}
    count = 0
    for row in rows:
        ws.append(list(row))
        count += 1
        mark = sheet.mark(dict(zip(headers, row)), today)
        if mark:
            for cell in ws[ws.max_row]:
                cell.fill = fills[mark]
        progress.update()
    for i, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = column.width
        if column.number_format:
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = column.number_format
    ws.freeze_panes = "C2" if sheet.columns[1].header == "客户名称" else "B2"
    return count


def export_workbook(session: Session, period: Period, owner_ids: list[int] | None, path: Path,
                    show_progress: bool | None = False) -> dict[str, int]:
    """Write every template sheet for `period` and `owner_ids` (None: everyone); rows written per sheet."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    counts, today = {}, local_today(period.tz)
    with tqdm(desc="导出", unit="行", disable=not show_progress if show_progress is not None else None) as progress:
        for sheet in SHEETS:
            counts[sheet.title] = _write_sheet(book.create_sheet(sheet.title), sheet,
                                               sheet.rows(session, period, owner_ids), progress, today)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return counts
