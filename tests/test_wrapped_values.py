"""Values wrapped inside a form's cell are read whole, on layouts other than samples/synth's:
a CID font (reportlab's STSong-Light, not embedded), four columns, text centred on the cell's
height, labels that wrap too, cells ruled only at the box or not at all (issue 21, item 1)."""
from __future__ import annotations

from pathlib import Path

import pytest

from validator.extract import extract_path
from validator.extract.pairing import Layout
from validator.readers.documents import TextLine

REG = "PDY60051337100217D1002"  # 22 characters; the audit's form wrapped it after the 19th
ADDRESS = "济南市历下区泉城路街道办事处高新技术产业开发区科技新城创业大厦A座十二层1201室"


def _four_column_form(path: Path, value_mm: float, rule: str | None, below: tuple[str, str] | None = None) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=10.5, leading=13.6, wordWrap="CJK")
    rows = [["申请单位", "济南市历下区康泰大药房有限公司", "统一社会信用代码", "91370102MA3C8K9X1F"],
            ["执业许可证登记号", REG, "法定代表人", "王建国"],
            ["地址", ADDRESS, "联系电话", "0531-88886666"]]
    if below:
        rows.append([below[0], below[1], "邮编", "250000"])
    table = Table([[Paragraph(text, style) for text in row] for row in rows],
                  colWidths=[25 * mm, value_mm * mm, 25 * mm, 40 * mm])
    commands = [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    if rule:
        commands.append((rule, (0, 0), (-1, -1), 0.5, "black"))
    table.setStyle(TableStyle(commands))
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph("定点医药机构申请表", style), table])
    return path


def _fields(path: Path, ocr: bool = False) -> dict[str, object]:
    [document] = extract_path(path, ocr=ocr)
    return {name: field.value for name, field in document.fields.items()}


@pytest.mark.parametrize("rule", ["GRID", "BOX", "INNERGRID", None])
@pytest.mark.parametrize("value_mm", [30, 35, 45])
def test_wrapped_cells_are_read_whole_however_the_form_is_ruled(tmp_path, rule, value_mm):
    fields = _fields(_four_column_form(tmp_path / "申请表.pdf", value_mm, rule))
    assert fields["registration_number"] == REG
    assert fields["address"] == ADDRESS  # begins above its label's line, ends before the next cell


@pytest.mark.parametrize("rule", ["BOX", None])
def test_a_name_over_three_lines_that_begins_above_its_label_is_read_whole(tmp_path, rule):
    fields = _fields(_four_column_form(tmp_path / "申请表.pdf", 30, rule))
    assert fields["institution_name"] == "济南市历下区康泰大药房有限公司"


def test_near_miss_a_code_in_the_next_cell_below_is_not_glued_to_the_number(tmp_path):
    fields = _fields(_four_column_form(tmp_path / "申请表.pdf", 45, "BOX", below=("备案编号", "A12345678901")))
    assert fields["registration_number"] == REG


def test_a_docx_cell_with_a_line_break_inside_the_number_is_read_whole(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "执业许可证\n登记号", ""
    paragraph = table.cell(0, 1).paragraphs[0]
    paragraph.add_run(REG[:19]).add_break()
    paragraph.add_run(REG[19:])
    table.cell(1, 0).text = "地址"
    table.cell(1, 1).paragraphs[0].add_run(ADDRESS[:20])
    table.cell(1, 1).add_paragraph(ADDRESS[20:])
    document.save(tmp_path / "申请表.docx")
    fields = _fields(tmp_path / "申请表.docx")
    assert (fields["registration_number"], fields["address"]) == (REG, ADDRESS)


def _line(text: str, x: float, y: float, size: float = 20) -> TextLine:
    return TextLine(text, (x, y, x + size * len(text) * 0.9, y + size), 0.95)


def test_ocr_lines_of_a_wrapped_number_and_a_long_scope_end_at_the_next_label():
    # a scanned licence: 经营范围 over three lines, then 住所 on its own line
    lines = [_line("登记号", 100, 100), _line(REG[:19], 260, 100, 18), _line(REG[19:], 260, 126, 18),
             _line("经营范围", 100, 200), _line("处方药、非处方药、中药饮片、", 260, 200),
             _line("医疗器械（一类、二类）零售；", 260, 230), _line("保健食品销售。", 260, 260),
             _line("住所", 100, 300), _line("济南市历下区泉城路1号", 260, 300)]
    layout = Layout(lines, {"登记号", "经营范围", "住所"})
    assert layout.candidates("登记号", "code")[0].text == REG
    assert layout.candidates("经营范围", True)[0].text == "处方药、非处方药、中药饮片、医疗器械（一类、二类）零售；保健食品销售。"
    assert layout.candidates("住所", True)[0].text == "济南市历下区泉城路1号"


def test_near_miss_the_line_under_a_code_that_is_not_code_stays_apart():
    lines = [_line("登记号", 100, 100), _line(REG, 260, 100, 18), _line("济南市历下区", 260, 126, 18)]
    assert Layout(lines, {"登记号"}).candidates("登记号", "code")[0].text == REG


def _scanned_form(path: Path) -> Path:
    """A form scanned at 150 dpi: ruled cells, text centred on each cell's height, the number
    wrapped after its 19th character as on the audit's form (…017D1 / 002)."""
    from PIL import Image, ImageDraw, ImageFont

    from samples.synth.fonts import cjk_font_path

    font = ImageFont.truetype(str(cjk_font_path()), 30, index=1)
    image = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(image)
    draw.text((380, 120), "定点医药机构申请表", font=ImageFont.truetype(str(cjk_font_path()), 44, index=1), fill="black")
    rows = [("申请单位", ["济南市历下区康泰大药房有限公司"]), ("执业许可证登记号", [REG[:19], REG[19:]]),
            ("地址", [ADDRESS[:18], ADDRESS[18:]]), ("法定代表人", ["王建国"])]
    top = 240
    for label, lines in rows:
        height = 60 + 40 * len(lines)
        draw.rectangle((100, top, 1140, top + height), outline="black", width=2)
        draw.line((400, top, 400, top + height), fill="black", width=2)
        draw.text((115, top + height / 2 - 18), label, font=font, fill="black")
        for index, line in enumerate(lines):
            draw.text((415, top + height / 2 - 20 * len(lines) + 40 * index), line, font=font, fill="black")
        top += height
    image.save(path)
    return path


@pytest.mark.slow  # OCR
def test_an_ocr_read_form_joins_the_number_and_the_address_at_their_breaks(tmp_path):
    fields = _fields(_scanned_form(tmp_path / "申请表.png"), ocr=True)
    assert (fields["registration_number"], fields["address"], fields["legal_representative"]) == (REG, ADDRESS, "王建国")
