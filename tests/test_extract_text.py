"""``dingdian extract FILE --text``: the text read, page by page, with each page's reader, in Chinese
by default and English with --lang en; ``--format json`` carries the same per page."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from office_oddities import docx_with_boxes, transparent_png
from samples.synth.certificates import make
from samples.synth.render import to_pdf
from validator.cli import cli

HERE = Path(__file__).parent / "real_files"


def _run(*args: str):
    result = CliRunner().invoke(cli, ["extract", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_docx_pages_say_their_reader_in_chinese_and_english(tmp_path):
    path = tmp_path / "简历.docx"
    path.write_bytes(docx_with_boxes())
    chinese = _run(str(path), "--text")
    assert "—— 第1页 · 读取方式：Word 文档（.docx）\n个人简历\n姓名：张三" in chinese
    english = _run(str(path), "--text", "--lang", "en")
    assert "—— page 1 · read by: Word document (.docx)\n个人简历" in english and "读取方式" not in english


def test_without_text_no_pages_are_printed(tmp_path):
    path = tmp_path / "简历.docx"
    path.write_bytes(docx_with_boxes())
    output = _run(str(path))
    assert "读取方式" not in output and "个人简历" not in output
    assert "pages" not in json.loads(_run(str(path), "--format", "json"))


def test_json_carries_each_pages_reader_and_text(tmp_path):
    cert = make("practice_license", 2)
    data = json.loads(_run(str(to_pdf(cert, tmp_path / "执业许可证.pdf")), "--text", "--format", "json"))
    [page] = data["pages"]
    assert page["page"] == 1 and page["reader"] == "pdf" and page["reader_title"] == "PDF 文字层"
    assert cert.expected["registration_number"] in page["text"] and "confidence" not in page


def test_gbk_pdf_and_ofd_pages(tmp_path):
    pdf = json.loads(_run(str(HERE / "pdfjs_SimFang-variant.pdf"), "--text", "--format", "json", "--lang", "en"))
    assert [(p["reader"], p["reader_title"]) for p in pdf["pages"]] == [("pdf", "PDF text layer")]
    assert "全 世 界" in pdf["pages"][0]["text"]
    ofd = _run(str(HERE / "helloworld.ofd"), "--text")
    assert "—— 第1页 · 读取方式：OFD 文字\n你好呀，OFD Reader&Writer！" in ofd


def test_a_scan_not_ocrd_says_so(tmp_path):
    path = tmp_path / "scan.png"
    path.write_bytes(transparent_png("营业执照", "black"))
    output = _run(str(path), "--text", "--no-ocr")
    assert "—— 第1页 · 读取方式：未读取（扫描页，未做文字识别）\n（未读出文字）" in output
    data = json.loads(_run(str(path), "--text", "--no-ocr", "--format", "json"))
    assert data["pages"] == [{"page": 1, "reader": "none", "reader_title": "未读取（扫描页，未做文字识别）", "text": ""}]


def test_personal_data_in_the_text_is_masked_unless_asked(tmp_path):
    cert = make("physician_certificate", 3)
    path = to_pdf(cert, tmp_path / "医师执业证书.pdf")
    number = cert.expected["id_number"]
    assert number not in _run(str(path), "--text")
    assert number in _run(str(path), "--text", "--show-personal-data")


def test_spreadsheet_pages_are_its_sheets(tmp_path):
    from samples.synth.office import roster_people, roster_xlsx

    people = roster_people(2, seed=7)
    data = json.loads(_run(str(roster_xlsx(tmp_path / "名册.xlsx", people)), "--text", "--format", "json",
                           "--show-personal-data"))
    assert [(page["reader"], page["reader_title"]) for page in data["pages"]] == [("xlsx", "电子表格（.xlsx）")]
    assert people[0]["name"] in data["pages"][0]["text"]
