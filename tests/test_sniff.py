"""sniff: formats from magic bytes; Office files told apart by their parts."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from hostile_corpus import docx_bytes, ole_bytes, pdf_bytes, replace_part, xlsx_bytes, zip_bytes
from validator.intake.sniff import encrypted_office, expected_format, extension_matches, sniff, sniff_stream


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.parametrize("data, expected", [
    (pdf_bytes(), "pdf"),
    (b"\r\n junk%PDF-1.4\n", "pdf"),
    (image_bytes("JPEG"), "jpeg"),
    (image_bytes("PNG"), "png"),
    (image_bytes("TIFF"), "tiff"),
    (image_bytes("BMP"), "bmp"),
    (image_bytes("GIF"), "gif"),
    (image_bytes("WEBP"), "webp"),
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "heic"),
    (docx_bytes(), "docx"),
    (xlsx_bytes(), "xlsx"),
    (zip_bytes({"a.pdf": b"%PDF"}), "zip"),
    (zip_bytes({}), "zip"),
    (ole_bytes("WordDocument"), "doc"),
    (ole_bytes("Workbook"), "xls"),
    (ole_bytes("Something"), "ole"),
    ("医疗机构执业许可证\n".encode("utf-8"), "text"),
    ("医疗机构执业许可证\n".encode("gbk"), "text"),
    ("名称,地址\r\n".encode("utf-16"), "text"),
    (b"", "unknown"),
    (bytes(range(256)), "unknown"),
])
def test_sniff(data, expected):
    assert sniff(data) == expected
    assert sniff_stream(io.BytesIO(data)) == expected


def test_encrypted_office_files_are_ole_containers():
    assert sniff(ole_bytes("EncryptionInfo", "EncryptedPackage")) == "ole"
    assert encrypted_office(io.BytesIO(ole_bytes("EncryptionInfo", "EncryptedPackage")))
    assert not encrypted_office(io.BytesIO(ole_bytes("WordDocument")))
    assert not encrypted_office(io.BytesIO(docx_bytes()))


def test_office_parts_decide_without_content_types():
    data = zip_bytes({"word/document.xml": b"<w/>"})
    assert sniff(data) == "docx"
    assert sniff(zip_bytes({"xl/workbook.xml": b"<w/>", "xl/vbaProject.bin": b""})) == "xlsm"
    assert sniff(zip_bytes({"ppt/presentation.xml": b"<p/>"})) == "pptx"


def test_truncated_office_file_is_still_known_by_its_local_headers():
    data = docx_bytes()
    assert sniff(data[: len(data) // 2]) == "docx"


def test_macro_enabled_content_type_is_xlsm():
    data = xlsx_bytes()
    types = b'<Types><Override ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>'
    assert sniff(replace_part(data, "[Content_Types].xml", types)) == "xlsm"


def test_long_text_cut_inside_a_character_is_text():
    data = ("营业执照" * 5000).encode("utf-8")
    assert sniff(data[:8193]) == "text"


@pytest.mark.parametrize("name, expected", [
    ("a.PDF", "pdf"), ("照片.JPEG", "jpeg"), ("x.jpg", "jpeg"), ("dir\\名册.xlsx", "xlsx"), ("a.xlsm", "xlsm"),
    ("a.doc", "doc"), ("a.tar.gz", "tar"), ("README", None), (".bashrc", None), ("a.", None),
])
def test_expected_format(name, expected):
    assert expected_format(name) == expected


@pytest.mark.parametrize("name, actual, matches", [
    ("a.pdf", "jpeg", False), ("a.pdf", "pdf", True), ("a.doc", "ole", True), ("a.xlsx", "xlsm", False),
    ("a.pdf", "unknown", True), ("noext", "pdf", True), ("a.jpg", "jpeg", True), ("a.docx", "ole", True),
])
def test_extension_matches(name, actual, matches):
    assert extension_matches(name, actual) is matches
