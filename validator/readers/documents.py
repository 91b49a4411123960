"""What reading and classification produce: files read into pages and tables, and documents.

A ``ReadFile`` is one file of the package as read (text layer or OCR per page,
tables of .docx/.xlsx).  A ``Document`` is one material found in it: a whole
file, or a page range of a merged PDF, with its document type and fields.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Callable

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in page pixels (OCR) or points (PDF)


@dataclass(frozen=True)
class TextLine:
    text: str
    box: Box | None = None
    confidence: float = 1.0


@dataclass
class Page:
    number: int  # 1-based
    text: str
    lines: list[TextLine] = field(default_factory=list)
    source: str = "text"  # "text" (PDF text layer / office file) | "ocr" | "none" (scan not read)
    width: float = 0.0
    height: float = 0.0

    @property
    def confidence(self) -> float:
        """Mean OCR confidence of the page's lines (1.0 for a text layer)."""
        if self.source != "ocr" or not self.lines:
            return 1.0
        return sum(line.confidence for line in self.lines) / len(self.lines)


@dataclass
class Table:
    rows: list[list[str]]
    sheet: str | None = None
    page: int | None = None
    # (row, column) indexes of cells the file no longer holds exactly: an 18-digit ID typed into
    # a number cell keeps 15 digits (validator.readers.sheets); rules must not judge them.
    inexact: set[tuple[int, int]] = field(default_factory=set)


@dataclass
class ReadFile:
    file: str  # path relative to the package root, "/" separated
    format: str  # pdf | image | docx | xlsx | text | ofd | video | unknown (validator.readers.formats)
    sha256: str
    pages: list[Page] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    is_scan: bool = False
    # What read the pages that are not OCR'd (``dingdian extract --text``): the sniffed format's
    # reader (pdf, ofd, docx, xlsx, xls, text …), or "libreoffice" / "plain_text" / "pypdf" where a
    # converter or a fallback did (validator.readers.legacy_documents, validator.readers.pdf).
    reader: str = ""
    # Renders page n (1-based) to a PIL image on demand (seal detection, thumbnails).
    render: Callable[[int], Any] | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        return "\n".join(page.text for page in self.pages)


# Below this OCR confidence a field is too weak to call anything wrong on it (docs/CONVENTIONS.md item 4).
MIN_CONFIDENCE = 0.8


@dataclass(frozen=True)
class ExtractedField:
    name: str
    value: Any
    page: int | None = None
    source_text: str = ""
    confidence: float = 1.0
    corrected_from: str | None = None  # the OCR reading before a check-digit correction

    def to_dict(self) -> dict[str, Any]:
        data = {"value": self.value, "page": self.page, "source_text": self.source_text,
                "confidence": round(self.confidence, 3)}
        if self.corrected_from is not None:
            data["corrected_from"] = self.corrected_from
        return data


@dataclass
class Extras:
    """What extraction finds beyond a template's fields (validator.extract), by document type."""
    roster: list[dict[str, Any]] | None = None  # a staff roster's rows; None: no roster table was found
    roster_columns: list[str] | None = None  # its recognised column ids; None: the columns were not read
    roster_sheet: str | None = None  # the workbook sheet the roster came from
    scores: dict[str, Any] = field(default_factory=dict)  # self-assessment: item → score
    marks: dict[str, str] = field(default_factory=dict)  # self-assessment pass/fail items → 合格 / 不合格
    headings: list[str] = field(default_factory=list)  # section headings (management systems, statements …)
    editions: list[str] = field(default_factory=list)  # 正本 / 副本 printed at the head of a licence's pages

    def to_dict(self) -> dict[str, Any]:
        """What was found, by name (``dingdian extract`` JSON): the entries left empty are left out."""
        return {name: value for name, value in asdict(self).items() if value not in (None, [], {})}


@dataclass
class Document:
    file: str
    document_type: str
    pages: tuple[int, ...]
    read: ReadFile = field(repr=False)
    fields: dict[str, ExtractedField] = field(default_factory=dict)
    extra: Extras = field(default_factory=Extras)
    classified_by: str = "content"  # "content" | "name"

    @property
    def text(self) -> str:
        wanted = set(self.pages)
        return "\n".join(p.text for p in self.read.pages if p.number in wanted)

    @property
    def is_scan(self) -> bool:
        return self.read.is_scan

    def value(self, name: str) -> Any:
        found = self.fields.get(name)
        return found.value if found else None
