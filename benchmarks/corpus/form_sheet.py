"""基本信息表 kept as a spreadsheet: printed with the grid, column letters and row numbers (the image
tiers), and as the .xlsx itself (the text tier), label cells in column A, values in column B,
long values wrapped inside their cells."""
from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from benchmarks.corpus import as_list, values as v
from benchmarks.corpus.page import Page, cell_text

DOCUMENT_TYPE = "application_form"
SIZE = (210.0, 297.0)


def cells(page: Page, rng: random.Random) -> list[tuple[str, str]]:
    subjects = "、".join(v.subjects(rng, many=False))
    return [("定点医药机构基本信息表", ""),
            ("机构名称", page.value("institution_name", v.institution(rng, "clinic"))),
            ("统一社会信用代码", page.value("uscc", v.uscc(rng))),
            ("法定代表人", page.value("legal_representative", v.person(rng))),
            ("主要负责人", page.value("principal", v.person(rng))),
            ("执业许可证登记号", page.value("registration_number", v.registration_number(rng))),
            ("机构地址", page.value("address", v.address(rng, long=True))),
            ("诊疗科目", page.value("practice_subjects", subjects, as_list(subjects))),
            ("联系电话", f"1{rng.randrange(3, 9)}{rng.randrange(10**8, 10**9)}")]


def draw(page: Page, rng: random.Random) -> None:
    rows = cells(page, rng)
    page.rows = rows
    page.text(20, 18, "A", 8, color=(0.4, 0.4, 0.4))
    page.text(70, 18, "B", 8, color=(0.4, 0.4, 0.4))
    y = 22.0
    for number, (label, text) in enumerate(rows, start=1):
        height = 7.0 if len(text) < 30 else 12.0
        page.text(10, y + 5, str(number), 8, color=(0.4, 0.4, 0.4))
        cell_text(page, 15, y, 45, height, label, 10)
        cell_text(page, 60, y, 100, height, text, 10)
        y += height


def native(page: Any, stem: Path) -> Path:
    """The .xlsx with the same cells: what an applicant sends when the form is a spreadsheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    book = Workbook()
    sheet = book.active
    sheet.title = "基本信息"
    for label, text in page.rows:
        sheet.append([label, text])
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 20, 40
    for cell in sheet["B"]:
        cell.alignment = Alignment(wrap_text=True)
    path = stem.with_suffix(".xlsx")
    book.save(path)
    return path
