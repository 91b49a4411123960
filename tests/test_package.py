"""open_package: listing folders and zips, findings of the inventory tier, limits, errors."""
from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from hostile_corpus import docx_bytes, gbk_zip_bytes, jpeg_bytes, snapshot, write, zip_bytes
from validator.errors import InputError
from validator.intake.limits import Limits, TimeLimitExceeded, time_limit
from validator.intake.package import open_package

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


def codes(package) -> list[str]:
    return sorted(finding.code for finding in package.findings)


def test_folder_listing_is_sorted_relative_and_sniffed(tmp_path):
    write(tmp_path, "b/2.pdf", PDF)
    write(tmp_path, "a.docx", docx_bytes())
    write(tmp_path, "c.jpg", jpeg_bytes())
    listed = open_package(tmp_path)
    assert [(f.path, f.format) for f in listed.files] == [("a.docx", "docx"), ("b/2.pdf", "pdf"), ("c.jpg", "jpeg")]
    assert listed.files[1].read_bytes() == PDF
    assert listed.files[1].size == len(PDF) and len(listed.files[1].sha256) == 64
    assert listed.findings == [] and listed.root == tmp_path


def test_zip_package_is_told_by_content_not_extension(tmp_path):
    package = tmp_path / "材料.dat"
    package.write_bytes(zip_bytes({"docs/a.pdf": PDF}))
    listed = open_package(package)
    assert [(f.path, f.origin) for f in listed.files] == [("docs/a.pdf", "材料.dat!docs/a.pdf")]
    assert listed.files[0].read_bytes() == PDF


def test_gbk_entry_names_without_utf8_flag(tmp_path):
    package = tmp_path / "p.zip"
    package.write_bytes(gbk_zip_bytes({"附件1/营业执照.pdf": PDF, "医疗机构执业许可证.pdf": PDF}))
    assert [f.path for f in open_package(package).files] == ["医疗机构执业许可证.pdf", "附件1/营业执照.pdf"]


@pytest.mark.parametrize("crc_matches, expected", [(True, "营业执照.pdf"), (False, "____.pdf")])
def test_info_zip_unicode_path_extra_field(tmp_path, crc_matches, expected):
    import struct
    import zlib
    stored = b"____.pdf"  # what a tool writes for a name its code page cannot hold
    unicode_name = "营业执照.pdf".encode("utf-8")
    crc = zlib.crc32(stored if crc_matches else b"other")
    body = struct.pack("<BI", 1, crc) + unicode_name
    info = zipfile.ZipInfo(stored.decode("ascii"))
    info.extra = struct.pack("<HH", 0x7075, len(body)) + body
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(info, PDF)
    package = tmp_path / "p.zip"
    package.write_bytes(buffer.getvalue())
    assert [f.path for f in open_package(package).files] == [expected]


def test_utf8_flagged_and_backslash_names(tmp_path):
    package = tmp_path / "p.zip"
    package.write_bytes(zip_bytes({"目录\\承诺书.pdf": PDF}))
    assert [f.path for f in open_package(package).files] == ["目录/承诺书.pdf"]


def test_nested_zip_opened_one_level_deep(tmp_path):
    inner = zip_bytes({"x.pdf": PDF, "deeper.zip": zip_bytes({"y.pdf": PDF})})
    package = tmp_path / "p.zip"
    package.write_bytes(zip_bytes({"inner.zip": inner, "top.pdf": PDF + b" "}))
    listed = open_package(package)
    assert [(f.path, f.origin) for f in listed.files] == [("inner.zip/x.pdf", "p.zip!inner.zip!x.pdf"),
                                                          ("top.pdf", "p.zip!top.pdf")]
    assert listed.files[0].read_bytes() == PDF
    assert [f.evidence["reason"] for f in listed.findings] == ["nesting_too_deep"]
    assert listed.findings[0].severity == "warning"


def test_zip_inside_a_folder_is_listed_with_its_entries(tmp_path):
    write(tmp_path, "sub/scans.zip", zip_bytes({"a.pdf": PDF}))
    listed = open_package(tmp_path)
    assert [(f.path, f.origin) for f in listed.files] == [("sub/scans.zip/a.pdf", "sub/scans.zip!a.pdf")]
    assert listed.files[0].read_bytes() == PDF


def test_litter_is_ignored_silently(tmp_path):
    for name in ("Thumbs.db", ".DS_Store", "Desktop.ini", "~$制度.docx", "__MACOSX/x.pdf", "._a.pdf"):
        write(tmp_path, name, b"junk")
    write(tmp_path, "a.pdf", PDF)
    listed = open_package(tmp_path)
    assert [f.path for f in listed.files] == ["a.pdf"] and listed.findings == []


def test_empty_wrong_extension_and_duplicates(tmp_path):
    write(tmp_path, "empty.pdf", b"")
    write(tmp_path, "photo.pdf", jpeg_bytes())
    write(tmp_path, "a.pdf", PDF)
    write(tmp_path, "copy/a.pdf", PDF)
    listed = open_package(tmp_path)
    by_code = {f.code: f for f in listed.findings}
    assert codes(listed) == ["duplicate_file", "empty_file", "wrong_extension"]
    assert by_code["wrong_extension"].file == "photo.pdf" and by_code["wrong_extension"].found == "jpeg"
    assert by_code["duplicate_file"].file == "copy/a.pdf" and by_code["duplicate_file"].evidence["same_as"] == "a.pdf"
    assert next(f for f in listed.files if f.path == "photo.pdf").format == "jpeg"
    assert by_code["duplicate_file"].severity == "info"


def test_symlinks_are_reported_not_followed(tmp_path):
    outside = tmp_path / "outside"
    write(outside, "secret.pdf", PDF)
    package = tmp_path / "package"
    write(package, "a.pdf", PDF)
    (package / "link.pdf").symlink_to(outside / "secret.pdf")
    (package / "dir").symlink_to(outside)
    listed = open_package(package)
    assert [f.path for f in listed.files] == ["a.pdf"]
    assert sorted(f.file for f in listed.findings) == ["dir", "link.pdf"]
    assert {f.severity for f in listed.findings} == {"warning"}


def test_file_count_limit_gives_one_finding(tmp_path):
    for n in range(30):
        write(tmp_path, f"{n:02d}.txt", b"x%d" % n)
    listed = open_package(tmp_path, Limits(max_files=10))
    assert len(listed.files) == 10
    assert [f.evidence["reason"] for f in listed.findings] == ["too_many_files"]


@pytest.mark.parametrize("limits, reason", [
    (Limits(max_total_bytes=2500), "total_too_large"),
    (Limits(max_file_bytes=1500), "file_too_large"),
    (Limits(max_ratio=5, ratio_floor_bytes=100), "compression_ratio"),
])
def test_zip_size_limits(tmp_path, limits, reason):
    package = tmp_path / "p.zip"
    package.write_bytes(zip_bytes({"a.txt": b"a" * 1000, "b.txt": b"b" * 2000, "c.txt": b"c" * 1000}))
    listed = open_package(package, limits)
    assert reason in {f.evidence["reason"] for f in listed.findings}
    assert all(f.code == "unsafe_archive_entry" for f in listed.findings)


def test_folder_depth_limit(tmp_path):
    write(tmp_path, "a/b/c/d.pdf", PDF)
    listed = open_package(tmp_path, Limits(max_depth=2))
    assert listed.files == [] and [f.evidence["reason"] for f in listed.findings] == ["folder_too_deep"]


def test_duplicate_entry_names_keep_the_first(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.pdf", PDF)
        archive.writestr("./a.pdf", b"other")
    package = tmp_path / "p.zip"
    package.write_bytes(buffer.getvalue())
    listed = open_package(package)
    assert [f.read_bytes() for f in listed.files] == [PDF]
    assert [f.evidence["reason"] for f in listed.findings] == ["duplicate_entry"]


@pytest.mark.parametrize("make, words", [
    (lambda p: p / "missing", "no such file or folder"),
    (lambda p: write(p, "a.pdf", PDF) / "a.pdf", "a package is a folder or an archive"),
    (lambda p: write(p, "p.zip", b"PK\x03\x04" + b"\x00" * 100) / "p.zip", "not a readable zip"),
])
@pytest.mark.usefixtures("english")
def test_unusable_packages_raise_one_line_input_errors(tmp_path, make, words):
    with pytest.raises(InputError) as raised:
        open_package(make(tmp_path))
    assert words in str(raised.value) and "\n" not in str(raised.value)
    assert raised.value.exit_code == 4


def test_read_bytes_of_a_vanished_file_is_an_input_error(tmp_path):
    write(tmp_path, "a.pdf", PDF)
    listed = open_package(tmp_path)
    (tmp_path / "a.pdf").unlink()
    with pytest.raises(InputError):
        listed.files[0].read_bytes()


@pytest.mark.parametrize("limit, whole", [(10_000, True), (len(PDF) - 1, False)])
def test_a_file_that_grew_after_its_size_was_taken_is_read_to_the_limit(tmp_path, monkeypatch, limit, whole):
    from validator.intake import package_files

    write(tmp_path, "a.pdf", PDF)
    path = tmp_path / "a.pdf"
    real_fstat = os.fstat
    monkeypatch.setattr(package_files.os, "fstat",
                        lambda fd: os.stat_result((*real_fstat(fd)[:6], 5, *real_fstat(fd)[7:])))  # st_size 5
    if whole:
        assert package_files.read_regular_file(path, limit) == PDF
    else:
        with pytest.raises(OSError, match="grew"):
            package_files.read_regular_file(path, limit)


def test_listing_and_reading_leave_the_package_unchanged(tmp_path):
    write(tmp_path, "a.pdf", PDF)
    write(tmp_path, "sub/b.zip", zip_bytes({"c.pdf": PDF}))
    os.utime(tmp_path / "a.pdf", ns=(1_000_000_000, 1_000_000_000))
    before = snapshot(tmp_path)
    for pfile in open_package(tmp_path).files:
        pfile.read_bytes()
    assert snapshot(tmp_path) == before


def test_files_survive_pickling_for_worker_processes(tmp_path):
    import pickle
    write(tmp_path, "z.zip", zip_bytes({"a.pdf": PDF}))
    pfile = pickle.loads(pickle.dumps(open_package(tmp_path).files[0]))
    assert pfile.read_bytes() == PDF and pfile.format == "pdf"


def test_time_limit_interrupts_and_restores():
    with pytest.raises(TimeLimitExceeded):
        with time_limit(0.05):
            while True:
                pass
    with time_limit(5):
        pass
    with time_limit(None):
        pass


def test_default_limits_are_documented():
    import validator.intake.limits as module
    for name in Limits.__dataclass_fields__:
        assert name in module.__doc__


def test_non_utf8_names_do_not_crash(tmp_path):
    raw = os.path.join(os.fsencode(tmp_path), b"\xff\xfe.pdf")
    with open(raw, "wb") as stream:
        stream.write(PDF)
    listed = open_package(tmp_path)
    assert listed.files[0].path.encode("utf-8")
    assert listed.files[0].read_bytes() == PDF
    assert isinstance(Path(tmp_path), Path)
