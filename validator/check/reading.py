"""Reading a package, cheapest first: text layers and Office files, then OCR of the scans that are needed.

Files are read in order; a scanned page the reader renders is OCRed on a thread while the
next files are read (validator.readers.ocr_pages), so a full check reads text layers and Office files
at no wait and keeps both cores on OCR.  A presence-only check (``--fast``) reads of a scan's
pages only their title band (validator.readers.ocr_pages.band_page), a tenth of a page's OCR:
a page is settled by it when the band shows a title, or when it holds a page's whole head and no
title (a continuation page: validator.extract.classify reads titles in the first HEAD_LINES lines).
A page is OCRed in full only when its type is not settled so (no title on any page of its file,
a head cut short, a page lying turned) or when the caller asks for its content (``read_scans``): the
target cannot be told without it, a fact a condition depends on is unknown, or the checklist
names sections its material must contain.  A scanned image whose file name names its type is
not even banded, and is classified by its name as with ``--no-ocr`` until its content is asked for.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from validator.checklists.model import ChecklistItem
from validator.extract.classify import HEAD_LINES, UNKNOWN, classify, name_type, page_title, signs
from validator.extract.normalize import squeeze
from validator.readers.documents import Document, Page, ReadFile
from validator.extract import extract_fields
from validator.extract.templates import template, template_types
from validator.findings import Finding
from validator.intake.limits import Limits
from validator.readers.ocr_pages import BAND, BAND_SHARE, PageOcr
from validator.intake.package import Package
from validator.readers import read_file

PROFILE_NAMES = ("profile.yaml", "profile.yml")


@dataclass
class PackageReading:
    read_files: list[ReadFile]
    findings: list[Finding]
    ocr: bool = True
    _documents: dict[int, list[Document]] = field(default_factory=dict)
    _unread: dict[int, list[int]] = field(default_factory=dict)  # scanned pages left for later, by file

    @property
    def documents(self) -> list[Document]:
        return [document for read in self.read_files for document in self._documents[id(read)]]

    def classify(self, reads: Iterable[ReadFile]) -> None:
        for read in reads:
            documents = classify(read)
            for document in documents:
                extract_fields(document)
            self._documents[id(read)] = documents

    def read_scans(self, wanted: Callable[[ReadFile, list[Document]], Collection[int]] | None = None) -> bool:
        """OCRs in full the pages left unread that ``wanted(read, its documents)`` names (default:
        all), and classifies those files again; True when anything was read."""
        chosen: list[tuple[ReadFile, list[int]]] = []
        for read in self.read_files:
            unread = self._unread.get(id(read), [])
            numbers = set(unread if wanted is None else wanted(read, self._documents[id(read)]))
            if numbers & set(unread):
                chosen.append((read, [number for number in unread if number in numbers]))
        if not chosen:
            return False
        pages = PageOcr()
        for read, numbers in chosen:
            left = [number for number in self._unread.pop(id(read)) if number not in numbers]
            if left:
                self._unread[id(read)] = left
            for number in numbers:  # asked for once: a page OCR cannot read stays unread
                pages.later(read, number)
        self.findings.extend(pages.finish())
        self.classify([read for read, _ in chosen])
        return True

    def read_scans_of(self, document_types: Iterable[str]) -> bool:
        """OCRs the unread pages of the documents classified (by name or title band) as one of ``document_types``."""
        wanted = set(document_types)
        return self.read_scans(lambda read, documents: {number for d in documents if d.document_type in wanted
                                                        for number in d.pages})


def undecided(read: ReadFile, documents: list[Document]) -> list[int]:
    """Pages of a lazily read scan whose type is not settled yet: all pages of a scan left unbanded
    whose name cannot settle it (no type named, several pages) and of a banded scan whose bands show
    no title (its type is then told by keywords of the whole text or its name); else the banded
    pages whose band is not enough (``settled``)."""
    banded = [page for page in read.pages if page.source == BAND]
    every = [page.number for page in read.pages]
    if not banded:
        several = name_type(read.file) == UNKNOWN or len(read.pages) > 1 or len(documents) != 1
        return every if several else []
    if not any(page_title(page)[1] for page in banded):
        return every
    return [page.number for page in read.pages if not settled(page)]


def settled(page: Page) -> bool:
    """A banded page shows a title, or holds the page's whole head without one (its lines wholly
    inside the band; a line at the band's lower edge may be cut)."""
    if page.source != BAND:
        return page.source != "none"
    if page_title(page)[1]:
        return True
    if any(title in squeeze(page.text) for sign in signs() for title, _ in sign.qualified):
        return False  # a title that counts only beside words the rest of the page may hold
    edge = 0.95 * BAND_SHARE * page.height
    return sum(1 for line in page.lines if line.box[3] < edge and len(squeeze(line.text)) > 1) >= HEAD_LINES


def titled(page: Page) -> bool:
    """A banded page whose lines show a material's title (the classifier's own test)."""
    return bool(page_title(page)[1])


def _band(read: ReadFile) -> bool:
    """A scan --fast reads by title band: it can be rendered again, and is not an image whose name names a type."""
    return read.format == "pdf" or (read.format == "image" and name_type(read.file) == UNKNOWN)


# The document fields each fact of validator.extract.facts is derived from; the other facts come from
# the profile, or (has_large_equipment) from which documents are present.
FACT_FIELDS = {"for_profit": ("ownership", "institution_type"), "sells_chinese_herbal_medicine": ("business_scope",),
               "third_party_testing": ("institution_type",)}


def presence_types(resolved: list[tuple[ChecklistItem, str]], facts: Mapping[str, Any]) -> set[str]:
    """Document types whose content presence needs: those of items that name sections, and
    those whose fields could tell a fact that leaves an item's condition unknown."""
    types = {type_id for item, state in resolved if state != "not_applicable" and item.sections
             for type_id in item.document_types}
    unknown = {name for item, state in resolved if state == "conditional" for name in FACT_FIELDS
               if facts.get(name) is None and re.search(rf"\b{name}\b", item.condition or "")}
    fields = {field for name in unknown for field in FACT_FIELDS[name]}
    return types | {type_id for type_id in template_types()
                    if fields & {spec.name for spec in template(type_id).fields}}


def read_all(package: Package, ocr: bool = True, limits: Limits | None = None, lazy: bool = False,
             progress: Callable[[int, int, int], None] | None = None) -> PackageReading:
    """Reads every file, OCRing scanned pages on threads while the next files are read; with
    ``lazy``, scanned pages are read by their title band (or not at all, for an image whose name
    names its type) and in full only when presence needs it.
    ``progress(files_done, files_total, pages_to_ocr)`` is called after each file."""
    read_files: list[ReadFile] = []
    findings: list[Finding] = []
    pages = PageOcr()
    unread: dict[int, list[int]] = {}

    def hook(read: ReadFile, _findings: list[Finding]) -> Callable[[Any, int], Page]:
        def on_page(image: Any, number: int) -> Page:
            if lazy and read.format in ("pdf", "image"):
                unread.setdefault(id(read), []).append(number)
                return pages.band(read, image, number, titled) if _band(read) else Page(number, "", [], "none", *image.size)
            return pages.now(read, image, number)
        return on_page

    try:
        for done, pfile in enumerate(package.files, 1):
            if Path(pfile.path).name.lower() not in PROFILE_NAMES:  # the profile is read as such, not as a material
                read, file_findings = read_file(pfile, ocr=ocr, limits=limits, page_hook=hook)
                read_files.append(read)
                findings.extend(file_findings)
            if progress is not None:  # the count ends at every file of the package, the profile included
                progress(done, len(package.files), pages.handed)
    finally:
        findings.extend(pages.finish())
    reading = PackageReading(read_files, findings, ocr, _unread={
        id(read): unread[id(read)] for read in read_files if id(read) in unread and read.render is not None})
    reading.classify(read_files)
    reading.read_scans(undecided)
    return reading
