"""Staff rosters (从业人员名册): the header row below any title rows, columns under their variants, the rows.

Seed 004 附件3 prints 序号 姓名 身份证 职位 职称 学历 联系方式; other cities and
applicants word them differently (身份证号码, 公民身份号码, 岗位, 联系电话, 手机 …).
"""
from __future__ import annotations

import re
from typing import Any

from validator.readers.documents import Document, Table
from validator.extract.grid import HEADER_SEARCH_ROWS, document_tables
from validator.extract.normalize import correct_code, half_width, squeeze

COLUMNS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号", "No."),
    "name": ("姓名",),
    "id_number": ("公民身份号码", "身份证件号码", "身份证号码", "身份证号", "身份证"),
    "position": ("职位", "岗位", "职务", "工作岗位"),
    "title": ("专业技术职称", "技术职称", "职称"),
    "education": ("学历", "文化程度", "最高学历"),
    "phone": ("联系方式", "联系电话", "手机号码", "手机号", "手机", "电话"),
}
MIN_HEADER_COLUMNS = 3
_NOTE = re.compile(r"[（(].*?[)）]")
_FOOTER = re.compile(r"^(注|备注|说明|填表|制表|合计|总计|负责人签字|单位盖章)")


def column_of(cell: str) -> str | None:
    """The column id a header cell names (notes in brackets ignored), else None."""
    text = _NOTE.sub("", squeeze(cell))
    if not text:
        return None
    for column, variants in COLUMNS.items():
        if text in variants:
            return column
    for column, variants in COLUMNS.items():
        if any(variant in text for variant in variants) and len(text) <= 8:
            return column
    return None


def header(table: Table) -> tuple[int, dict[int, str]] | None:
    """(row index, {cell index: column id}) of the first row naming enough roster columns."""
    for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        columns: dict[int, str] = {}
        for position, cell in enumerate(row):
            column = column_of(cell)
            if column and column not in columns.values():
                columns[position] = column
        if len(columns) >= MIN_HEADER_COLUMNS:
            return index, columns
    return None


def rows_from_table(table: Table, start: int, columns: dict[int, str], scanned: bool = False) -> list[dict[str, Any]]:
    people = []
    for index in range(start + 1, len(table.rows)):
        row = table.rows[index]
        if row and _FOOTER.match(squeeze(row[0]) or squeeze("".join(row))):
            break
        entry: dict[str, Any] = {column: "" for column in COLUMNS}
        for position, column in columns.items():
            if position < len(row):
                entry[column] = _value(column, row[position], scanned)
                if (index, position) in table.inexact:
                    entry.setdefault("inexact", []).append(column)
        if any(entry[column] for column in COLUMNS if column != "seq"):
            entry["row"] = index + 1
            people.append(entry)
    return people


def _value(column: str, cell: str, scanned: bool) -> str:
    text = half_width(cell).strip()
    if column not in ("id_number", "phone"):
        return text
    text = re.sub(r"\s", "", text).upper()
    # OCR look-alikes (O/0, I/1 …) are fixed only on scans, and only where the check digit then
    # validates; a typed workbook keeps what the applicant typed, for the rules to judge.
    return correct_code(text, "ric")[0] if scanned and column == "id_number" and text else text


def _is_header(cells: list[str]) -> bool:
    return sum(1 for cell in cells if column_of(cell)) >= MIN_HEADER_COLUMNS


def extract_roster(document: Document) -> None:
    """extra.roster (rows) and extra.roster_columns (recognised column ids) from the first roster
    table; a scanned roster is rebuilt from the OCR boxes under its header row."""
    tables, scanned = document_tables(document, _is_header)
    for table in tables:
        found = header(table)
        if found is None:
            continue
        start, columns = found
        document.extra.roster = rows_from_table(table, start, columns, scanned)
        document.extra.roster_columns = [column for column in COLUMNS if column in columns.values()]
        document.extra.roster_sheet = table.sheet
        return
