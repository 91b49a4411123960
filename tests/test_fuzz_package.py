"""Hypothesis properties and bounded fuzzing of sniffing, name decoding and zip listing.

Examples are few (CI stays well under a minute) and the database is off, so nothing
is written into the repository; a crash found here is kept in tests/regressions/ and
replayed by tests/test_fuzz_regressions.py.
"""
from __future__ import annotations

import io
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from hostile_corpus import FUZZ, docx_bytes, jpeg_bytes, mutations, pdf_bytes, xlsx_bytes, zip_bytes
from validator.intake.entry_names import decode_name, normalise, unsafe_reason, zip_entry_name
from validator.errors import InputError
from validator.intake.limits import time_limit
from validator.intake.package import open_package
from validator.intake.sniff import sniff, sniff_stream

FORMATS = {"works", "pdf", "jpeg", "png", "tiff", "bmp", "gif", "webp", "heic", "docx", "xlsx", "xlsm", "pptx", "zip",
           "ofd", "7z", "rar", "tar", "video", "rtf", "html",
           "doc", "xls", "ole", "text", "unknown"}
# Common characters of Chinese file names (all in GB2312).
CHINESE = "营业执照医疗机构许可证从业人员名册附件申请表承诺书管理制度财务基本情况说明报告评估诊所药店卫生院张王李赵刘陈杨"
names = st.text(alphabet=st.sampled_from(CHINESE + "0123456789_-（）：.abcxyz "), min_size=1, max_size=20)


SAMPLES = {"pdf": pdf_bytes(2), "jpeg": jpeg_bytes(), "docx": docx_bytes(), "xlsx": xlsx_bytes()}


@FUZZ
@given(st.binary(max_size=4096))
def test_sniff_never_raises_and_agrees_with_sniff_stream(data):
    kind = sniff(data)
    assert kind in FORMATS
    assert sniff_stream(io.BytesIO(data)) == kind


@FUZZ
@given(st.sampled_from(sorted(SAMPLES)).flatmap(lambda kind: mutations(SAMPLES[kind])))
def test_sniff_on_mutated_samples(data):
    assert sniff(data) in FORMATS


@FUZZ
@given(st.binary(max_size=64))
def test_decode_name_never_raises_and_is_printable_unicode(raw):
    name = decode_name(raw)
    name.encode("utf-8")
    if raw.isascii():
        assert name == raw.decode("ascii")


@FUZZ
@given(names)
def test_chinese_names_round_trip_from_gbk_and_utf8(name):
    assert decode_name(name.encode("gbk")) == name
    assert decode_name(name.encode("utf-8")) == name


@FUZZ
@given(names, st.booleans())
def test_zip_entry_names_with_and_without_the_utf8_flag(name, flagged):
    stored = name if flagged else name.encode("gbk").decode("cp437")
    assert zip_entry_name(stored, 0x800 if flagged else 0) == name


@FUZZ
@given(st.lists(st.sampled_from(["a", "..", ".", "", "目录", "C:", "\\\\"]), min_size=1, max_size=6))
def test_safe_names_never_leave_the_root(parts):
    name = "/".join(parts).replace("\\", "/")
    if unsafe_reason(name) is None:
        clean = normalise(name)
        assert not clean.startswith("/") and ".." not in clean.split("/")


def _package_zip() -> bytes:
    inner = zip_bytes({"x.pdf": pdf_bytes(), "y.txt": "名册".encode("utf-8")})
    return zip_bytes({"营业执照.pdf": pdf_bytes(), "docs/制度.docx": docx_bytes(), "inner.zip": inner,
                      "roster.xlsx": xlsx_bytes()})


PACKAGE_ZIP = _package_zip()


@FUZZ
@given(mutations(PACKAGE_ZIP))
def test_listing_a_mutated_zip_gives_files_findings_or_input_error(data):
    with tempfile.TemporaryDirectory() as folder:
        package = Path(folder) / "package.zip"
        package.write_bytes(data)
        with time_limit(30, "listing a mutated zip"):
            try:
                listed = open_package(package)
            except InputError:
                return
            for pfile in listed.files:
                try:
                    assert sniff(pfile.read_bytes()) == pfile.format
                except InputError:
                    pass
