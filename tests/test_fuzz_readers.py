"""Bounded fuzzing of the PDF, DOCX, XLSX and image readers over mutated samples.

``read_file`` must turn any damage into a finding: it returns (ReadFile, findings) and
never raises, within the watchdog. OCR is off (it would only slow the fuzzing down:
what is fuzzed is the parsing). Crashes found are kept in tests/regressions/.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from hostile_corpus import FUZZ, docx_bytes, jpeg_bytes, mutations, pdf_bytes, xlsx_bytes
from validator.intake.limits import time_limit
from validator.intake.package import open_package

WATCHDOG_SECONDS = 60


def _docx_with_table() -> bytes:
    import io

    import docx
    document = docx.Document(io.BytesIO(docx_bytes("内部管理制度")))
    table = document.add_table(rows=2, cols=3)
    for row, values in enumerate([("姓名", "身份证号", "职称"), ("张三", "370602199001011234", "主治医师")]):
        for column, value in enumerate(values):
            table.cell(row, column).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


SAMPLES = {"a.pdf": pdf_bytes(2), "a.docx": _docx_with_table(), "a.xlsx": xlsx_bytes(), "a.jpg": jpeg_bytes()}


def read_as_package(name: str, data: bytes) -> list[tuple]:
    """Puts ``data`` in a package folder as ``name``, lists it and reads every file."""
    from validator.readers import read_file

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / name).write_bytes(data)
        with time_limit(WATCHDOG_SECONDS, f"fuzzing {name}"):
            return [read_file(pfile, ocr=False) for pfile in open_package(Path(folder)).files]


def assert_read_safely(name: str, data: bytes) -> None:
    for read, findings in read_as_package(name, data):
        # a mutation can turn an Office file into a plain zip, which is listed as a folder
        assert read.file == name or read.file.startswith(name + "/")
        assert all(finding.file == read.file for finding in findings)


@FUZZ
@given(st.sampled_from(sorted(SAMPLES)).flatmap(lambda name: st.tuples(st.just(name), mutations(SAMPLES[name]))))
def test_readers_survive_mutated_samples(sample):
    assert_read_safely(*sample)


def test_unmutated_samples_read_without_findings():
    for name, data in SAMPLES.items():
        [(read, findings)] = read_as_package(name, data)
        assert read.pages or read.tables, name
        assert [f.code for f in findings if f.severity == "error"] == [], name
