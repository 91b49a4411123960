"""Business licences in the layouts people hand in, drawn here in a CID font (not samples/synth):
the 2019+ licence (two columns, QR code at the right, the authority only in the seal and the date
alone under 登记机关), the older one-column 副本 with 注册号, the 电子营业执照 print (label：value),
and a 副本 whose second page is a 变更记录 (issue 21, item 1)."""
from __future__ import annotations

from pathlib import Path

import pytest

from validator.extract import extract_path

NAME = "济南市历下区康泰大药房有限公司"
SCOPE = ("许可项目：药品零售；第三类医疗器械经营；食品销售。（依法须经批准的项目，经相关部门批准后方可开展经营活动，"
         "具体经营项目以相关部门批准文件或许可证件为准）一般项目：第一类医疗器械销售；第二类医疗器械销售；日用百货销售")
FONT = "STSong-Light"


def _canvas(path: Path, landscape: bool = False):
    from reportlab.lib import pagesizes
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    size = pagesizes.landscape(pagesizes.A4) if landscape else pagesizes.A4
    return canvas.Canvas(str(path), pagesize=size)


def _write(pdf, x: float, y: float, text: str, size: float = 12) -> None:
    pdf.setFont(FONT, size)
    pdf.drawString(x, y, text)


def _lines(text: str, width: int) -> list[str]:
    return [text[start:start + width] for start in range(0, len(text), width)]


def _column(pdf, rows: list[tuple[str, str]], top: float, value_x: float, pitch: float, colon: str,
            width: int) -> None:
    """Labels in one column and their values beside them, a long value wrapped every ``width`` characters."""
    y = top
    for label, value in rows:
        _write(pdf, 70, y, label + colon)
        for line in _lines(value, width):
            _write(pdf, value_x, y, line)
            y -= 20
        y -= pitch - 20


def modern(path: Path) -> Path:
    pdf = _canvas(path, landscape=True)
    _write(pdf, 330, 520, "营 业 执 照", 30)
    _write(pdf, 60, 470, "统一社会信用代码 91370102MA3C8K9X1F", 11)
    pdf.rect(700, 440, 90, 90)  # the QR code
    for y, text in ((400, f"名        称  {NAME}"), (370, "类        型  有限责任公司（自然人投资或控股）"),
                    (340, "法定代表人  王建国")):
        _write(pdf, 60, y, text)
    scope = _lines(SCOPE, 24)
    _write(pdf, 60, 310, "经 营 范 围  " + scope[0])
    for index, line in enumerate(scope[1:]):
        _write(pdf, 138, 290 - 20 * index, line)
    for y, text in ((400, "注 册 资 本  伍拾万元整"), (370, "成 立 日 期  2019年03月08日"),
                    (340, "营 业 期 限  2019年03月08日 至 长期"), (310, "住        所  济南市历下区泉城路街道")):
        _write(pdf, 470, y, text)
    _write(pdf, 548, 290, "办事处科技新城创业大厦A座1201室")
    _write(pdf, 540, 130, "登 记 机 关")
    _write(pdf, 560, 95, "2023年06月15日")
    pdf.save()
    return path


def older(path: Path) -> Path:
    pdf = _canvas(path)
    _write(pdf, 200, 760, "营业执照", 28)
    _write(pdf, 250, 730, "（副  本）", 14)
    rows = [("注册号", "370102200012345"), ("名称", NAME), ("类型", "有限责任公司"), ("住所", "济南市历下区泉城路188号"),
            ("法定代表人", "王建国"), ("注册资本", "伍拾万元整"), ("成立日期", "2012年05月20日"),
            ("营业期限", "2012年05月20日至2032年05月19日")]
    _column(pdf, [*rows, ("经营范围", SCOPE)], top=680, value_x=170, pitch=32, colon="", width=30)
    _write(pdf, 330, 150, "登记机关")
    _write(pdf, 330, 110, "2016 年 8 月 12 日")
    pdf.save()
    return path


def electronic(path: Path, changes: bool = False) -> Path:
    pdf = _canvas(path)
    _write(pdf, 200, 780, "营业执照（副本）" if changes else "电子营业执照", 24)
    rows = [("统一社会信用代码", "91370102MA3C8K9X1F"), ("名称", NAME), ("类型", "有限责任公司"), ("法定代表人", "王建国"),
            ("成立日期", "2019年03月08日"), ("营业期限", "2019年03月08日至长期"), ("住所", "济南市历下区泉城路188号"),
            ("登记机关", "济南市历下区市场监督管理局"), ("发照日期", "2023年06月15日")]
    _column(pdf, [*rows, ("经营范围", SCOPE)], top=720, value_x=200, pitch=30, colon="：", width=28)
    if changes:
        _change_record(pdf)
    pdf.save()
    return path


def _change_record(pdf) -> None:
    from reportlab.platypus import Table, TableStyle

    pdf.showPage()
    _write(pdf, 250, 780, "变更记录", 20)
    table = Table([["变更事项", "变更前内容", "变更后内容", "变更日期"],
                   ["名称", "济南市历下区康宁药店", NAME, "2021年04月02日"],
                   ["住所", "济南市历下区泉城路1号", "济南市历下区泉城路188号", "2021年04月02日"],
                   ["法定代表人", "李强", "王建国", "2022年01月10日"]], colWidths=[70, 150, 170, 90])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONT", (0, 0), (-1, -1), FONT, 10)]))
    table.wrapOn(pdf, 500, 400)
    table.drawOn(pdf, 50, 600)


def _fields(path: Path, ocr: bool = False) -> dict[str, object]:
    [document] = extract_path(path, ocr=ocr)
    assert document.document_type == "business_license"
    return {name: field.value for name, field in document.fields.items()}


@pytest.mark.parametrize("layout, expected", [
    (modern, {"address": "济南市历下区泉城路街道办事处科技新城创业大厦A座1201室", "issue_date": "2023-06-15",
              "valid_to": "长期", "established_date": "2019-03-08"}),
    (older, {"address": "济南市历下区泉城路188号", "issue_date": "2016-08-12", "valid_to": "2032-05-19",
             "institution_type": "有限责任公司"}),
    (electronic, {"issuing_authority": "济南市历下区市场监督管理局", "issue_date": "2023-06-15",
                  "address": "济南市历下区泉城路188号", "institution_type": "有限责任公司"}),
])
def test_every_layout_gives_the_whole_scope_the_dates_and_the_authority_as_printed(tmp_path, layout, expected):
    fields = _fields(layout(tmp_path / "营业执照.pdf"))
    assert fields["institution_name"] == NAME and fields["legal_representative"] == "王建国"
    assert fields["business_scope"] == SCOPE  # over several lines, and ending where the next label begins
    assert {key: fields.get(key) for key in expected} == expected


@pytest.mark.parametrize("layout", [modern, older])
def test_near_miss_the_date_under_the_authoritys_label_is_no_authority(tmp_path, layout):
    assert "issuing_authority" not in _fields(layout(tmp_path / "营业执照.pdf"))  # printed only in the seal


def test_a_change_record_gives_no_past_value_for_a_current_field(tmp_path):
    fields = _fields(electronic(tmp_path / "营业执照副本.pdf", changes=True))
    assert (fields["institution_name"], fields["address"], fields["legal_representative"]) == (
        NAME, "济南市历下区泉城路188号", "王建国")


def _modern_scan(path: Path) -> Path:
    """The 2019+ licence scanned at 200 dpi: the authority's seal over 登记机关, the date beneath."""
    from PIL import Image, ImageDraw, ImageFont

    from samples.synth.fonts import cjk_font_path
    from test_seal_sources import _seal

    def font(size: int):
        return ImageFont.truetype(str(cjk_font_path()), size, index=1)

    image = Image.new("RGB", (2339, 1654), (250, 248, 240))
    draw = ImageDraw.Draw(image)
    draw.text((950, 120), "营 业 执 照", font=font(90), fill=(20, 20, 20))
    draw.rectangle((1950, 250, 2200, 500), outline="black", width=6)  # the QR code
    scope = _lines(SCOPE, 22)
    lines = [(170, 330, "统一社会信用代码 91370102MA3C8K9X1F"), (170, 560, f"名        称  {NAME}"),
             (170, 640, "类        型  有限责任公司（自然人投资或控股）"), (170, 720, "法定代表人  王建国"),
             (170, 800, "经 营 范 围  " + scope[0]), *((390, 856 + 56 * i, line) for i, line in enumerate(scope[1:])),
             (1310, 560, "注 册 资 本  伍拾万元整"), (1310, 640, "成 立 日 期  2019年03月08日"),
             (1310, 720, "营 业 期 限  2019年03月08日 至 长期"), (1310, 800, "住        所  济南市历下区泉城路街道"),
             (1530, 856, "办事处科技新城创业大厦A座1201室"), (1500, 1300, "登 记 机 关"), (1560, 1420, "2023年06月15日")]
    for x, y, text in lines:
        draw.text((x, y), text, font=font(36), fill="black")
    _seal(image, (1680, 1360), 150, "济南市历下区市场监督管理局")
    image.save(path)
    return path


@pytest.mark.slow  # OCR
def test_a_scanned_modern_licence_gives_the_wrapped_values_and_the_date_under_its_seal(tmp_path):
    fields = _fields(_modern_scan(tmp_path / "营业执照.png"), ocr=True)
    assert (fields["institution_name"], fields["business_scope"]) == (NAME, SCOPE)
    assert fields["address"] == "济南市历下区泉城路街道办事处科技新城创业大厦A座1201室"
    assert (fields["issue_date"], fields["established_date"], fields["valid_to"]) == ("2023-06-15", "2019-03-08", "长期")


def test_near_miss_a_wrapped_term_ending_alone_on_its_line_is_no_issue_date(tmp_path):
    pdf = _canvas(tmp_path / "营业执照.pdf")
    _write(pdf, 200, 760, "营业执照", 28)
    _write(pdf, 70, 680, "名称")
    _write(pdf, 170, 680, NAME)
    _write(pdf, 70, 648, "营业期限")
    _write(pdf, 170, 648, "2019年03月08日至")
    _write(pdf, 170, 628, "2039年03月07日")
    _write(pdf, 70, 596, "住所")
    _write(pdf, 170, 596, "济南市历下区泉城路188号")
    pdf.save()
    fields = _fields(tmp_path / "营业执照.pdf")
    assert "issue_date" not in fields and fields["address"] == "济南市历下区泉城路188号"
