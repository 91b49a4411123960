"""Forms in text PDFs read by their cells: a value that wraps inside its cell is
read whole and never swallows the next row's value."""
from __future__ import annotations

from pathlib import Path

import pytest

from samples.synth.fonts import register_reportlab_font
from validator.extract import extract_path

ROWS = [("机构名称", "威海市环翠区仁和诊所"), ("执业许可证登记号", "PDY60051337100217D1522"),
        ("地址", "山东省威海市环翠区文化西路街道办事处高新技术产业开发区科技新城创业大厦A座十二层1201至1208室"),
        ("法定代表人", "王建国"), ("统一社会信用代码", "91371002MA3C8K9X1F")]


def ruled_form(path: Path, rows, widths_mm=(40, 40), grid: bool = True) -> Path:
    """An application form as Word prints it to PDF: label | value cells whose long values wrap."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    font = register_reportlab_font()
    cell = ParagraphStyle("cell", fontName=font, fontSize=11, leading=14, wordWrap="CJK")
    table = Table([[Paragraph(a, cell), Paragraph(b, cell)] for a, b in rows],
                  colWidths=[w * mm for w in widths_mm])
    if grid:
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    title = Paragraph("威海市医疗保障定点医疗机构申请表", ParagraphStyle("title", fontName=font, fontSize=16, leading=22))
    SimpleDocTemplate(str(path), pagesize=A4).build([title, table])
    return path


def _fields(path: Path) -> dict[str, object]:
    [document] = extract_path(path)
    return {name: field.value for name, field in document.fields.items()}


def test_values_that_wrap_inside_their_cells_are_read_whole(tmp_path):
    fields = _fields(ruled_form(tmp_path / "申请表.pdf", ROWS))
    assert fields["registration_number"] == "PDY60051337100217D1522"  # 22 characters over two lines
    assert fields["address"] == ROWS[2][1]  # three lines, and not followed by 王建国
    assert fields["legal_representative"] == "王建国"
    assert fields["uscc"] == "91371002MA3C8K9X1F"


def test_a_wide_form_reads_the_same(tmp_path):
    fields = _fields(ruled_form(tmp_path / "申请表.pdf", ROWS, widths_mm=(45, 125)))
    assert (fields["registration_number"], fields["address"]) == (ROWS[1][1], ROWS[2][1])


@pytest.mark.parametrize("value", ["91371002MA3C8K9X1F", "2026年11月30日"])
def test_near_miss_a_page_without_ruling_lines_is_not_read_as_a_table(tmp_path, value):
    from validator.readers import file_from_path, read_file

    path = ruled_form(tmp_path / "申请表.pdf", [("统一社会信用代码", value)], grid=False)
    [read] = read_file(file_from_path(path), ocr=False)[:1]
    assert read.tables == []


def _license_pdf(path: Path, below: str | None) -> Path:
    """A business licence's foot as printed: 登记机关 and the authority, the date alone beneath."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = register_reportlab_font()
    pdf = canvas.Canvas(str(path), pagesize=A4)
    lines = [(200, 780, "营业执照", 22), (60, 720, "统一社会信用代码 91371002MA3C8K9X1F", 12),
             (60, 690, "名    称 威海市环翠区仁和诊所有限公司", 12), (60, 660, "成立日期 2019年3月8日", 12),
             (330, 560, "登记机关 威海市环翠区市场监督管理局", 12)]
    if below:
        lines.append((350, 530, below, 12))
    for x, y, text, size in lines:
        pdf.setFont(font, size)
        pdf.drawString(x, y, text)
    pdf.save()
    return path


def test_the_unlabelled_issue_date_under_the_registration_authority_is_read(tmp_path):
    fields = _fields(_license_pdf(tmp_path / "营业执照.pdf", "2023年05月12日"))
    assert fields["issuing_authority"] == "威海市环翠区市场监督管理局"
    assert fields["issue_date"] == "2023-05-12" and fields["established_date"] == "2019-03-08"


def test_near_miss_no_date_under_the_authority_gives_no_issue_date(tmp_path):
    fields = _fields(_license_pdf(tmp_path / "营业执照.pdf", "（盖章）"))
    assert "issue_date" not in fields and fields["established_date"] == "2019-03-08"
