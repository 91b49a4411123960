"""Failures are honest: a damaged file is a finding,
a bug in dingdian's own code is a bug (it propagates; the CLI exits 70), and the fallback from
pdfium to pypdf happens only when pdfium refuses the file, and is reported."""
from __future__ import annotations

import pytest

from samples.synth.certificates import make
from samples.synth.office import sections_docx
from samples.synth.render import to_image, to_pdf
from validator.readers.documents import TextLine
from validator.readers import file_from_path, read_file


class OurBug(KeyError):
    """Stands for any mistake in dingdian's code."""


def _bug(*args, **kwargs):
    raise OurBug("a bug in our code")


@pytest.fixture
def pdf(tmp_path):
    return file_from_path(to_pdf(make("practice_license", 1), tmp_path / "许可证.pdf"))


def test_a_bug_in_the_pdf_reader_propagates_and_is_not_read_by_the_fallback(pdf, monkeypatch):
    import validator.readers.pdf as pdf_reader

    fallback = []
    monkeypatch.setattr(pdf_reader, "page_text", _bug)
    monkeypatch.setattr(pdf_reader, "read_pdf_fallback", lambda *args: fallback.append(args) or 0)
    with pytest.raises(OurBug):
        read_file(pdf)
    assert fallback == []


def test_a_bug_on_the_ocr_path_propagates(tmp_path, monkeypatch):
    import validator.readers.layout as layout
    from validator.readers import ocr

    monkeypatch.setattr(ocr, "ocr_image",
                        lambda image, key=None, threads=None: ([TextLine("营业执照", (1, 1, 9, 9), 0.9)], image.size))
    monkeypatch.setattr(layout, "page_text", _bug)  # validator.readers.ocr_pages turns OCR lines into a page
    path = tmp_path / "营业执照.jpg"
    to_image(make("business_license", 1), dpi=40).save(path)
    with pytest.raises(OurBug):
        read_file(file_from_path(path))


@pytest.mark.parametrize("target", ["validator.readers.office._paragraph_styles", "validator.readers.sheets.cell_text",
                                    "validator.readers.ofd.text_runs"])
def test_a_bug_in_the_office_and_ofd_readers_propagates(tmp_path, monkeypatch, target):
    from format_corpus import certificate_ofd
    from samples.synth.office import roster_people, roster_xlsx

    files = {"validator.readers.office._paragraph_styles": sections_docx(tmp_path / "制度.docx", "管理制度", ["一、总则"]),
             "validator.readers.sheets.cell_text": roster_xlsx(tmp_path / "名册.xlsx", roster_people(2)),
             "validator.readers.ofd.text_runs": tmp_path / "执照.ofd"}
    files["validator.readers.ofd.text_runs"].write_bytes(certificate_ofd(make("business_license", 1)))
    monkeypatch.setattr(target, _bug)
    with pytest.raises(OurBug):
        read_file(file_from_path(files[target]))


def test_a_parsers_own_generic_error_is_still_damage(monkeypatch):
    """A KeyError raised inside a parser library (not in dingdian) means the file is damaged."""
    import docx

    from test_readers import FakePackageFile

    data = _docx_bytes()
    namespace = {"__name__": "docx.api"}  # a function of python-docx's own module
    exec("def broken(*args, **kwargs):\n    raise KeyError('word/document.xml')", namespace)
    monkeypatch.setattr(docx, "Document", namespace["broken"])
    read, findings = read_file(FakePackageFile("a.docx", data, "docx"))
    assert [f.code for f in findings] == ["unreadable_file"] and read.pages == []


def _docx_bytes() -> bytes:
    import io

    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def test_pdfium_refusal_falls_back_to_pypdf_and_says_so(pdf, monkeypatch):
    import pypdfium2

    import validator.readers.pdf as pdf_reader

    def refuse(job):
        raise pypdfium2.PdfiumError("Failed to load document (PDFium: Data format error).")

    monkeypatch.setattr(pdf_reader, "read_pdf", refuse)
    read, findings = read_file(pdf)
    assert "医疗机构执业许可证" in read.text
    assert [(f.code, f.evidence["reason"], f.severity) for f in findings] == [("could_not_verify", "pdf_fallback",
                                                                              "warning")]


def test_the_cli_exits_70_for_a_bug_not_1(tmp_path, monkeypatch, capsys):
    import shutil
    from pathlib import Path

    import validator.readers.pdf as pdf_reader
    from validator.cli import main

    package = tmp_path / "pkg"
    shutil.copytree(Path(__file__).resolve().parent.parent / "samples" / "packages" / "taiyuan-clinic-complete", package)
    monkeypatch.setattr(pdf_reader, "page_text", _bug)
    with pytest.raises(SystemExit) as exited:
        main(["check", str(package), "--as-of", "2026-11-23", "--no-ocr"])
    assert exited.value.code == 70
    err = capsys.readouterr().err
    assert "程序内部错误：OurBug" in err and "unreadable" not in err  # Chinese by default


@pytest.mark.parametrize("child", ["import os; os.abort()", "import time; time.sleep(30)", "raise SystemExit(3)"])
def test_a_crashing_or_hanging_spreadsheet_parser_is_an_unreadable_file(monkeypatch, child):
    """calamine aborted the whole process on fuzzed .xls files: it runs in a child, whose death,
    hang or failure is a finding about the file."""
    import sys

    from test_readers import FakePackageFile
    from validator.intake.limits import Limits
    from validator.readers import xls_worker

    monkeypatch.setattr(xls_worker, "_command", lambda max_rows: [sys.executable, "-c", child])
    blob = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    read, findings = read_file(FakePackageFile("名册.xls", blob, "xls"), limits=Limits(per_file_seconds=2))
    assert [f.code for f in findings] == ["unreadable_file"] and read.tables == []


def test_pdfplumber_failing_on_ruled_tables_keeps_the_text_and_says_so(tmp_path, monkeypatch):
    """pdfium read the page, pdfplumber (ruled tables) refuses it: the text stays, a note says so;
    a bug in the table code still propagates."""
    from pdfminer.pdfparser import PDFSyntaxError

    import validator.readers.pdf as pdf_reader

    pfile = file_from_path(to_pdf(make("practice_license", 1), tmp_path / "许可证.pdf"))
    monkeypatch.setattr(pdf_reader, "has_rules", lambda page: True)
    namespace = {"__name__": "pdfminer.pdfparser", "PDFSyntaxError": PDFSyntaxError}
    exec("def refuse(*args):\n    raise PDFSyntaxError('No /Root object!')", namespace)
    monkeypatch.setattr(pdf_reader, "ruled_tables", namespace["refuse"])
    read, findings = read_file(pfile)
    assert "医疗机构执业许可证" in read.text and read.tables == []
    assert [(f.code, f.evidence["reason"]) for f in findings] == [("could_not_verify", "tables_not_read")]
    monkeypatch.setattr(pdf_reader, "ruled_tables", _bug)
    with pytest.raises(OurBug):
        read_file(pfile)
