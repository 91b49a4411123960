"""Reading one file of a package into pages and tables: text layers first, OCR for scans and photos.

``read_file(pfile)`` never raises for bad content: a corrupt, encrypted or
unsupported file gives an (empty) ReadFile and a finding.
"""
from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from validator.documents import Page, ReadFile
from validator.findings import Finding
from validator.readers.layout import page_text

IMAGE_FORMATS = frozenset({"jpeg", "png", "tiff", "bmp", "gif", "webp", "heic"})
OFFICE_FORMATS = {"docx": "docx", "xlsx": "xlsx", "xlsm": "xlsx"}


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


def read_file(pfile: Any, ocr: bool = True) -> tuple[ReadFile, list[Finding]]:
    """Reads a PackageFile (path, format, sha256, read_bytes()) into pages and tables."""
    fmt = pfile.format
    kind = "pdf" if fmt == "pdf" else "image" if fmt in IMAGE_FORMATS else OFFICE_FORMATS.get(fmt, fmt)
    read = ReadFile(file=pfile.path, format=kind if kind in ("pdf", "image", "docx", "xlsx", "text") else "unknown",
                    sha256=pfile.sha256)
    findings: list[Finding] = []
    reader = _READERS.get(kind)
    if reader is None:
        return read, [Finding("unsupported_format", file=pfile.path, found=fmt, evidence={"format": fmt})]
    try:
        data = pfile.read_bytes()
        reader(read, data, _ocr_page(read, findings) if ocr else None)
    except Exception as error:  # noqa: BLE001 - any failure of a third-party parser is a finding
        read.pages.clear()
        read.tables.clear()
        return read, [_failure(pfile.path, error)]
    if read.is_scan and not ocr:
        findings.append(Finding("could_not_verify", file=pfile.path,
                                evidence={"reason": "ocr_disabled"}, found="OCR disabled"))
    return read, findings


def _failure(path: str, error: Exception) -> Finding:
    from validator.readers.pdf import Encrypted

    if isinstance(error, Encrypted) or _is_encrypted_office(error):
        return Finding("encrypted_file", file=path, evidence={"reason": str(error)[:200]})
    return Finding("unreadable_file", file=path, found=type(error).__name__,
                   evidence={"reason": f"{type(error).__name__}: {str(error)[:200]}"})


def _is_encrypted_office(error: Exception) -> bool:
    # A password-protected .docx/.xlsx is an OLE container, not a zip: sniffed as "ole" normally,
    # but a renamed one reaches the zip parser and fails as a bad zip.
    return isinstance(error, zipfile.BadZipFile) and "encrypt" in str(error).lower()


def _ocr_page(read: ReadFile, findings: list[Finding]) -> Callable[[Any, int], Page]:
    """Reads one scanned page or image frame with OCR (cached by content hash and page)."""
    from validator import ocr

    def run(image: Any, number: int) -> Page:
        try:
            lines, (width, height) = ocr.ocr_image(image, ocr.cache_key(read.sha256, number))
        except ocr.OcrUnavailable as error:
            findings.append(Finding("could_not_verify", file=read.file, page=number,
                                    evidence={"reason": str(error)}, found="OCR unavailable"))
            return Page(number, "", [], "none", *image.size)
        page = Page(number, page_text(lines), lines, "ocr", width, height)
        if lines and page.confidence < ocr.LOW_CONFIDENCE:
            findings.append(Finding("low_scan_quality", file=read.file, page=number,
                                    found=round(page.confidence, 2), expected=ocr.LOW_CONFIDENCE,
                                    evidence={"confidence": round(page.confidence, 2)}))
        return page
    return run


def _read_pdf(read: ReadFile, data: bytes, ocr_page: Callable | None) -> None:
    from validator.readers.pdf import Encrypted, read_pdf, read_pdf_fallback

    try:
        read_pdf(read, data, ocr_page)
    except Encrypted:
        raise
    except Exception:  # noqa: BLE001 - pdfium refused the file: pypdf is more lenient with damaged ones
        read.pages.clear()
        read_pdf_fallback(read, data)


def _read_image(read: ReadFile, data: bytes, ocr_page: Callable | None) -> None:
    from validator.readers.image import read_image

    read_image(read, data, ocr_page)


def _read_docx(read: ReadFile, data: bytes, _ocr: Callable | None) -> None:
    from validator.readers.office import check_ooxml, read_docx

    check_ooxml(data)
    read_docx(read, data)


def _read_xlsx(read: ReadFile, data: bytes, _ocr: Callable | None) -> None:
    from validator.readers.office import check_ooxml, read_xlsx

    check_ooxml(data)
    read_xlsx(read, data)


def _read_text(read: ReadFile, data: bytes, _ocr: Callable | None) -> None:
    from validator.readers.office import read_text

    read_text(read, data)


_READERS: dict[str, Callable[[ReadFile, bytes, Callable | None], None]] = {
    "pdf": _read_pdf, "image": _read_image, "docx": _read_docx, "xlsx": _read_xlsx, "text": _read_text,
}
