"""A file's real format from its first bytes (magic numbers), not from its name.

Applicants rename files freely (a phone photo saved as ``营业执照.pdf``), so every
reader is chosen by :func:`sniff`; :func:`expected_format` gives what the
extension promises, and the package lister reports the difference as
``wrong_extension``.

Zip-based Office files are told apart by ``[Content_Types].xml`` (or, when the
central directory is damaged, by the part names in the local headers) without
extracting anything else; a zip with ``OFD.xml`` at its root is an OFD document
(GB/T 33190), not an archive. OLE2 compound files (legacy .doc/.xls, and WPS's
.wps/.et, which are the same containers) are told apart by their stream names; a
compound file that names neither is ``"ole"``. Archives other than zip (7z, rar,
tar, and tar compressed with gzip, bzip2 or xz) and videos (an ISO media ``ftyp``
box that is not a HEIC photo, QuickTime atoms, AVI, Matroska/WebM, ASF, FLV, MPEG)
are told by their magic numbers.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import BinaryIO

# The head of a file that is enough to sniff every non-zip format.
HEAD_BYTES = 8192
# [Content_Types].xml is a few KB; a larger one is not read for sniffing.
_MAX_CONTENT_TYPES = 1 << 20

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# How far into a damaged zip local headers are scanned for part names.
_LOCAL_SCAN = 1 << 16
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
_SEVEN_ZIP = b"7z\xbc\xaf\x27\x1c"
_RAR = (b"Rar!\x1a\x07\x00", b"Rar!\x1a\x07\x01\x00")
# Compressed tar: magic -> decompressor of a stream's head (wbits 31: gzip)
_COMPRESSED = {b"\x1f\x8b": "gzip", b"BZh": "bz2", b"\xfd7zXZ\x00": "xz"}
# An HTML page (what many systems save as .doc): a doctype or <html> first, after a BOM, blanks,
# an XML declaration or comments.
_HTML = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]",
                   re.IGNORECASE | re.DOTALL)
_QUICKTIME_ATOMS = {b"moov", b"mdat", b"wide"}
_VIDEO_MAGIC = (b"\x1a\x45\xdf\xa3", b"\x30\x26\xb2\x75\x8e\x66\xcf\x11", b"FLV\x01", b"\x00\x00\x01\xba",
                b"\x00\x00\x01\xb3")
_LOCAL_HEADER = re.compile(rb"PK\x03\x04.{22}(..)..", re.DOTALL)

# main content type -> format (macro-enabled and template variants included)
_CONTENT_TYPES = (
    (b"spreadsheetml.sheet.macroenabled", "xlsm"),
    (b"ms-excel.sheet.macroenabled", "xlsm"),
    (b"spreadsheetml.sheet.main", "xlsx"),
    (b"spreadsheetml.template.main", "xlsx"),
    (b"wordprocessingml.document.main", "docx"),
    (b"ms-word.document.macroenabled", "docx"),
    (b"wordprocessingml.template.main", "docx"),
    (b"presentationml", "pptx"),
)

_EXTENSIONS = {
    "pdf": "pdf", "jpg": "jpeg", "jpeg": "jpeg", "jpe": "jpeg", "jfif": "jpeg", "png": "png",
    "tif": "tiff", "tiff": "tiff", "bmp": "bmp", "gif": "gif", "webp": "webp", "heic": "heic",
    "heif": "heic", "docx": "docx", "docm": "docx", "dotx": "docx", "xlsx": "xlsx", "xltx": "xlsx",
    "xlsm": "xlsm", "pptx": "pptx", "zip": "zip", "doc": "doc", "xls": "xls", "txt": "text",
    "csv": "text", "md": "text", "yaml": "text", "yml": "text", "json": "text", "xml": "text",
    "htm": "html", "html": "html", "rtf": "rtf", "wps": "doc", "et": "xls", "ofd": "ofd", "7z": "7z", "rar": "rar",
    "tar": "tar", "gz": "tar", "tgz": "tar", "bz2": "tar", "tbz2": "tar", "xz": "tar", "txz": "tar",
    **{video: "video" for video in ("mp4", "m4v", "mov", "qt", "3gp", "3g2", "avi", "mkv", "webm", "wmv",
                                    "asf", "flv", "mpg", "mpeg", "vob")},
}

# Formats an extension may legitimately hold besides its own: a password-protected .docx
# or .xlsx is an OLE2 container (see encrypted_office); a .doc may be RTF or HTML (Word opens
# them, and systems "export to Word" so).
_COMPATIBLE = {"doc": {"ole", "rtf", "html", "works"}, "text": {"html"}, "xls": {"ole"}, "docx": {"ole"},
               "xlsx": {"ole"}, "xlsm": {"ole"}, "pptx": {"ole"}}


def sniff(data: bytes) -> str:
    """The format of ``data`` (the whole file; the head is enough except for zips and OLE2):
    one of pdf, jpeg, png, tiff, bmp, gif, webp, heic, docx, xlsx, xlsm, pptx, ofd, zip, 7z,
    rar, tar, doc, xls, works, ole, rtf, html, video, text, unknown."""
    head = data[:HEAD_BYTES + 1]
    if head[:4] in _ZIP_MAGIC:
        return _zip_kind(io.BytesIO(data), data)
    if head.startswith(_OLE):
        return _ole_kind(head + _ole_directory(io.BytesIO(data), head))
    return _sniff_head(head)


def sniff_stream(stream: BinaryIO) -> str:
    """Like :func:`sniff` for an open, seekable binary file: reads the head, and for a zip
    only its central directory and ``[Content_Types].xml``."""
    stream.seek(0)
    head = stream.read(HEAD_BYTES + 1)
    if head[:4] in _ZIP_MAGIC:
        return _zip_kind(stream, head + stream.read(_LOCAL_SCAN - len(head)))
    if head.startswith(_OLE):
        return _ole_kind(head + _ole_directory(stream, head))
    return _sniff_head(head)


def _sniff_head(head: bytes) -> str:
    if head.startswith(_SEVEN_ZIP):
        return "7z"
    if head.startswith(_RAR):
        return "rar"
    if _is_tar(head):
        return "tar"
    if head.startswith(b"{\\rtf"):  # Word opens RTF under a .doc name, and systems export it so
        return "rtf"
    # The PDF spec tolerates junk before the header (archive magics first: their first entry may be a PDF).
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp":
        return "heic" if head[8:12] in _HEIC_BRANDS else "video"
    if head[4:8] in _QUICKTIME_ATOMS or head.startswith(_VIDEO_MAGIC) or (head[:4] == b"RIFF" and head[8:11] == b"AVI"):
        return "video"
    if head[:2] == b"BM" and len(head) >= 26 and head[6:10] == b"\x00\x00\x00\x00":
        return "bmp"
    if not _is_text(head[:HEAD_BYTES], complete=len(head) <= HEAD_BYTES):
        return "unknown"
    return "html" if _HTML.match(head[:HEAD_BYTES]) else "text"


def _is_tar(head: bytes) -> bool:
    """A POSIX/GNU tar (``ustar`` at offset 257), or one compressed with gzip, bzip2 or xz."""
    if head[257:262] == b"ustar":
        return True
    for magic, kind in _COMPRESSED.items():
        if head.startswith(magic):
            return _decompressed_head(head, kind)[257:262] == b"ustar"
    return False


def _decompressed_head(head: bytes, kind: str) -> bytes:
    import bz2
    import lzma

    decompressor = (zlib.decompressobj(31) if kind == "gzip" else bz2.BZ2Decompressor() if kind == "bz2"
                    else lzma.LZMADecompressor())
    try:
        return decompressor.decompress(head, 512)
    except (zlib.error, OSError, EOFError, lzma.LZMAError, ValueError):
        return b""


def extensions_of(fmt: str) -> list[str]:
    """The file-name extensions that promise ``fmt`` (without the dot), in the table's order."""
    return [extension for extension, promised in _EXTENSIONS.items() if promised == fmt]


def expected_format(name: str) -> str | None:
    """The format a file name's extension promises; None for no or an unknown extension."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    if "." not in base.strip("."):
        return None
    return _EXTENSIONS.get(base.rsplit(".", 1)[-1].lower())


def extension_matches(name: str, actual: str) -> bool:
    """False when the extension promises a known format and the content is another known one."""
    expected = expected_format(name)
    if expected is None or actual == "unknown" or expected == actual:
        return True
    return actual in _COMPATIBLE.get(expected, ())


def encrypted_office(stream: BinaryIO) -> bool:
    """True for a password-protected Office file: an OLE2 container with an EncryptedPackage stream."""
    stream.seek(0)
    head = stream.read(512)
    return head.startswith(_OLE) and "EncryptedPackage".encode("utf-16-le") in _ole_directory(stream, head)


def _ole_directory(stream: BinaryIO, head: bytes) -> bytes:
    """The first directory sector(s) of an OLE2 file, where the stream names are."""
    if len(head) < 52:
        return b""
    shift = int.from_bytes(head[30:32], "little")
    first = int.from_bytes(head[48:52], "little")
    if not 7 <= shift <= 16 or first >= 0xFFFFFFFA:
        return b""
    stream.seek((first + 1) << shift)
    return stream.read(4096)


def _ole_kind(data: bytes) -> str:
    # Directory entries hold stream names in UTF-16LE.
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    if "MN0".encode("utf-16-le") in data:  # Microsoft Works word processor (.wps; apache/poi ShortLastBlock.wps)
        return "works"
    return "ole"


def _zip_kind(stream: BinaryIO, start: bytes) -> str:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
            types = b""
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size <= _MAX_CONTENT_TYPES and not info.flag_bits & 0x1:
                    types = archive.read(info)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, NotImplementedError, EOFError, RuntimeError,
            KeyError):
        names, types = _local_names(start[:_LOCAL_SCAN]), b""
    return _office_kind(names, types.lower()) or "zip"


def _local_names(data: bytes) -> list[str]:
    """Entry names from local file headers: the fallback when the central directory is damaged."""
    names = []
    for match in _LOCAL_HEADER.finditer(data):
        length = int.from_bytes(match.group(1), "little")
        start = match.end()
        names.append(data[start:start + length].decode("cp437"))
        if len(names) >= 200:
            break
    return names


def _office_kind(names: list[str], content_types: bytes) -> str | None:
    if any(name.lower() == "ofd.xml" for name in names):
        return "ofd"
    for marker, kind in _CONTENT_TYPES:
        if marker in content_types:
            return kind
    present = set(names)
    if "word/document.xml" in present:
        return "docx"
    if "xl/workbook.xml" in present:
        return "xlsm" if "xl/vbaProject.bin" in present else "xlsx"
    if "ppt/presentation.xml" in present:
        return "pptx"
    return None


def _is_text(head: bytes, complete: bool) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a byte-order mark
        return True
    if not head or b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            text = head.decode(encoding) if complete else _decode_prefix(head, encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
        return controls <= len(text) // 100
    return False


def _decode_prefix(head: bytes, encoding: str) -> str:
    """Decodes a head that may end inside a multi-byte character."""
    try:
        return head.decode(encoding)
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:
            raise
        return head[:error.start].decode(encoding)
