from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from samples.synth.certificates import make
from samples.synth.office import application_docx, roster_people, roster_xlsx, sections_docx
from samples.synth.render import to_image, to_pdf
from validator.readers import file_from_path, read_file
from validator.readers.office import HeadingLine


@dataclass
class FakePackageFile:
    """The shape of validator.intake.package.PackageFile that read_file relies on."""

    path: str
    data: bytes
    format: str

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def read_bytes(self) -> bytes:
        return self.data


def test_text_pdf_lines_keep_boxes_and_split_columns(tmp_path):
    path = to_pdf(make("business_license", 3), tmp_path / "营业执照.pdf")
    read, findings = read_file(file_from_path(path))
    assert findings == [] and read.format == "pdf" and not read.is_scan
    page = read.pages[0]
    assert page.source == "text" and page.number == 1
    assert "营业执照" in page.text and "统一社会信用代码" in page.text
    assert all(line.box and line.box[0] < line.box[2] and line.box[1] < line.box[3] for line in page.lines)
    # the two columns of a business license are separate lines, not one run
    assert not any("营业期限" in line.text and "名" in line.text[:2] for line in page.lines)
    assert read.render is not None and read.render(1).size[0] > 1000


def test_image_pdf_without_ocr_is_a_scan_with_a_finding(tmp_path):
    path = tmp_path / "scan0001.pdf"
    to_image(make("practice_license", 1), dpi=100).save(path, "PDF")
    read, findings = read_file(file_from_path(path), ocr=False)
    assert read.is_scan and read.pages[0].source == "none"
    assert [f.code for f in findings] == ["could_not_verify"]


def test_docx_paragraphs_headings_and_merged_cells(tmp_path):
    path = sections_docx(tmp_path / "制度.docx", "医保管理制度", ["一、医保管理制度", "二、财务管理制度"])
    read, findings = read_file(file_from_path(path))
    assert findings == [] and read.format == "docx"
    assert [line.text for line in read.pages[0].lines if isinstance(line, HeadingLine)] == [
        "医保管理制度", "一、医保管理制度", "二、财务管理制度"]
    form = application_docx(tmp_path / "申请表.docx", {"机构名称": "威海康宁诊所", "地址": "威海市文化中路1号"})
    read, _ = read_file(file_from_path(form))
    assert read.tables[0].rows == [["机构名称", "威海康宁诊所"], ["地址", "威海市文化中路1号"]]


def test_xlsx_cells_as_table_with_sheet_name(tmp_path):
    path = roster_xlsx(tmp_path / "名册.xlsx", roster_people(3))
    read, findings = read_file(file_from_path(path))
    assert findings == [] and read.format == "xlsx"
    table = read.tables[0]
    assert table.sheet == "从业人员名册" and table.rows[0][0] == "从业人员名册"
    assert table.rows[3][:3] == ["序号", "姓名", "身份证"] and table.rows[4][0] == "1"


@pytest.mark.parametrize("data, fmt, code", [
    (b"%PDF-1.4\n garbage that is no pdf", "pdf", "unreadable_file"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "png", "unreadable_file"),
    (b"PK\x03\x04 broken zip", "docx", "unreadable_file"),
    (b"PK\x03\x04 broken zip", "xlsx", "unreadable_file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "doc", "unreadable_file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "xls", "unreadable_file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "ole", "unsupported_format"),
    (b"\x00\x01\x02", "unknown", "unsupported_format"),
])
def test_bad_files_give_a_finding_not_a_crash(data, fmt, code):
    read, findings = read_file(FakePackageFile("x/file", data, fmt))
    assert [f.code for f in findings] == [code]
    assert findings[0].file == "x/file" and read.pages == []


def test_encrypted_pdf(tmp_path):
    from pypdf import PdfReader, PdfWriter

    plain = to_pdf(make("gsp_certificate", 1), tmp_path / "plain.pdf")
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.encrypt("secret")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    _, findings = read_file(file_from_path(locked))
    assert [f.code for f in findings] == ["encrypted_file"]


def test_password_protected_office_file_is_encrypted_not_unsupported():
    blob = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64
    _, findings = read_file(FakePackageFile("申请表.docx", blob, "ole"))
    assert [f.code for f in findings] == ["encrypted_file"]


def test_text_file_in_gbk(tmp_path):
    path = tmp_path / "说明.txt"
    path.write_bytes("本机构基本情况说明\n一、机构概况".encode("gb18030"))
    read, findings = read_file(file_from_path(path))
    assert findings == [] and read.pages[0].text.startswith("本机构基本情况说明")


def test_file_from_path_sniffs_content_not_extension(tmp_path):
    path = tmp_path / "营业执照.pdf"
    to_image(make("business_license", 1), dpi=50).save(path, "JPEG")
    pfile = file_from_path(path)
    assert pfile.format == "jpeg" and pfile.path == "营业执照.pdf" and pfile.size == path.stat().st_size
    read, _ = read_file(pfile, ocr=False)
    assert read.format == "image" and read.is_scan


def test_reading_never_writes_next_to_the_file(tmp_path):
    path = to_pdf(make("physician_certificate", 2), tmp_path / "cert.pdf")
    before = sorted(Path(tmp_path).iterdir())
    read_file(file_from_path(path))
    assert sorted(Path(tmp_path).iterdir()) == before


def test_limits_pages_and_pixels(tmp_path):
    from samples.synth.office import text_pdf
    from validator.intake.limits import Limits

    pdf = text_pdf(tmp_path / "long.pdf", [["第一页"], ["第二页"], ["第三页"]])
    read, findings = read_file(file_from_path(pdf), limits=Limits(max_pdf_pages=2))
    assert len(read.pages) == 2
    assert [(f.code, f.evidence["reason"]) for f in findings] == [("could_not_verify", "page_limit")]
    image = tmp_path / "huge.png"
    to_image(make("business_license", 1), dpi=30).save(image)
    _, findings = read_file(file_from_path(image), limits=Limits(max_image_pixels=1000))
    assert [f.code for f in findings] == ["unreadable_file"] and "TooManyPixels" in findings[0].evidence["reason"]


@pytest.mark.parametrize("fmt", ["pdf", "jpeg", "png", "tiff", "bmp", "gif", "webp", "heic", "docx", "xlsx",
                                 "xlsm", "doc", "xls", "ole", "zip", "ofd", "7z", "rar", "tar", "video", "text",
                                 "unknown"])
def test_junk_in_every_format_never_raises(fmt):
    import random

    from validator.extract.classify import classify
    from validator.extract import extract_fields

    rng = random.Random(fmt)
    for size in (0, 1, 100, 5000):
        data = bytes(rng.randrange(256) for _ in range(size))
        read, findings = read_file(FakePackageFile(f"junk.{fmt}", data, fmt))
        for document in classify(read):
            extract_fields(document)
        assert all(f.file == f"junk.{fmt}" for f in findings)


def test_scan_with_a_stamped_page_number_is_still_a_scan(tmp_path):
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from samples.synth.fonts import register_reportlab_font

    image = tmp_path / "page.png"
    to_image(make("practice_license", 1), dpi=40).save(image)
    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    pdf.drawImage(ImageReader(str(image)), 0, 0, 595, 842)
    pdf.setFont(register_reportlab_font(), 9)
    pdf.drawString(280, 20, "第1页")
    pdf.showPage()
    pdf.save()
    read, findings = read_file(file_from_path(path), ocr=False)
    assert read.is_scan and read.pages[0].source == "none"
    assert [f.code for f in findings] == ["could_not_verify"]


def test_time_budget_grows_with_the_pages_to_ocr(tmp_path):
    from samples.synth.office import text_pdf
    from validator.intake.limits import Limits
    from validator.readers.formats import READERS

    pdf = text_pdf(tmp_path / "three.pdf", [["一"], ["二"], ["三"]]).read_bytes()
    limits = Limits(per_file_seconds=10)
    assert READERS["pdf"].budget(pdf, limits, ocr=True) == 40
    assert READERS["pdf"].budget(pdf, limits, ocr=False) == 10
    assert READERS["pdf"].budget(b"%PDF-broken", limits, ocr=True) == 20
    assert READERS["docx"].budget(b"", limits, ocr=True) == 10
