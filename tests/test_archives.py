"""Packages and nested archives as 7z, rar and tar(.gz) besides zip: the same listing, the same guards."""
from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from format_corpus import certificate_ofd, rar_bytes, seven_zip_bytes, tar_bytes
from hostile_corpus import zip_bytes
from samples.synth.certificates import make
from validator.errors import InputError
from validator.intake.limits import Limits
from validator.intake.package import open_package

PDF = b"%PDF-1.4\n% a small pdf\n" + b"0" * 300
TEXT = "本机构基本情况说明".encode("gb18030")
MEMBERS = {"营业执照.pdf": PDF, "docs/说明.txt": TEXT}
MAKERS = {
    "7z": seven_zip_bytes,
    "rar": rar_bytes,
    "tar": tar_bytes,
    "tar.gz": lambda members: tar_bytes(members, "gz"),
    "tar.xz": lambda members: tar_bytes(members, "xz"),
}


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _listing(package) -> list[tuple[str, str, bytes]]:
    return [(f.path, f.format, f.read_bytes()) for f in package.files]


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_archive_as_the_package(tmp_path, kind):
    package = open_package(_write(tmp_path, f"申报材料.{kind}", MAKERS[kind](MEMBERS)))
    assert _listing(package) == [("docs/说明.txt", "text", TEXT), ("营业执照.pdf", "pdf", PDF)]
    assert package.findings == [] and package.files[0].origin == f"申报材料.{kind}!docs/说明.txt"


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_archive_inside_a_folder_and_inside_azip_bytes(tmp_path, kind):
    inner = MAKERS[kind](MEMBERS)
    folder = tmp_path / "pkg"
    _write(folder, f"附件.{kind}", inner)
    assert [path for path, _, _ in _listing(open_package(folder))] == [f"附件.{kind}/docs/说明.txt",
                                                                      f"附件.{kind}/营业执照.pdf"]
    outer = open_package(_write(tmp_path, "outer.zip", zip_bytes({f"附件.{kind}": inner})))
    assert _listing(outer) == [(f"附件.{kind}/docs/说明.txt", "text", TEXT), (f"附件.{kind}/营业执照.pdf", "pdf", PDF)]


def test_gbk_names_of_rar_and_tar(tmp_path):
    rar = open_package(_write(tmp_path, "a.rar", rar_bytes(MEMBERS, encoding="gbk")))
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT, encoding="gbk") as archive:
        info = tarfile.TarInfo("营业执照.pdf")
        info.size = len(PDF)
        archive.addfile(info, io.BytesIO(PDF))
    tar = open_package(_write(tmp_path, "a.tar", buffer.getvalue()))
    assert [f.path for f in rar.files] == ["docs/说明.txt", "营业执照.pdf"]
    assert [f.path for f in tar.files] == ["营业执照.pdf"]


@pytest.mark.parametrize("kind", ["rar", "tar", "tar.gz"])  # py7zr refuses to write such names
def test_escaping_entries_are_refused(tmp_path, kind):
    package = open_package(_write(tmp_path, f"p.{kind}", MAKERS[kind]({"../evil.pdf": PDF, "/etc/x.pdf": PDF,
                                                                       "ok.pdf": PDF})))
    assert [f.path for f in package.files] == ["ok.pdf"]
    assert sorted(f.evidence["reason"] for f in package.findings) == ["absolute_path", "path_traversal"]


def test_tar_links_and_devices_are_not_followed(tmp_path):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, kind in (("soft.pdf", tarfile.SYMTYPE), ("hard.pdf", tarfile.LNKTYPE), ("dev", tarfile.CHRTYPE)):
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, "/etc/passwd"
            archive.addfile(info)
        info = tarfile.TarInfo("ok.pdf")
        info.size = len(PDF)
        archive.addfile(info, io.BytesIO(PDF))
    package = open_package(_write(tmp_path, "p.tar", buffer.getvalue()))
    assert [f.path for f in package.files] == ["ok.pdf"]
    assert sorted((f.file, f.evidence["reason"], f.severity) for f in package.findings) == [
        ("dev", "special_file", "error"), ("hard.pdf", "hardlink", "warning"), ("soft.pdf", "symlink", "warning")]


def test_rar_links_are_not_followed(tmp_path):
    package = open_package(_write(tmp_path, "p.rar", rar_bytes({"link.pdf": b"/etc/passwd", "ok.pdf": PDF},
                                                               symlinks=("link.pdf",))))
    assert [f.path for f in package.files] == ["ok.pdf"]
    assert [(f.file, f.evidence["reason"]) for f in package.findings] == [("link.pdf", "symlink")]


@pytest.mark.parametrize("kind", ["7z", "tar.gz", "rar"])
def test_count_size_and_ratio_limits(tmp_path, kind):
    many = {f"{index}.pdf": PDF + bytes([index]) for index in range(5)}
    listed = open_package(_write(tmp_path, f"many.{kind}", MAKERS[kind](many)), Limits(max_files=3))
    assert len(listed.files) == 3 and [f.evidence["reason"] for f in listed.findings] == ["too_many_files"]
    total = open_package(_write(tmp_path, f"total.{kind}", MAKERS[kind](many)), Limits(max_total_bytes=len(PDF) * 2 + 5))
    assert len(total.files) == 2 and [f.evidence["reason"] for f in total.findings] == ["total_too_large"]
    if kind != "rar":  # the RAR writer only stores; the others compress 4 MiB of zeros to a few KB
        bomb = open_package(_write(tmp_path, f"bomb.{kind}", MAKERS[kind]({"zeros.pdf": b"\0" * (4 << 20), "ok.pdf": PDF})))
        assert [f.path for f in bomb.files] == ["ok.pdf"]
        assert [f.evidence["reason"] for f in bomb.findings] == ["compression_ratio"]


def test_one_level_of_nesting(tmp_path):
    innermost = seven_zip_bytes(MEMBERS)
    middle = tar_bytes({"inner.7z": innermost, "a.pdf": PDF})
    package = open_package(_write(tmp_path, "outer.rar", rar_bytes({"middle.tar": middle})))
    assert [f.path for f in package.files] == ["middle.tar/a.pdf"]
    assert [(f.file, f.evidence["reason"]) for f in package.findings] == [("middle.tar/inner.7z", "nesting_too_deep")]


def test_encrypted_and_damaged_archives(tmp_path):
    import py7zr

    buffer = io.BytesIO()
    with py7zr.SevenZipFile(buffer, "w", password="secret") as archive:
        archive.writestr(PDF, "a.pdf")
    locked, damaged = buffer.getvalue(), seven_zip_bytes(MEMBERS)[:40]
    for name, data in (("locked.7z", locked), ("damaged.7z", damaged)):
        with pytest.raises(InputError) as raised:
            open_package(_write(tmp_path, name, data))
        assert "\n" not in str(raised.value)
    truncated = open_package(_write(tmp_path, "truncated.rar", rar_bytes({"a.pdf": PDF})[:-10]))
    assert truncated.files == [] and [(f.file, f.code) for f in truncated.findings] == [("a.pdf", "unreadable_file")]
    folder = tmp_path / "pkg"
    _write(folder, "locked.7z", locked)
    _write(folder, "damaged.7z", damaged)
    findings = open_package(folder).findings
    assert sorted((f.file, f.code) for f in findings) == [("damaged.7z", "unreadable_file"),
                                                          ("locked.7z", "encrypted_file")]


def test_ofd_inside_a_package_is_a_document_not_an_archive(tmp_path):
    ofd = certificate_ofd(make("business_license", 1))
    package = open_package(_write(tmp_path, "p.7z", seven_zip_bytes({"电子营业执照.ofd": ofd})))
    assert [(f.path, f.format) for f in package.files] == [("电子营业执照.ofd", "ofd")]
    assert package.files[0].read_bytes() == ofd and package.findings == []
