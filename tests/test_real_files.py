"""Public files made by other software (tests/real_files/, PROVENANCE.md there) and equivalents of
those that cannot be kept (tests/office_oddities.py), through the real readers and package listing:
every failure of docs/audits/real-files.md that was fixed stays fixed."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from hostile_corpus import zip_bytes
from office_oddities import docx_with_boxes, docx_with_template, transparent_png, zip_with_unicode_path_field
from validator.cli import main
from validator.errors import InputError
from validator.intake.package import open_package
from validator.readers import file_from_path, read_file
from validator.report.messages import message

HERE = Path(__file__).parent / "real_files"


def _read(path: Path, ocr: bool = False):
    """What the reader gave and its findings, but for the note that OCR was off (images, --no-ocr)."""
    read, findings = read_file(file_from_path(path), ocr=ocr)
    findings = [f for f in findings if f.evidence.get("reason") != "ocr_disabled"]
    return read, [f.code for f in findings], findings


def _dingdian(capsys, *args: str) -> tuple[int, str]:
    """The command as the console script runs it (exit code, stderr), in Chinese."""
    with pytest.raises(SystemExit) as done:
        main(["--lang", "zh", *args])
    return done.value.code, capsys.readouterr().err


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- Word: content controls, text boxes, frames, Strict OOXML, templates (audit A1, A2, B1, B2)

def test_content_controls_are_read():
    read, codes, _ = _read(HERE / "d2p_ControlTest.docx")
    assert read.text == "This is a test\nFor a content control or content container in word." and codes == []


def test_text_boxes_frames_and_controls_read_once_in_document_order(tmp_path):
    read, codes, _ = _read(_write(tmp_path, "简历.docx", docx_with_boxes()))
    assert read.text.split("\n") == ["个人简历", "姓名：张三", "执业药师注册证编号：12345", "框架中的文字",
                                     "单位名称：威海市某某诊所", "法定代表人：李四", "医保", "执业地点\t威海市环翠区"]
    assert read.tables[0].rows == [["执业地点", "威海市环翠区"]] and codes == []


def test_strict_ooxml_is_read():
    read, codes, _ = _read(HERE / "d2p_strict.docx")
    assert read.text.split("\n") == ["Bullet1", "Bullet2", "Number1", "Number2", "Cellaa\tCellab", "Cellba\tCellbb"]
    assert codes == []


@pytest.mark.parametrize("target", [r"file:///C:\Users\someone\Templates\Report%20(Executive%20design).dotx",
                                    "Normal.dotm", "file:///home/someone/模板.dotx"])
def test_a_local_template_is_named_never_fetched_never_fatal(tmp_path, target):
    read, codes, _ = _read(_write(tmp_path, "手册.docx", docx_with_template(target)))
    assert read.text == "EHS Manual" and codes == []


@pytest.mark.parametrize("target", ["http://203.0.113.1/t.dotm", r"\\203.0.113.1\share\t.dotm",
                                    "file://203.0.113.1/share/t.dotm"])
def test_a_remote_template_is_still_refused(tmp_path, target):
    _, codes, findings = _read(_write(tmp_path, "手册.docx", docx_with_template(target)))
    assert codes == ["unreadable_file"] and "attachedTemplate" in findings[0].evidence["reason"]


def test_a_microsoft_works_file_is_sniffed_as_works_not_as_an_unknown_ole_file():
    from validator.intake.sniff import sniff

    assert sniff((HERE / "poi_ShortLastBlock.wps").read_bytes()) == "works"


@pytest.mark.slow
def test_a_microsoft_works_file_is_read_through_libreoffice():
    read, codes, _ = _read(HERE / "poi_ShortLastBlock.wps")
    assert read.reader == "libreoffice" and "Define Data Mapping and Transform Rules" in read.text and codes == []


# --- PDF with GBK-coded CJK fonts (audit A3)

@pytest.mark.parametrize("name, expected, doubled", [
    ("pdfjs_SimFang-variant.pdf", "全 世 界 无 产 者 ，联 合 起 来 A", "世  世"),
    ("pdfjs_XiaoBiaoSong.pdf", "关 于 红军 作战 的 原 则", "于  于"),
])
def test_gbk_font_pdfs_read_without_doubled_characters(name, expected, doubled):
    read, codes, _ = _read(HERE / name)
    assert expected in read.text and doubled not in read.text and codes == []
    assert [page.source for page in read.pages] == ["text"]


@pytest.mark.slow
def test_a_page_neither_the_layer_nor_ocr_reads_is_reported():
    read, codes, findings = _read(HERE / "pdfminer_issue-791-non-unicode-cmap.pdf", ocr=True)
    assert codes == ["could_not_verify"] and findings[0].evidence["reason"] == "text_layer_untrusted"
    assert "文字识别也未读出文字" in message(findings[0])


# --- images: transparency, size (audit A4, B4, F1, F3, F4)

@pytest.mark.parametrize("name, ink, background", [("black_font_color_transparent.png", 0, 255),
                                                   ("white_font_color_transparent.png", 255, 0)])
def test_transparent_pngs_are_laid_on_a_background_their_ink_stands_out_from(name, ink, background):
    from validator.readers.image import open_frames

    [frame] = open_frames((HERE / name).read_bytes(), 10**8)
    colours = {colour for _, colour in frame.getcolors(maxcolors=1 << 20)}
    assert frame.mode == "RGB" and frame.getpixel((0, 0)) == (background,) * 3 and (ink,) * 3 in colours


@pytest.mark.parametrize("ink, background", [("black", (255, 255, 255)), ("white", (0, 0, 0))])
def test_generated_transparent_text_gets_a_contrasting_background(ink, background):
    from validator.readers.image import open_frames

    [frame] = open_frames(transparent_png("医疗机构执业许可证", ink), 10**8)
    assert frame.getpixel((5, 5)) == background


def test_an_opaque_rgba_image_is_unchanged():
    from PIL import Image

    from validator.readers.image import on_background

    image = Image.new("RGBA", (4, 4), (10, 20, 30, 255))
    assert on_background(image).getpixel((1, 1)) == (10, 20, 30)


def test_large_photos_are_decoded_at_the_size_ocr_reads(tmp_path):
    from PIL import Image

    from validator.readers.image import DECODE_SIDE, open_frames

    buffer = io.BytesIO()
    Image.new("RGB", (9000, 6000), "white").save(buffer, "JPEG")
    [frame] = open_frames(buffer.getvalue(), max_pixels=20_000_000)  # decoded by libjpeg at 1/2: 13.5 M pixels
    assert max(frame.size) <= DECODE_SIDE and frame.size[0] / frame.size[1] == pytest.approx(1.5, rel=0.01)
    png = io.BytesIO()
    Image.new("L", (5000, 3000), 255).save(png, "PNG")
    [frame] = open_frames(png.getvalue(), max_pixels=20_000_000)
    assert frame.size == (DECODE_SIDE, 2400)
    read, codes, findings = _read(_write(tmp_path, "big.png", png.getvalue()))
    assert codes == [] and read.pages[0].width == DECODE_SIDE


def test_multi_image_heic_gives_a_page_per_image():
    read, codes, _ = _read(HERE / "zPug_3.heic")
    assert len(read.pages) == 3 and codes == [] and read.is_scan


@pytest.mark.parametrize("name", ["corrupted.heic", "truncated.heic"])
def test_damaged_heic_is_refused_in_one_clean_line(name):
    _, codes, findings = _read(HERE / name)
    reason = findings[0].evidence["reason"]
    assert codes == ["unreadable_file"] and "object at 0x" not in reason and "\n" not in reason


def test_an_empty_file_is_empty_file_alone(capsys):
    _, codes, _ = _read(HERE / "empty.heic")
    assert codes == ["empty_file"]
    code, error = _dingdian(capsys, "extract", str(HERE / "empty.heic"))
    assert code == 4 and "空文件（0字节）" in error and "无法读取此格式" not in error


# --- OFD with a missing resource file (audit B3)

def test_ofd_without_its_public_resources_is_read_as_far_as_it_goes():
    read, codes, findings = _read(HERE / "V4RideRight.ofd")
    assert len(read.pages) == 5 and codes == ["could_not_verify"]
    assert findings[0].evidence["reason"] == "ofd_parts_missing" and "PublicRes.xml" in message(findings[0])
    read, codes, _ = _read(HERE / "helloworld.ofd")
    assert read.text == "你好呀，OFD Reader&Writer！" and codes == []


# --- archives (audit D1–D5, E1–E3, F1, F2, and the damaged archive inside a package)

def _listed(path: Path):
    package = open_package(path)
    return {f.path: f.read_bytes() for f in package.files}, package.findings


def test_zstd_7z_with_several_frames_is_read():
    files, findings = _listed(HERE / "7zip_zstd.7z")
    assert sorted(files) == ["dir1/file1", "file2", "file3", "file4"] and findings == []
    assert [len(files[name]) for name in sorted(files)] == [13, 26, 39, 52]


def test_unicode_path_fields_name_the_entries_and_they_are_read(tmp_path):
    files, findings = _listed(HERE / "zip_7075_utf8_paths.zip")
    assert sorted(files) == ["File 1.txt", "File 2 - ö.txt", "File 3 - ä.txt", "File 4 - å.txt"]
    assert {f.code for f in findings} == {"duplicate_file"}  # the four hold the same text
    files, findings = _listed(_write(tmp_path, "pkg.zip", zip_with_unicode_path_field(
        {"营业执照.pdf": b"%PDF-1.4 a", "名册 ö.txt": b"b"})))
    assert files == {"营业执照.pdf": b"%PDF-1.4 a", "名册 ö.txt": b"b"}


def test_msdos_folders_without_a_slash_are_folders():
    files, findings = _listed(HERE / "zip_msdos.zip")
    assert sorted(files) == ["abc", "def/foo"]
    assert sorted((f.code, f.file) for f in findings) == [("empty_file", "abc"), ("empty_file", "def/foo")]


def test_pax_names_are_utf8_and_libarchives_two_equal_names_stay_equal():
    files, findings = _listed(HERE / "pax_filename_encoding.tar")
    assert list(files) == ["abčmno\ufffdxyz"]
    assert [(f.code, f.evidence["reason"]) for f in findings] == [("unsafe_archive_entry", "duplicate_entry")]


def test_rar3_utf8_names_without_the_unicode_flag():
    files, _ = _listed(HERE / "unicode.rar")
    assert sorted(files) == ["уииоотивл.txt", "𝐀𝐁𝐁𝐂.txt"]


def test_rar5_file_copies_are_read():
    files, findings = _listed(HERE / "rar5-dups.rar")
    assert len(files) == 9 and len(set(files.values())) == 1
    assert {f.code for f in findings} == {"duplicate_file"}


def test_split_rar_is_read_with_all_volumes_and_names_the_missing_one(tmp_path):
    whole, alone = tmp_path / "whole", tmp_path / "alone"
    whole.mkdir()
    alone.mkdir()
    for part in (1, 2, 3):
        shutil.copy(HERE / f"rar5-vols.part{part}.rar", whole)
    shutil.copy(HERE / "rar5-vols.part1.rar", alone)
    files, findings = _listed(whole)
    assert sorted(files) == ["rar5-vols.part1.rar/vols/bigfile.txt", "rar5-vols.part1.rar/vols/smallfile.txt"]
    assert findings == [] and len(files["rar5-vols.part1.rar/vols/bigfile.txt"]) == 205000
    files, findings = _listed(alone)
    assert [(f.code, f.evidence["reason"], f.evidence["volume"]) for f in findings] == [
        ("archive_member_unreadable", "volume_missing", "rar5-vols.part2.rar")]
    assert "缺少分卷“rar5-vols.part2.rar”" in message(findings[0])
    (alone / "rar5-vols.part1.rar").unlink()
    shutil.copy(HERE / "rar5-vols.part2.rar", alone)
    assert [f.evidence["reason"] for f in _listed(alone)[1]] == ["later_volume"]


def test_rar15_entry_no_free_decoder_reads_is_not_called_damaged():
    files, findings = _listed(HERE / "rar15-comment.rar")
    assert list(files) == ["FILE2.TXT"]
    assert [(f.code, f.file, f.evidence.get("method")) for f in findings] == [
        ("archive_member_unreadable", "FILE1.TXT", "RAR 1.5")]
    assert "文件本身未必损坏" in message(findings[0]) and "文件损坏或无法读取" not in message(findings[0])


def test_an_entry_in_a_method_nothing_decodes_is_named_with_its_method(monkeypatch):
    from py7zr.exceptions import UnsupportedCompressionMethodError

    def lz4(*args, **kwargs):
        raise UnsupportedCompressionMethodError(b"\x04\xf7\x11\x04", "Archive is compressed by an unsupported algorithm LZ4.")

    monkeypatch.setattr("py7zr.SevenZipFile.extract", lz4)
    files, findings = _listed(HERE / "7zip_zstd.7z")
    assert files == {} and {(f.code, f.evidence["method"]) for f in findings} == {("archive_member_unreadable", "LZ4")}


@pytest.mark.parametrize("name", ["rar5-hpsw.rar", "7zip_encryption_header.7z"])
def test_encrypted_archives_are_called_encrypted_in_chinese(name, capsys):
    with pytest.raises(InputError, match="压缩包已加密"):
        open_package(HERE / name)
    code, error = _dingdian(capsys, "check", str(HERE / name), "--city", "weihai", "--kind", "clinic",
                            "--scheme", "pooled", "--as-of", "2026-11-23")
    assert code == 4 and "压缩包已加密（有密码）" in error and "encrypted" not in error


def test_a_damaged_archive_inside_a_package_is_reported(tmp_path):
    garbage = b"Rar!\x1a\x07\x01\x00" + bytes(range(256)) * 2
    files, findings = _listed(_write(tmp_path, "pkg.zip", zip_bytes({"营业执照.rar": garbage, "a.txt": b"x"})))
    assert list(files) == ["a.txt"] and [(f.code, f.file) for f in findings] == [("unreadable_file", "营业执照.rar")]
    folder = tmp_path / "folder"
    folder.mkdir()
    _write(folder, "营业执照.rar", garbage)
    assert [(f.code, f.file) for f in _listed(folder)[1]] == [("unreadable_file", "营业执照.rar")]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["black_font_color_transparent.png", "white_font_color_transparent.png"])
def test_transparent_pngs_are_read_by_ocr(name):
    read, codes, _ = _read(HERE / name, ocr=True)
    assert read.text == "我是中国人" and codes == []


@pytest.mark.parametrize("codec", ["FILTER_ZSTD", "FILTER_BROTLI", "FILTER_PPMD"])
def test_7z_codecs_beyond_lzma_are_read(tmp_path, codec):
    import py7zr

    path = tmp_path / "pkg.7z"
    with py7zr.SevenZipFile(path, "w", filters=[{"id": getattr(py7zr, codec)}]) as archive:
        archive.writestr("营业执照 统一社会信用代码".encode() * 50, "营业执照.txt")
    files, findings = _listed(path)
    assert files == {"营业执照.txt": "营业执照 统一社会信用代码".encode() * 50} and findings == []
