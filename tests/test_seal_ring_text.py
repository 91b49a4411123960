"""Licences whose seal is drawn as characters along an arc in the text layer, dates in Chinese
numerals under the seal, several labels in one run, and 营业期限 长期 alone: drawn here with
reportlab (not samples/synth) and read end to end (issue 21, item 1)."""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from validator.extract import extract_path
from validator.extract.normalize import find_dates
from validator.readers.text_layer import ring_glyphs

FONT = "STSong-Light"
AUTHORITY = "包头市卫生健康委员会"
NAME = "包头市康宁诊所有限公司"


def _canvas(path: Path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont(FONT, 12)
    return pdf


def _seal(pdf, x: float, y: float, radius: float, text: str) -> None:
    """A seal as a text PDF draws it: a circle, and its words as glyphs turned along the upper arc."""
    pdf.saveState()
    pdf.setStrokeColorRGB(0.8, 0.1, 0.1)
    pdf.setFillColorRGB(0.8, 0.1, 0.1)
    pdf.circle(x, y, radius)
    pdf.setFont(FONT, 14)
    span = 220.0
    for index, char in enumerate(text):
        angle = 90 + span / 2 - span * index / max(1, len(text) - 1)  # left to right over the top
        pdf.saveState()
        pdf.translate(x, y)
        pdf.rotate(angle - 90)
        pdf.drawCentredString(0, radius - 18, char)
        pdf.restoreState()
    pdf.restoreState()


def practice_licence(path: Path, date: str = "二〇二〇年一月十四日", ring: str | None = AUTHORITY) -> Path:
    pdf = _canvas(path)
    pdf.setFont(FONT, 24)
    pdf.drawString(190, 760, "医疗机构执业许可证")
    pdf.setFont(FONT, 12)
    rows = [("机构名称：", NAME), ("地址：", "内蒙古自治区包头市昆都仑区建设中路494号"), ("法定代表人：", "王建国"),
            ("主要负责人：", "李红"), ("登记号：", "PDY886437620502RFW17C1"), ("诊疗科目：", "内科；外科；全科医疗科"),
            ("有效期限：", "自2020年1月14日至2025年1月13日")]
    for index, (label, value) in enumerate(rows):
        pdf.drawString(70, 690 - 28 * index, label)
        pdf.drawString(160, 690 - 28 * index, value)
    pdf.drawString(310, 150, f"发证机关：{AUTHORITY}")
    pdf.drawString(310, 122, date)  # the issue date alone under the seal, without a label
    if ring:
        _seal(pdf, 390, 150, 60, ring)
    pdf.save()
    return path


def _fields(path: Path, document_type: str) -> dict[str, object]:
    [document] = extract_path(path, ocr=False)
    assert document.document_type == document_type
    return {name: field.value for name, field in document.fields.items()}


def _page_lines(path: Path) -> list[str]:
    from validator.readers.pdf import open_pdf, text_layer

    document = open_pdf(path.read_bytes())
    try:
        return [line.text.strip() for line in text_layer(document[0])[0]]
    finally:
        document.close()


@pytest.mark.parametrize("ring", [AUTHORITY, AUTHORITY + "章"])  # an odd count sets one glyph upright on top
def test_a_seals_ring_glyphs_stay_out_of_the_authority_and_the_date_under_it_is_read(tmp_path, ring):
    fields = _fields(practice_licence(tmp_path / "许可证.pdf", ring=ring), "practice_license")
    assert (fields["issuing_authority"], fields["issue_date"]) == (AUTHORITY, "2020-01-14")


def test_non_trigger_the_page_reads_the_same_lines_with_and_without_its_seal(tmp_path):
    sealed = _page_lines(practice_licence(tmp_path / "sealed.pdf"))
    plain = _page_lines(practice_licence(tmp_path / "plain.pdf", ring=None))
    assert sealed == plain and f"发证机关：{AUTHORITY}" in plain


@pytest.mark.parametrize("date, expected", [("二〇二二年十二月三十日", "2022-12-30"), ("二〇二二年元月八日", "2022-01-08"),
                                            ("2023年08月24日", "2023-08-24")])
def test_an_unlabelled_date_at_the_foot_in_chinese_numerals_or_digits_is_the_issue_date(tmp_path, date, expected):
    assert _fields(practice_licence(tmp_path / "许可证.pdf", date=date), "practice_license")["issue_date"] == expected


@pytest.mark.parametrize("date", ["二〇二三年二月三十日", "二〇二三年十三月一日"])
def test_near_miss_an_impossible_date_under_the_seal_is_no_issue_date(tmp_path, date):
    fields = _fields(practice_licence(tmp_path / "许可证.pdf", date=date), "practice_license")
    assert "issue_date" not in fields and fields["issuing_authority"] == AUTHORITY  # nor part of the authority


def test_a_seal_over_a_ruled_table_leaves_the_cells_as_printed(tmp_path):
    from reportlab.platypus import Table, TableStyle

    from validator.readers.pdf_tables import ruled_tables

    pdf = _canvas(tmp_path / "table.pdf")
    table = Table([["机构名称", NAME], ["发证机关", "遵义市汇川区卫生健康局"], ["发证日期", "2019年02月06日"]],
                  colWidths=[90, 260], rowHeights=30)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONT", (0, 0), (-1, -1), FONT, 12)]))
    table.wrapOn(pdf, 400, 200)
    table.drawOn(pdf, 80, 500)
    _seal(pdf, 250, 545, 50, "遵义市汇川区卫生健康局")
    pdf.save()
    [cells] = ruled_tables((tmp_path / "table.pdf").read_bytes(), [1])
    assert cells.rows == [["机构名称", NAME], ["发证机关", "遵义市汇川区卫生健康局"], ["发证日期", "2019年02月06日"]]


def test_labels_in_one_run_end_the_value_before_them(tmp_path):
    pdf = _canvas(tmp_path / "药品经营许可证.pdf")
    pdf.setFont(FONT, 24)
    pdf.drawString(200, 760, "药品经营许可证")
    pdf.setFont(FONT, 12)
    for index, text in enumerate(["证号：蒙AA4720123", f"企业名称：{NAME}", "注册地址：包头市昆都仑区钢铁大街8号",
                                  "经营范围：中药饮片、中成药、化学药制剂", "有效期至：2028年08月23日"]):
        pdf.drawString(70, 700 - 28 * index, text)
    pdf.drawString(70, 300, "发证机关：包头市昆都仑区市场监督管理局　签发人：欧阳秀英　发证日期：2023年08月24日")
    pdf.save()
    fields = _fields(tmp_path / "药品经营许可证.pdf", "drug_business_license")
    assert (fields["issuing_authority"], fields["issue_date"]) == ("包头市昆都仑区市场监督管理局", "2023-08-24")


def electronic_licence(path: Path, term: str, founded: bool = True, authority: str = "包头市昆都仑区行政审批局") -> Path:
    pdf = _canvas(path)
    pdf.setFont(FONT, 24)
    pdf.drawString(230, 770, "营业执照")
    pdf.setFont(FONT, 10)
    pdf.drawString(225, 750, "（电子营业执照打印件）")
    pdf.setFont(FONT, 12)
    rows = [("统一社会信用代码", "91370102MA3C8K9X1F"), ("名称", NAME), ("类型", "有限责任公司（自然人独资）"),
            ("法定代表人", "王建国"), *([("成立日期", "2020年12月02日")] if founded else []), ("营业期限", term),
            ("住所", "包头市昆都仑区钢铁大街8号"), ("登记机关", authority)]
    for index, (label, value) in enumerate(rows):
        pdf.drawString(60, 700 - 26 * index, label)
        pdf.drawString(170, 700 - 26 * index, value)
    pdf.save()
    return path


@pytest.mark.parametrize("term, founded, expected", [
    ("长期", True, ("2020-12-02", "长期")),  # the term runs from the establishment
    ("2020年12月02日至2040年12月01日", True, ("2020-12-02", "2040-12-01")),  # non-trigger: both ends printed
    ("长期", False, (None, "长期")),  # near miss: no 成立日期 printed, no start is made up
])
def test_an_open_term_printed_alone_starts_on_the_established_date(tmp_path, term, founded, expected):
    fields = _fields(electronic_licence(tmp_path / "营业执照.pdf", term, founded), "business_license")
    assert (fields.get("valid_from"), fields.get("valid_to")) == expected


@pytest.mark.parametrize("printed", ["〇二三年六月二十一日", "2023年6月21日"])  # a numeral lost under the seal
def test_near_miss_a_date_beside_the_authoritys_label_is_no_authority(tmp_path, printed):
    fields = _fields(electronic_licence(tmp_path / "营业执照.pdf", "长期", authority=printed), "business_license")
    assert "issuing_authority" not in fields


def test_chinese_numeral_dates_are_parsed_and_impossible_ones_are_not():
    assert find_dates("二〇二〇年一月十四日 二〇二二年十二月三十日 二〇二二年元月八日 二〇二一年十月一日") == [
        "2020-01-14", "2022-12-30", "2022-01-08", "2021-10-01"]
    assert find_dates("二〇二三年二月三十日 二〇二三年十三月一日 二〇二三年六月三十二日") == []


def test_ring_glyphs_are_the_turned_ones_and_the_upright_one_between_them():
    turned = [(char, math.degrees(angle)) for char, angle in (("包", 0.6), ("头", 0.0), ("市", -0.6))]
    assert ring_glyphs(turned) == {0, 1, 2}
    assert ring_glyphs([("包", 30.0), (" ", 0.0), ("头", 0.0), ("市", -30.0)]) == {0, 2, 3}
    # near miss: a glyph turned by a hair (a slanted scan's text layer) and body text beside a ring
    assert ring_glyphs([("发", 0.0), ("证", 2.0), ("机", 0.0)]) == set()
    assert ring_glyphs([("机", 0.0), ("关", 0.0), ("包", 40.0), ("头", 20.0)]) == {2, 3}
