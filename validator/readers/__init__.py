"""Reading one file of a package into pages and tables: text layers first, OCR for scans and photos.

``read_file(pfile)`` never raises for bad content: a corrupt, encrypted or
unsupported file gives an (empty) ReadFile and a finding.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from validator.documents import Page, ReadFile
from validator.findings import Finding
from validator.limits import DEFAULT_LIMITS, Limits, time_limit
from validator.xmlsafe import check_ooxml

IMAGE_FORMATS = frozenset({"jpeg", "png", "tiff", "bmp", "gif", "webp", "heic"})
OFFICE_FORMATS = {"docx": "docx", "xlsx": "xlsx", "xlsm": "xlsx"}
# A password-protected .docx/.xlsx is an OLE container holding this stream (MS-OFFCRYPTO).
_ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")


@dataclass(frozen=True)
class LocalFile:
    """A file outside any package (``dingdian extract FILE``), shaped like a PackageFile."""

    path: str
    size: int
    sha256: str
    format: str
    location: Path

    def read_bytes(self) -> bytes:
        return self.location.read_bytes()


def file_from_path(path: Path) -> LocalFile:
    """Wraps one file on disk; its format is sniffed from its content."""
    from validator.sniff import sniff

    data = path.read_bytes()
    return LocalFile(path=path.name, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                     format=sniff(data), location=path)


def read_file(pfile: Any, ocr: bool = True, limits: Limits | None = None,
              defer_ocr: bool = False) -> tuple[ReadFile, list[Finding]]:
    """Reads a PackageFile (path, format, sha256, read_bytes()) into pages and tables.

    ``limits`` bounds pages, pixels, XML parts and the wall time per file (validator.limits).
    ``defer_ocr`` leaves scanned pages as placeholders for validator.ocr_pages to read later.
    """
    limits = limits or DEFAULT_LIMITS
    fmt = pfile.format
    kind = "pdf" if fmt == "pdf" else "image" if fmt in IMAGE_FORMATS else OFFICE_FORMATS.get(fmt, fmt)
    read = ReadFile(file=pfile.path, format=kind if kind in ("pdf", "image", "docx", "xlsx", "text") else "unknown",
                    sha256=pfile.sha256)
    findings: list[Finding] = []
    reader = _READERS.get(kind)
    if reader is None:
        if fmt in ("ole", "doc", "xls") and _ENCRYPTED_OOXML in pfile.read_bytes():
            return read, [Finding("encrypted_file", file=pfile.path, evidence={"reason": "password-protected Office file"})]
        return read, [Finding("unsupported_format", file=pfile.path, found=fmt, evidence={"format": fmt})]
    try:
        data = pfile.read_bytes()
        now = ocr and not defer_ocr
        with time_limit(_budget(kind, data, limits, now), f"reading {pfile.path}"):
            skipped = reader(read, data, _ocr_page(read, findings) if now else None, limits)
    except Exception as error:  # noqa: BLE001 - any failure of a third-party parser is a finding
        read.pages.clear()
        read.tables.clear()
        return read, [read_failure(pfile.path, error)]
    if skipped:
        findings.append(Finding("could_not_verify", file=pfile.path, found=f"{skipped} pages not read",
                                evidence={"reason": "page_limit", "limit": limits.max_pdf_pages,
                                          "why": f"文件页数超过上限，仅读取前{limits.max_pdf_pages}页。",
                                          "why_en": f"only the first {limits.max_pdf_pages} pages were read."}))
    if read.is_scan and not ocr:
        findings.append(Finding("could_not_verify", file=pfile.path, found="OCR disabled",
                                evidence={"reason": "ocr_disabled", "why": "扫描件未做文字识别（--no-ocr），仅按文件名归类。",
                                          "why_en": "the scan was not read (--no-ocr); it is classified by its name only."}))
    return read, findings


def _budget(kind: str, data: bytes, limits: Limits, ocr: bool) -> float:
    """Wall-time limit for one file: the per-file limit, plus as much again for every page that
    may need OCR (a 40-page scanned PDF is slow, not hostile)."""
    if not ocr or kind not in ("pdf", "image"):
        return limits.per_file_seconds
    try:
        if kind == "pdf":
            from validator.readers.pdf import page_count
            pages = min(page_count(data), limits.max_pdf_pages)
        else:
            from validator.readers.image import frame_count
            pages = frame_count(data)
    except Exception:  # noqa: BLE001 - the reader itself will report the damage
        pages = 1
    return limits.per_file_seconds * (1 + pages)


def read_failure(path: str, error: Exception) -> Finding:
    from validator.readers.pdf import Encrypted

    if isinstance(error, Encrypted):
        return Finding("encrypted_file", file=path, evidence={"reason": str(error)[:200]})
    return Finding("unreadable_file", file=path, found=type(error).__name__,
                   evidence={"reason": f"{type(error).__name__}: {str(error)[:200]}"})


def _ocr_page(read: ReadFile, findings: list[Finding]) -> Callable[[Any, int], Page]:
    """Reads one scanned page or image frame with OCR (cached by content hash and page)."""
    from validator.ocr_pages import ocr_page

    return lambda image, number: ocr_page(read, number, lambda: image, findings, image.size)


# Each reader fills ``read`` and returns how many pages it left unread because of the limits.
def _read_pdf(read: ReadFile, data: bytes, ocr_page: Callable | None, limits: Limits) -> int:
    from validator.readers.pdf import Encrypted, read_pdf, read_pdf_fallback

    try:
        return read_pdf(read, data, ocr_page, limits.max_pdf_pages)
    except Encrypted:
        raise
    except Exception:  # noqa: BLE001 - pdfium refused the file: pypdf is more lenient with damaged ones
        read.pages.clear()
        return read_pdf_fallback(read, data, limits.max_pdf_pages)


def _read_image(read: ReadFile, data: bytes, ocr_page: Callable | None, limits: Limits) -> int:
    from validator.readers.image import read_image

    read_image(read, data, ocr_page, limits.max_image_pixels)
    return 0


def _read_docx(read: ReadFile, data: bytes, _ocr: Callable | None, limits: Limits) -> int:
    from validator.readers.office import read_docx

    check_ooxml(data, limits)
    read_docx(read, data)
    return 0


def _read_xlsx(read: ReadFile, data: bytes, _ocr: Callable | None, limits: Limits) -> int:
    from validator.readers.office import read_xlsx

    check_ooxml(data, limits)
    read_xlsx(read, data)
    return 0


def _read_text(read: ReadFile, data: bytes, _ocr: Callable | None, _limits: Limits) -> int:
    from validator.readers.office import read_text

    read_text(read, data)
    return 0


_READERS: dict[str, Callable[[ReadFile, bytes, Callable | None, Limits], int]] = {
    "pdf": _read_pdf, "image": _read_image, "docx": _read_docx, "xlsx": _read_xlsx, "text": _read_text,
}
