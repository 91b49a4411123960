"""The text package: python-docx forms and letters, openpyxl sheets, reportlab certificates.

Layouts of this module's own (not samples.synth.office): a form is a two-column table under a
centred bold run (as WPS writes it, no heading style); letters are plain paragraphs with a
right-aligned signature; the roster's title is a merged first row with its columns in another
order; the certificates are text PDFs drawn line by line with a CJK TrueType font.
"""
from __future__ import annotations

import random
from pathlib import Path
from typing import Any

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚"


def _docx_form(path: Path, title: str, rows: list[tuple[str, int, str]]) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold, run.font.size = True, Pt(18)
    cells = [row[0].split("|") for row in rows if row[2] == "table"]
    table = document.add_table(rows=len(cells), cols=2)
    table.style = "Table Grid"
    for (label, value), row in zip(cells, table.rows):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_paragraph("填报单位（盖章）：            日期：2026年11月20日")
    document.save(path)


def _docx_letter(path: Path, pages: list[list[tuple[str, int, str]]]) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document()
    for rows in pages:
        for text, _, where in rows:
            if not text:
                continue
            paragraph = document.add_paragraph(text)
            paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}.get(where)
    document.save(path)


def _roster(path: Path, rng: random.Random, people: int) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "人员"
    columns = ["序号", "姓名", "性别", "职称", "身份证号码", "学历", "执业类别", "联系电话"]
    sheet.append(["太原市小店区济民门诊部从业人员花名册"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    sheet["A1"].font, sheet["A1"].alignment = Font(bold=True, size=16), Alignment(horizontal="center")
    sheet.append(columns)
    for number in range(1, people + 1):
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        sheet.append([number, name, rng.choice("男女"), rng.choice(["主治医师", "医师", "护师", "药师"]),
                      f"1401{rng.randrange(10**13, 10**14)}", rng.choice(["本科", "大专", "硕士"]),
                      rng.choice(["临床", "口腔", "护理", "药学"]), f"135{rng.randrange(10**7, 10**8)}"])
    notes = workbook.create_sheet("说明")
    notes.append(["本表由单位如实填写，人员须与社保缴费名单一致。"])
    workbook.save(path)


def _equipment(path: Path, rng: random.Random) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["设备名称", "型号", "数量", "购置日期"])
    for name in ["数字化X射线摄影系统", "彩色多普勒超声诊断仪", "全自动生化分析仪", "牙科综合治疗台", "心电图机"]:
        sheet.append([name, f"{rng.choice('ABCDX')}-{rng.randrange(100, 999)}", rng.randrange(1, 4), "2024-10-15"])
    workbook.save(path)


def _pdf(path: Path, rows: list[tuple[str, int, str]], font_file: str) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "CJK" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("CJK", font_file, subfontIndex=0))
    page = canvas.Canvas(str(path), pagesize=A4)
    y = A4[1] - 80
    for text, size, where in rows:
        points = size * 0.36  # 200 dpi pixels to points
        if text:
            page.setFont("CJK", points)
            width = pdfmetrics.stringWidth(text, "CJK", points)
            x = {"center": (A4[0] - width) / 2, "right": A4[0] - 70 - width}.get(where, 70)
            page.drawString(x, y, text)
        y -= points * 1.8
    page.rect(40, 40, A4[0] - 80, A4[1] - 80)  # the certificate's frame
    page.save()


def write_text_package(folder: Path, rng: random.Random, documents: list[Any], font_file: str) -> None:
    """20 files: 4 Word documents, 2 workbooks, 14 text PDFs."""
    (form_pages, _), (letter_pages, _), *certificates = documents
    _docx_form(folder / "附件1 基本信息表（填报）.docx", "太原市医疗机构基本信息表", form_pages[0])
    _docx_letter(folder / "承诺书-盖章版.docx", letter_pages)
    rules = next(pages for pages, _ in certificates if pages[0][0][0] == "医保管理制度")
    lease = next(pages for pages, _ in certificates if pages[0][0][0] == "房屋租赁合同")
    _docx_letter(folder / "制度汇编2026.docx", rules)
    _docx_letter(folder / "租房合同.docx", lease)
    _roster(folder / "人员名单(最新).xlsx", rng, 14)
    _equipment(folder / "设备清单.xlsx", rng)
    singles = [pages[0] for pages, _ in certificates if len(pages) == 1]
    for index in range(14):
        rows = singles[index % len(singles)]
        _pdf(folder / f"附件{index + 3:02d}.pdf", rows, font_file)
