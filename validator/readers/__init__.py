"""Reading one file of a package into pages and tables: text layers first, OCR for scans and photos.

``read_file(pfile)`` never raises for bad content: a corrupt, encrypted or unsupported file
gives an (empty) ReadFile and a finding. It does raise for a bug in dingdian's own code
(validator.intake.parser_errors tells the two apart), which the CLI reports as exit 70.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from validator.readers.documents import Page, ReadFile
from validator.findings import Finding
from validator.intake.limits import DEFAULT_LIMITS, Limits, time_limit
from validator.intake.parser_errors import damage
from validator.readers.formats import READERS, ReadJob, readable_types
from validator.readers.notes import note

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
    from validator.intake.sniff import sniff

    data = path.read_bytes()
    return LocalFile(path=path.name, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                     format=sniff(data), location=path)


PageHook = Callable[[ReadFile, list[Finding]], Callable[[Any, int], Page]]


def read_file(pfile: Any, ocr: bool = True, limits: Limits | None = None,
              page_hook: PageHook | None = None) -> tuple[ReadFile, list[Finding]]:
    """Reads a PackageFile (path, format, sha256, read_bytes()) into pages and tables.

    ``limits`` bounds pages, pixels, XML parts and the wall time per file (validator.intake.limits).
    ``page_hook(read, findings)`` gives the function that reads a scanned page (default: OCR
    now); a check passes validator.check.reading's, which OCRs pages on threads or later.
    """
    limits = limits or DEFAULT_LIMITS
    fmt = pfile.format
    spec = READERS.get(fmt)
    read = ReadFile(file=pfile.path, format=spec.kind if spec else "unknown", sha256=pfile.sha256, reader=fmt)
    if pfile.size == 0:  # nothing to read, whatever its name: only that it is empty
        return read, [Finding("empty_file", file=pfile.path)]
    if spec is None:
        if fmt in ("ole", "doc", "xls") and _ENCRYPTED_OOXML in pfile.read_bytes():
            return read, [Finding("encrypted_file", file=pfile.path, evidence={"reason": "password-protected Office file"})]
        return read, [Finding("unsupported_format", file=pfile.path, found=fmt, evidence={
            "format": fmt, "readable_zh": readable_types("zh"), "readable_en": readable_types("en")})]
    findings: list[Finding] = []
    try:
        data = pfile.read_bytes()
        job = ReadJob(read, data, (page_hook or _ocr_page)(read, findings) if ocr else None, limits, findings)
        with time_limit(spec.budget(data, limits, ocr), f"reading {pfile.path}"):
            skipped = spec.read(job)
    except Exception as error:
        if not damage(error, spec.backends):
            raise  # a bug in dingdian, not damage in the file: exit 70, never blamed on the applicant
        read.pages.clear()
        read.tables.clear()
        return read, [_failure(pfile.path, error)]
    if skipped:
        findings.append(note(pfile.path, "page_limit", f"文件页数超过上限，仅读取前{limits.max_pdf_pages}页。",
                             f"only the first {limits.max_pdf_pages} pages were read.",
                             found=f"{skipped} pages not read", limit=limits.max_pdf_pages))
    if read.is_scan and not ocr:
        findings.append(note(pfile.path, "ocr_disabled", "扫描件未做文字识别（--no-ocr），仅按文件名归类。",
                             "the scan was not read (--no-ocr); it is classified by its name only.",
                             found="OCR disabled"))
    return read, findings


def _failure(path: str, error: Exception) -> Finding:
    from validator.catalogue import say_again
    from validator.readers.pdf import Encrypted

    said = say_again(getattr(error, "message", None) or str(error), "en")  # evidence is data: English either way
    if isinstance(error, Encrypted):
        return Finding("encrypted_file", file=path, evidence={"reason": said[:200]})
    return Finding("unreadable_file", file=path, found=type(error).__name__,
                   evidence={"reason": f"{type(error).__name__}: {_one_line(said)[:200]}"})


def _one_line(text: str) -> str:
    """A library's message fit for a user: one line, without Python object reprs (Pillow names
    the BytesIO it could not identify: "<_io.BytesIO object at 0x7fa0…>")."""
    return re.sub(r"\s+", " ", re.sub(r"\s*<[\w.]+ object at 0x[0-9a-f]+>", "", text)).strip()


def _ocr_page(read: ReadFile, findings: list[Finding]) -> Callable[[Any, int], Page]:
    """Reads one scanned page or image frame with OCR (cached by content hash and page)."""
    from validator.readers.ocr_pages import ocr_page

    return lambda image, number: ocr_page(read, number, lambda: image, findings, image.size)
