"""The corpus of shipped sample packages converted into the formats offices send, read back.

For every conversion, the material is found by content (same document type, classified by
content), its key fields equal the profile's, and the verdict and every material's status equal
those of the unconverted package. Taiyuan's complete sample (text PDFs and .docx, no OCR) runs
in the fast suite; the conversions that need LibreOffice or OCR run in the slow one.
"""
from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from format_corpus import archive_folder, libreoffice_convert, mp4_bytes, pdf_to_ofd, strip_to_unicode
from validator.check.pipeline import run_check
from validator.rules.context import CheckOptions

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "packages"
AS_OF = date(2026, 11, 23)
KEY_FIELDS = ("institution_name", "uscc", "legal_representative", "registration_number", "address")


def _check(package: Path, ocr: bool = False):
    return run_check(CheckOptions(package=package, as_of=AS_OF, ocr=ocr))


def _stem(path: str) -> str:
    return Path(path).name.split(".")[0]


def _assert_same(original, converted, profile: dict, renamed: dict[str, str]) -> None:
    """Same verdict and statuses; every document of a converted file has the original's type, was
    classified by content, and its key fields equal the profile's."""
    assert converted.verdict == original.verdict, [f"{f.code} {f.file}" for f in converted.findings if f.is_error]
    assert {m.material: m.status for m in converted.materials} == {m.material: m.status for m in original.materials}
    before = {_stem(d["file"]): d for d in original.to_dict()["documents"]}
    after = {_stem(d["file"]): d for d in converted.to_dict()["documents"]}
    for stem, new_name in renamed.items():
        document = after[stem]
        assert Path(document["file"]).name.endswith(new_name), document["file"]
        assert (document["document_type"], document["classified_by"]) == (before[stem]["document_type"], "content")
        for key in KEY_FIELDS:
            if key in before[stem]["fields"] and key in profile:
                assert document["fields"][key]["value"] == profile[key], (stem, key)


def _copy(sample: str, tmp_path: Path) -> tuple[Path, dict]:
    package = tmp_path / sample
    shutil.copytree(SAMPLES / sample, package)
    return package, yaml.safe_load((package / "profile.yaml").read_text(encoding="utf-8"))


def _convert(package: Path, suffix: str, new_suffix: str, convert) -> dict[str, str]:
    renamed = {}
    for path in sorted(package.glob(f"*{suffix}")):
        data = convert(path)
        path.unlink()
        path.with_suffix(new_suffix).write_bytes(data)
        renamed[_stem(path.name)] = path.stem + new_suffix
    return renamed


@pytest.fixture(scope="module")
def taiyuan():
    return _check(SAMPLES / "taiyuan-clinic-complete")


def test_pdfs_as_ofd(tmp_path, taiyuan):
    package, profile = _copy("taiyuan-clinic-complete", tmp_path)
    renamed = _convert(package, ".pdf", ".ofd", lambda path: pdf_to_ofd(path.read_bytes()))
    assert len(renamed) == 7
    _assert_same(taiyuan, _check(package), profile, renamed)


@pytest.mark.parametrize("kind", ["7z", "rar", "tar.gz", "zip"])
def test_package_as_an_archive(tmp_path, taiyuan, kind):
    package, profile = _copy("taiyuan-clinic-complete", tmp_path)
    archived = archive_folder(package, kind, tmp_path / f"申报材料.{kind}")
    converted = _check(archived)
    renamed = {_stem(path.name): path.name for path in package.iterdir() if path.name != "profile.yaml"}
    _assert_same(taiyuan, converted, profile, renamed)
    assert len(converted.inputs) == len(taiyuan.inputs)


def test_nested_archive_of_ofd_files(tmp_path, taiyuan):
    """The licences as OFD in a 7z inside the package folder (how an agency's system exports them)."""
    package, profile = _copy("taiyuan-clinic-complete", tmp_path)
    renamed = _convert(package, ".pdf", ".ofd", lambda path: pdf_to_ofd(path.read_bytes()))
    inner = package / "证照"
    inner.mkdir()
    for name in renamed.values():
        (package / name).rename(inner / name)
    archive_folder(inner, "7z", package / "证照.7z")
    shutil.rmtree(inner)
    _assert_same(taiyuan, _check(package), profile, renamed)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_harbin_in_every_office_and_photo_format(tmp_path):
    """Harbin's complete sample with .doc/.wps, .xls/.et, a HEIC photo, PDFs without ToUnicode
    maps and the acceptance recording (.mp4), packed as a .rar: read by content, same verdict."""
    from pillow_heif import register_heif_opener

    register_heif_opener()
    original = _check(SAMPLES / "harbin-clinic-complete", ocr=True)
    package, profile = _copy("harbin-clinic-complete", tmp_path)
    docx_files = sorted(package.glob("*.docx"))
    renamed = {}
    for index, doc in enumerate(libreoffice_convert(docx_files, "doc:MS Word 97")):
        target = doc.with_suffix(".wps" if index % 2 else ".doc")  # half of them as WPS writes them
        doc.rename(target)
        renamed[_stem(target.name)] = target.name
    for path in docx_files:
        path.unlink()
    for sheet in libreoffice_convert(sorted(package.glob("*.xlsx")), "xls:MS Excel 97"):
        sheet.rename(sheet.with_suffix(".et"))
        renamed[_stem(sheet.name)] = sheet.stem + ".et"
    for path in package.glob("*.xlsx"):
        path.unlink()
    renamed |= _convert(package, ".jpg", ".heic", _heic)
    renamed |= _convert(package, ".pdf", ".pdf", strip_to_unicode)
    (package / "验收录像.mp4").write_bytes(mp4_bytes())
    converted = _check(archive_folder(package, "rar", tmp_path / "哈尔滨申报材料.rar"), ocr=True)
    _assert_same(original, converted, profile, renamed)
    assert "验收录像.mp4" in [i["file"] for i in converted.inputs]


def _heic(path: Path) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.open(path).save(buffer, "HEIF", quality=90)
    return buffer.getvalue()
