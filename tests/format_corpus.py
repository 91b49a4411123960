"""Files in the formats offices send, generated from the synthetic certificates and office files.

OFD (GB/T 33190) parts are written by hand into a zip as the standard lays them out; .doc,
.wps, .xls and .et come from LibreOffice (tests that need them are slow); archives from
py7zr, tarfile and a minimal stored RAR 4 writer (no free tool writes RAR).
"""
from __future__ import annotations

import io
import struct
import tarfile
import zipfile
import zlib
from pathlib import Path
from typing import Iterable
from xml.sax.saxutils import escape

from hostile_corpus import zip_bytes
from samples.synth.render import PAGE_H, PAGE_W, PT_MM, layout

OFD_NS = "http://www.ofdspec.org/2016"


def _ofd_page(texts: Iterable[tuple[float, float, str, float]], images: Iterable[tuple[str, tuple]] = ()) -> str:
    """Content.xml of a page: (x mm, baseline y mm, text, size mm) text objects and (resource id, boundary) images."""
    objects = []
    for number, (x, y, text, size) in enumerate(texts, start=100):
        width = size * len(text)
        objects.append(f'<ofd:TextObject ID="{number}" Boundary="{x:.2f} {y - size:.2f} {width:.2f} {size * 1.4:.2f}" '
                       f'Font="2" Size="{size:.2f}"><ofd:TextCode X="0" Y="{size:.2f}">{escape(text)}'
                       '</ofd:TextCode></ofd:TextObject>')
    for resource, box in images:
        objects.append(f'<ofd:ImageObject ID="9{resource}" ResourceID="{resource}" '
                       f'Boundary="{" ".join(map(str, box))}" CTM="{box[2]} 0 0 {box[3]} 0 0"/>')
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{OFD_NS}"><ofd:Content>'
            f'<ofd:Layer ID="3">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>')


def ofd_bytes(pages: list[list[tuple[float, float, str, float]]], image: bytes | None = None) -> bytes:
    """An OFD document: OFD.xml → Doc_0/Document.xml → Doc_0/Pages/Page_N/Content.xml; with
    ``image`` (JPEG bytes), one more page that only shows that image (a scan)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{OFD_NS}" '
                         'Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>a1</ofd:DocID>'
                         '</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
        page_refs = []
        for index, texts in enumerate(pages):
            archive.writestr(f"Doc_0/Pages/Page_{index}/Content.xml", _ofd_page(texts))
            page_refs.append(f'<ofd:Page ID="{index + 10}" BaseLoc="Pages/Page_{index}/Content.xml"/>')
        resources = ""
        if image is not None:
            index = len(pages)
            archive.writestr(f"Doc_0/Pages/Page_{index}/Content.xml",
                             _ofd_page([], [("7", (0, 0, PAGE_W, PAGE_H))]))
            page_refs.append(f'<ofd:Page ID="{index + 10}" BaseLoc="Pages/Page_{index}/Content.xml"/>')
            archive.writestr("Doc_0/Res/image_7.jpg", image)
            archive.writestr("Doc_0/DocumentRes.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res '
                             f'xmlns:ofd="{OFD_NS}" BaseLoc="Res"><ofd:MultiMedias><ofd:MultiMedia ID="7" '
                             'Type="Image"><ofd:MediaFile>image_7.jpg</ofd:MediaFile></ofd:MultiMedia>'
                             '</ofd:MultiMedias></ofd:Res>')
            resources = "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>"
        archive.writestr("Doc_0/Document.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document '
                         f'xmlns:ofd="{OFD_NS}"><ofd:CommonData><ofd:MaxUnitID>999</ofd:MaxUnitID><ofd:PageArea>'
                         f'<ofd:PhysicalBox>0 0 {PAGE_W} {PAGE_H}</ofd:PhysicalBox></ofd:PageArea>{resources}'
                         f'</ofd:CommonData><ofd:Pages>{"".join(page_refs)}</ofd:Pages></ofd:Document>')
    return buffer.getvalue()


def certificate_ofd(cert, image: bytes | None = None) -> bytes:
    """A synthetic certificate laid out as its PDF is, as a one-page OFD."""
    return ofd_bytes([[(item.x, item.y, item.text, item.size * PT_MM) for item in layout(cert)]], image)


_DOS_TIME = (2024 - 1980) << 25 | 3 << 21 | 15 << 16  # 2024-03-15 00:00


def rar_bytes(members: dict[str, bytes], encoding: str = "utf-8", symlinks: tuple[str, ...] = ()) -> bytes:
    """A RAR 4 archive of stored (uncompressed) members (RAR 2.9 headers, host OS Unix); names in
    UTF-8 or (``encoding="gbk"``) as Chinese Windows WinRAR wrote them; members named in
    ``symlinks`` are symbolic links whose data is the target."""
    def block(kind: int, flags: int, body: bytes, extra: bytes = b"") -> bytes:
        header = struct.pack("<BHH", kind, flags, 7 + len(body)) + body
        return struct.pack("<H", zlib.crc32(header) & 0xFFFF) + header + extra

    out = [b"Rar!\x1a\x07\x00", block(0x73, 0, b"\x00" * 6)]
    for name, data in members.items():
        # flag 0x200: the name is UTF-8 (WinRAR 3+); without it, in the OEM code page (GBK)
        raw_name = name.encode(encoding)
        flags = 0x8000 | (0x200 if encoding == "utf-8" and not name.isascii() else 0)
        mode = 0o120777 if name in symlinks else 0o100644
        body = struct.pack("<IIBIIBBHI", len(data), len(data), 3, zlib.crc32(data), _DOS_TIME, 29, 0x30,
                           len(raw_name), mode) + raw_name
        out.append(block(0x74, flags, body, data))
    out.append(block(0x7B, 0x4000, b""))
    return b"".join(out)


def tar_bytes(members: dict[str, bytes], compression: str = "") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=f"w:{compression}") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def seven_zip_bytes(members: dict[str, bytes]) -> bytes:
    import py7zr

    buffer = io.BytesIO()
    with py7zr.SevenZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(data, name)
    return buffer.getvalue()


def mp4_bytes() -> bytes:
    """The head of an MP4 file: an ftyp box (brand isom) and an empty mdat box."""
    ftyp = b"ftypisom" + b"\x00\x00\x02\x00" + b"isomiso2avc1mp41"
    return struct.pack(">I", 8 + len(ftyp)) + ftyp + struct.pack(">I", 16) + b"mdat" + b"\x00" * 8


def libreoffice_convert(sources: list[Path], target: str) -> list[Path]:
    """.docx → .doc ("doc:MS Word 97"), .xlsx → .xls ("xls:MS Excel 97") next to the sources."""
    from validator.readers import libreoffice

    return libreoffice.convert(sources, target, sources[0].parent)


def strip_to_unicode(pdf: Path) -> bytes:
    """The PDF with every font's ToUnicode map removed: what government systems and old printers
    write (CID fonts whose text layer pdfium cannot map back to characters)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter()
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font.get_object().pop(NameObject("/ToUnicode"), None)
        writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def scan_with_ocr_layer(image, layer: Iterable[tuple[float, float, str, float]], path: Path,
                        visible: bool = False) -> Path:
    """A one-page A4 PDF showing ``image`` (a PIL scan) under a text layer of (x mm, baseline y mm,
    text, size pt) written in render mode 3 (invisible), as a scanner's OCR writes it;
    ``visible=True`` draws the same text visibly (a near miss: a text PDF with a picture)."""
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from samples.synth.fonts import register_reportlab_font

    font = register_reportlab_font()
    pdf = canvas.Canvas(str(path), pagesize=(PAGE_W * mm, PAGE_H * mm))
    if visible:
        pdf.drawImage(ImageReader(image), 150 * mm, 250 * mm, 40 * mm, 30 * mm)
    else:
        pdf.drawImage(ImageReader(image), 0, 0, PAGE_W * mm, PAGE_H * mm)
    for x, y, text, size in layer:
        item = pdf.beginText(x * mm, (PAGE_H - y) * mm)
        item.setFont(font, size)
        item.setTextRenderMode(0 if visible else 3)
        item.textOut(text)
        pdf.drawText(item)
    pdf.showPage()
    pdf.save()
    return path


def certificate_layer(cert) -> list[tuple[float, float, str, float]]:
    return [(item.x, item.y, item.text, item.size) for item in layout(cert)]


def pdf_to_ofd(pdf: bytes) -> bytes:
    """The same pages as OFD: every text run of the PDF (pdfium's rectangles) as a TextObject at the
    same place, as an office's "print to OFD" writes it."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    pages = []
    try:
        for page in document:
            textpage = page.get_textpage()
            height = page.get_height()
            runs = []
            for index in range(textpage.count_rects()):
                left, bottom, right, top = textpage.get_rect(index)
                text = textpage.get_text_bounded(left, bottom, right, top).strip()
                if text:
                    size = (top - bottom) * PT_MM
                    runs.append((left * PT_MM, (height - bottom) * PT_MM, text, size))
            pages.append(runs)
            textpage.close()
    finally:
        document.close()
    return ofd_bytes(pages)


def archive_folder(folder: Path, kind: str, out: Path) -> Path:
    """``folder``'s files (one level of sub-folders) as a 7z, rar, tar.gz or zip package at ``out``."""
    members = {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}
    makers = {"7z": seven_zip_bytes, "rar": rar_bytes, "tar.gz": lambda m: tar_bytes(m, "gz"), "zip": zip_bytes}
    out.write_bytes(makers[kind](members))
    return out


def rtf_bytes(lines: Iterable[str]) -> bytes:
    """An RTF document, one paragraph a line, Chinese as \\uN? escapes (what systems export as .doc)."""
    def escaped(text: str) -> str:
        return "".join(ch if ord(ch) < 128 and ch not in "\\{}" else f"\\u{ord(ch) - 65536 if ord(ch) > 32767 else ord(ch)}?"
                       for ch in text)

    body = "".join(f"{{\\pard {escaped(line)}\\par}}\n" for line in lines)
    return ("{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil SimSun;}}\n" + body + "}").encode("ascii")
