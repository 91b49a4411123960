"""Synthetic Word and Excel materials and merged PDFs: rosters, application forms, score sheets,
management systems — the shapes applicants submit (title rows above a roster's header, merged
cells in forms, headings in Word styles)."""
from __future__ import annotations

import random
from pathlib import Path
from typing import Any, Iterable, Sequence

from samples.synth import values as v
from samples.synth.certificates import Certificate
from samples.synth.fonts import register_reportlab_font

ROSTER_HEADER = ("序号", "姓名", "身份证", "职位", "职称", "学历", "联系方式")  # seed 004 附件3
ROLES = (("医师", "主治医师"), ("医师", "副主任医师"), ("护士", "护师"), ("药师", "主管药师"), ("收费员", "无"))


def roster_people(count: int, seed: int = 0) -> list[dict[str, str]]:
    rng = random.Random(f"roster:{seed}")
    people = []
    for index in range(count):
        position, title = rng.choice(ROLES)
        people.append({"seq": str(index + 1), "name": v.person_name(rng), "id_number": v.id_number(rng),
                       "position": position, "title": title, "education": rng.choice(("本科", "大专", "硕士")),
                       "phone": "1" + rng.choice("3589") + v.digits(rng, 9)})
    return people


def roster_xlsx(path: Path, people: list[dict[str, str]], header: Sequence[str] = ROSTER_HEADER,
                institution: str = "威海康宁诊所") -> Path:
    """Seed 004 附件3 as a workbook: title, institution line, header on row 4, one person a row."""
    from openpyxl import Workbook

    keys = ("seq", "name", "id_number", "position", "title", "education", "phone")
    book = Workbook()
    sheet = book.active
    sheet.title = "从业人员名册"
    sheet.append(["从业人员名册"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append([f"医疗机构名称：{institution}", None, None, None, "2024年 5月 6日"])
    sheet.append([])
    sheet.append(list(header))
    for person in people:
        sheet.append([int(person["seq"])] + [person[key] for key in keys[1:len(header)]])
    book.save(path)
    return path


def application_docx(path: Path, fields: dict[str, str], title: str = "定点医疗机构申请表") -> Path:
    """A form: title paragraph, then a table of label/value cells; values span merged cells."""
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    table = document.add_table(rows=0, cols=4)
    for label, value in fields.items():
        cells = table.add_row().cells
        cells[0].text = label
        merged = cells[1].merge(cells[3])  # the value cell spans three columns
        merged.text = value
    document.save(path)
    return path


def assessment_docx(path: Path, scores: dict[str, tuple[int, int | None]], total: int | str | None,
                    title: str = "威海市基本医疗保障统筹支付协议定点医疗机构评估表") -> Path:
    """Seed 004 附件1-2: 序号 / 检查标准 / 分值 / 评估分数 / 评估记录, then 此医疗机构得__分."""
    import docx

    document = docx.Document()
    document.add_paragraph(title)
    table = document.add_table(rows=1, cols=5)
    for cell, text in zip(table.rows[0].cells, ("序号", "检查标准", "分值", "评估分数", "评估记录")):
        cell.text = text
    for item, (maximum, score) in scores.items():
        cells = table.add_row().cells
        for cell, text in zip(cells, (item, "……", str(maximum), "" if score is None else str(score), "")):
            cell.text = text
    document.add_paragraph(f"经现场评估，此医疗机构得{'____' if total is None else total}分， 评估“□合格/□不合格”。")
    document.save(path)
    return path


def sections_docx(path: Path, title: str, headings: Iterable[str], body: str = "（内容略）") -> Path:
    """A management-systems or statement document: title, Heading-2 sections with a paragraph each."""
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for heading in headings:
        document.add_heading(heading, level=2)
        document.add_paragraph(body)
    document.save(path)
    return path


def text_pdf(path: Path, pages: Sequence[Certificate | Sequence[str]]) -> Path:
    """One PDF of several materials: a Certificate is laid out as on its own; a list of strings is
    a plain page (title first) such as a management system or a commitment letter."""
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    from samples.synth.render import PAGE_H, PAGE_W, layout

    font = register_reportlab_font()
    pdf = canvas.Canvas(str(path), pagesize=(PAGE_W * mm, PAGE_H * mm))
    for page in pages:
        items: list[Any]
        if isinstance(page, Certificate):
            items = [(item.x, item.y, item.text, item.size) for item in layout(page)]
        else:
            items = [(25, 40 + 12 * index, line, 18 if index == 0 else 12) for index, line in enumerate(page)]
        for x, y, text, size in items:
            pdf.setFont(font, size)
            pdf.drawString(x * mm, (PAGE_H - y) * mm, text)
        pdf.showPage()
    pdf.save()
    return path
