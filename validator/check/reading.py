"""Reading a package, cheapest first: text layers and Office files, then OCR of the scans that are needed.

Files are read in order; a scanned page the reader renders is OCRed on a thread while the
next files are read (validator.readers.ocr_pages), so a full check reads text layers and Office files
at no wait and keeps both cores on OCR.  A presence-only check (``--fast``) leaves a scan
unread while its file name names its type, and OCRs it only when its content decides
presence: it has several pages (a merged scan may hold several materials or copies), or the
caller asks for it (``read_scans``): the target cannot be told without it, a fact a condition
depends on is unknown, or the checklist names sections its material must contain.  A scan left
unread is classified by its file name, as with ``--no-ocr``.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from validator.checklists.model import ChecklistItem
from validator.extract.classify import UNKNOWN, classify, name_type
from validator.readers.documents import Document, Page, ReadFile
from validator.extract import extract_fields
from validator.extract.templates import template, template_types
from validator.findings import Finding
from validator.intake.limits import Limits
from validator.readers.ocr_pages import PageOcr
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

    def read_scans(self, wanted: Callable[[ReadFile, list[Document]], bool] = lambda read, documents: True) -> bool:
        """OCRs the pages left unread of each scan that ``wanted(read, its documents)`` selects,
        and classifies those files again; True when anything was read."""
        reads = [read for read in self.read_files
                 if self._unread.get(id(read)) and wanted(read, self._documents[id(read)])]
        if not reads:
            return False
        pages = PageOcr()
        for read in reads:
            for number in self._unread.pop(id(read)):  # asked for once: a page OCR cannot read stays unread
                pages.later(read, number)
        self.findings.extend(pages.finish())
        self.classify(reads)
        return True

    def read_scans_of(self, document_types: Iterable[str]) -> bool:
        """OCRs the unread scans classified (by name) as one of ``document_types``."""
        wanted = set(document_types)
        return self.read_scans(lambda read, documents: any(d.document_type in wanted for d in documents))


def uncertain(read: ReadFile, documents: list[Document]) -> bool:
    """A scan whose presence its file name cannot settle: no type named, or several pages."""
    return name_type(read.file) == UNKNOWN or len(read.pages) > 1 or len(documents) != 1


def _deferrable(read: ReadFile) -> bool:
    """A scan --fast may leave unread for now: it can be rendered again, and its name names a type."""
    return read.format in ("pdf", "image") and name_type(read.file) != UNKNOWN


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
    ``lazy``, a scan whose name names its type is left unread until presence needs it.
    ``progress(files_done, files_total, pages_to_ocr)`` is called after each file."""
    read_files: list[ReadFile] = []
    findings: list[Finding] = []
    pages = PageOcr()
    unread: dict[int, list[int]] = {}

    def hook(read: ReadFile, _findings: list[Finding]) -> Callable[[Any, int], Page]:
        def on_page(image: Any, number: int) -> Page:
            if lazy and _deferrable(read):
                unread.setdefault(id(read), []).append(number)
                return Page(number, "", [], "none", *image.size)
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
    reading.read_scans(uncertain)
    return reading
