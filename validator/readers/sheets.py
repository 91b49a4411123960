"""Spreadsheets: Excel (.xlsx, cached values, not formulas) by openpyxl; Excel 97 (.xls) and WPS
(.et) by python-calamine. One page and one table a sheet.

WPS writes .et as an Excel 97 compound file, so it is sniffed as "xls". A cell holds text or
a number; an 18-digit resident ID typed into a number cell is kept by Excel to 15
significant digits (the rest become zeros) and is no longer the ID. Such a number is shown
as the digits Excel prints, never "corrected" into some ID, and the reader says the cell
could not be verified, naming sheet and row.
"""
from __future__ import annotations

import io
from decimal import Decimal
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Iterable

from validator.readers.documents import Page, Table, TextLine
from validator.readers.notes import note

if TYPE_CHECKING:
    from validator.readers.formats import ReadJob

MAX_ROWS = 5000
MAX_COLUMNS = 60
# Excel keeps 15 significant digits of a number; an integer of 16 digits or more has lost some.
EXACT_DIGITS = 15


def read_xlsx(job: ReadJob) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(job.data), read_only=True, data_only=True)
    try:
        for number, sheet in enumerate(workbook.worksheets, start=1):
            _add_sheet(job, number, sheet.title, sheet.iter_rows(max_row=MAX_ROWS, values_only=True))
    finally:
        workbook.close()


def read_xls(job: ReadJob) -> None:
    """calamine runs in a child process (validator.readers.xls_worker): on damaged files it can
    panic or abort the whole process (a Rust allocation failure), which must not take dingdian
    down with it."""
    from validator.readers.xls_worker import sheets_of

    for number, (name, rows) in enumerate(sheets_of(job.data, MAX_ROWS, job.limits.per_file_seconds), start=1):
        _add_sheet(job, number, name, rows)


def _add_sheet(job: ReadJob, number: int, name: str, values: Iterable[Iterable[Any]]) -> None:
    table = Table([], sheet=name, page=number)
    for index, row in enumerate(values):
        table.rows.append([_cell(value, job, table, (index, column)) for column, value in enumerate(list(row)[:MAX_COLUMNS])])
    rows = table.rows
    while rows and not any(rows[-1]):
        rows.pop()
    job.read.tables.append(table)
    lines = [TextLine("\t".join(cell for cell in row if cell)) for row in rows if any(row)]
    job.read.pages.append(Page(number, "\n".join(line.text for line in lines), lines, "text"))


def _cell(value: Any, job: ReadJob, table: Table, place: tuple[int, int]) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) >= 10 ** EXACT_DIGITS \
            and float(value).is_integer():
        shown = str(int(Decimal(f"{float(value):.{EXACT_DIGITS}g}")))  # what Excel prints
        table.inexact.add(place)
        sheet, row = table.sheet, place[0] + 1
        job.notes.append(note(job.read.file, "number_precision_lost",
                              f"工作表“{sheet}”第{row}行的数字{shown}超过15位，以数值格式保存已丢失末尾数字"
                              "（如身份证号码），无法核验；请将该列设为文本格式后重新填写。",
                              f"sheet '{sheet}' row {row}: the number {shown} has more than 15 digits and was "
                              "stored as a number, which lost its last digits (an ID number?); it cannot be "
                              "verified. Format the column as text and enter it again.",
                              found=shown, row=row, sheet=sheet))
        return shown
    return cell_text(value)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
