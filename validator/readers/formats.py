"""Which reader reads which sniffed format, with the parsers whose failures mean a damaged file.

Every reader takes a :class:`ReadJob` (the file's bytes, the ReadFile to fill, the OCR callback,
the limits and a list for its notes) and returns how many pages it left unread because of
the limits. The reader modules are imported only when a file of their format comes along.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from validator.readers.documents import Page, ReadFile
from validator.findings import Finding
from validator.intake.limits import Limits
from validator.intake import parser_errors as parsers
from validator.intake.parser_errors import Backend
from validator.intake.xmlsafe import check_ooxml


@dataclass
class ReadJob:
    read: ReadFile
    data: bytes
    ocr_page: Callable[[Any, int], Page] | None
    limits: Limits
    notes: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class Reader:
    kind: str  # ReadFile.format: pdf | image | docx | xlsx | text | ofd | video
    read: Callable[[ReadJob], int]
    backends: tuple[Backend, ...]
    pages: Callable[[bytes], int] | None = None  # pages that may need OCR (for the time budget)

    def budget(self, data: bytes, limits: Limits, ocr: bool) -> float:
        """Wall-time limit for one file: the per-file limit, plus as much again for every page that
        may need OCR (a 40-page scanned PDF is slow, not hostile)."""
        if not ocr or self.pages is None:
            return limits.per_file_seconds
        try:
            pages = min(self.pages(data), limits.max_pdf_pages)
        except Exception as error:
            if not parsers.damage(error, self.backends):
                raise
            pages = 1  # the reader itself will report the damage
        return limits.per_file_seconds * (1 + pages)


def _read_pdf(job: ReadJob) -> int:
    from validator.readers.pdf import read_pdf_with_fallback

    return read_pdf_with_fallback(job)


def _pdf_pages(data: bytes) -> int:
    from validator.readers.pdf import page_count

    return page_count(data)


def _read_image(job: ReadJob) -> int:
    from validator.readers.image import read_image

    read_image(job.read, job.data, job.ocr_page, job.limits.max_image_pixels)
    return 0


def _image_frames(data: bytes) -> int:
    from validator.readers.image import frame_count

    return frame_count(data)


def _read_docx(job: ReadJob) -> int:
    from validator.readers.office import read_docx

    check_ooxml(job.data, job.limits)
    read_docx(job.read, job.data)
    return 0


def _read_xlsx(job: ReadJob) -> int:
    from validator.readers.sheets import read_xlsx

    check_ooxml(job.data, job.limits)
    read_xlsx(job)
    return 0


def _read_xls(job: ReadJob) -> int:
    from validator.readers.sheets import read_xls

    read_xls(job)
    return 0


def _read_doc(job: ReadJob) -> int:
    from validator.readers.legacy_documents import read_doc

    read_doc(job)
    return 0


def _read_text(job: ReadJob) -> int:
    from validator.readers.office import read_text

    read_text(job.read, job.data)
    return 0


def _read_ofd(job: ReadJob) -> int:
    from validator.readers.ofd import read_ofd

    return read_ofd(job)


def _ofd_pages(data: bytes) -> int:
    from validator.readers.ofd import page_count

    return page_count(data)


def _read_video(job: ReadJob) -> int:
    """A video (an acceptance recording) is present, and nothing more is read from it."""
    return 0


_PDF = Reader("pdf", _read_pdf, (parsers.PDFIUM, parsers.PYPDF, parsers.IMAGE, parsers.OCR), _pdf_pages)
_IMAGE = Reader("image", _read_image, (parsers.IMAGE, parsers.OCR), _image_frames)
_DOCX = Reader("docx", _read_docx, (parsers.DOCX,))
_XLSX = Reader("xlsx", _read_xlsx, (parsers.XLSX,))
_XLS = Reader("xlsx", _read_xls, ())  # calamine runs in a child process: its failures are InputError
_DOC = Reader("docx", _read_doc, (parsers.DOCX, parsers.HTML))
_OFD = Reader("ofd", _read_ofd, (parsers.OFD, parsers.IMAGE, parsers.OCR), _ofd_pages)

# sniffed format (validator.intake.sniff) -> reader
READERS: dict[str, Reader] = {
    "pdf": _PDF,
    **{image: _IMAGE for image in ("jpeg", "png", "tiff", "bmp", "gif", "webp", "heic")},
    "docx": _DOCX, "xlsx": _XLSX, "xlsm": _XLSX, "xls": _XLS, "doc": _DOC, "works": _DOC, "rtf": _DOC, "html": _DOC,
    "text": Reader("text", _read_text, ()),
    "ofd": _OFD,
    "video": Reader("video", _read_video, ()),
}


def readable_types(lang: str, archives: bool = True) -> str:
    """What dingdian reads, for people (the unsupported_format message): the extensions of every
    format in READERS grouped by reader, then the archives a package may be or hold (not for one
    file alone: ``archives=False``); each group's name is in the catalogue (format_<kind>), so a
    reader added here is listed there too."""
    from validator.intake.archive_base import ARCHIVE_KINDS
    from validator.catalogue import t
    from validator.intake.sniff import extensions_of

    groups: dict[str, list[str]] = {}
    for fmt, reader in READERS.items():
        groups.setdefault(reader.kind, []).extend(extensions_of(fmt))
    if archives:
        groups["archive"] = [extension for kind in sorted(ARCHIVE_KINDS) for extension in extensions_of(kind)]
    return ("、" if lang == "zh" else ", ").join(
        t(f"format_{kind}", language=lang, extensions=" ".join(f".{e}" for e in extensions))
        for kind, extensions in groups.items() if extensions)
