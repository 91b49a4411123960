"""The register as summary.xlsx (openpyxl): one row per case, the filters of the page applied."""
from __future__ import annotations

import io
from datetime import date
from typing import Any

import sqlalchemy as sa
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from validator.desk.listing import RegisterFilter, list_cases
from validator.desk.terms import CASE_STATUS, pick
from validator.formula_guard import safe_cells
from validator.privacy import mask_value
from validator.vocabulary import title

COLUMNS = (("id", ("编号", "ID")), ("institution", ("机构名称", "Institution")), ("uscc", ("统一社会信用代码", "USCC")),
           ("city", ("统筹地区", "City")), ("kind", ("机构类型", "Kind")), ("scheme", ("定点类别", "Scheme")),
           ("procedure", ("事项", "Procedure")), ("received", ("收件日期", "Received")),
           ("status", ("办理状态", "Status")), ("version", ("版本", "Version")), ("check", ("审核", "Check")),
           ("verdict", ("审核结论", "Verdict")), ("errors", ("错误", "Errors")), ("warnings", ("警告", "Warnings")),
           ("next_due", ("下一时限", "Next due")))
EVERYTHING = 1_000_000


def register_workbook(conn: sa.Connection, wanted: RegisterFilter, lang: str, masked: bool) -> bytes:
    rows, _total = list_cases(conn, RegisterFilter(**{**wanted.__dict__, "page": 1}), date.today(),
                              page_size=EVERYTHING)
    book = Workbook(write_only=True)  # streams rows: a 10,000-case register in a few seconds
    sheet = book.create_sheet("登记簿" if lang != "en" else "Register")
    sheet.freeze_panes = "A2"
    header = []
    for _key, words in COLUMNS:
        cell = WriteOnlyCell(sheet, value=pick(words, lang))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        values = _values(row, lang)
        sheet.append(safe_cells(sheet, [mask_value(values[key]) if masked else values[key] for key, _words in COLUMNS]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _values(row: sa.Row, lang: str) -> dict[str, Any]:
    def vocab(section: str, key: str | None) -> str:
        return title(section, key, lang) if key else ""

    return {"id": row.id, "institution": row.institution or "", "uscc": row.uscc or "",
            "city": vocab("cities", row.city), "kind": vocab("institution_kinds", row.kind),
            "scheme": vocab("schemes", row.scheme), "procedure": vocab("procedures", row.procedure),
            "received": row.received, "status": pick(CASE_STATUS[row.status], lang), "version": row.version,
            "check": row.check_status or "", "verdict": vocab("verdicts", row.verdict), "errors": row.errors,
            "warnings": row.warnings, "next_due": row.next_due}
