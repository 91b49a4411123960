"""Spreadsheet cells that a spreadsheet program could run are written as text.

A value beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return may be taken as a
formula (OWASP "CSV injection": ``=HYPERLINK(...)`` leaks data, old programs run DDE). An
applicant controls names and fields that reach dingdian's workbooks (the institution's name in
the desk's register, the batch summary, generated forms), so every workbook dingdian writes
stores such a value as a text cell with Excel's quote prefix: it shows exactly as written and is
never evaluated, not even after the cell is edited. Other values are left alone.
"""
from __future__ import annotations

from typing import Any, Iterable

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet.worksheet import Worksheet

RISKY_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_risky(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(RISKY_STARTS)


def as_text(cell: Any) -> Any:
    """``cell`` (an openpyxl cell) made a plain text cell when its value could run as a formula."""
    if is_risky(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def guard_row(cells: Iterable[Any]) -> None:
    """Every cell of an appended row (``sheet[row]``) made safe."""
    for cell in cells:
        as_text(cell)


def safe_cells(sheet: Worksheet, values: Iterable[Any]) -> list[Any]:
    """A write-only sheet's row: one cell per value, risky ones as text."""
    return [as_text(WriteOnlyCell(sheet, value=value)) for value in values]
