"""Field extraction per document type: templates as data (validator/data/templates/), plus the
table-shaped materials (rosters, score sheets) and section headings."""
from __future__ import annotations

from pathlib import Path

from validator.readers.documents import Document
from validator.findings import Finding
from validator.vocabulary import document_types_tagged
from validator.extract.fields import apply_template
from validator.extract.roster import extract_roster
from validator.extract.sections import extract_scores, headings
from validator.extract.templates import template


def extract_fields(document: Document) -> None:
    """Fills document.fields and document.extra (Extras) for the document's type."""
    found = template(document.document_type)
    if found is not None:
        document.fields.update(apply_template(document, found))
        editions = license_editions(document)
        if editions:
            document.extra.editions = editions
    if document.document_type == "staff_roster":
        extract_roster(document)
    if document.document_type == "self_assessment":
        extract_scores(document)
    # headings matter where checklists name sections; an unrecognised text may be any of those
    if document.document_type == "unknown" or document.document_type in document_types_tagged("sectioned"):
        document.extra.headings = headings(document)


def license_editions(document: Document) -> list[str]:
    """正本 / 副本 printed at the head of the document's pages (several cities ask for both)."""
    editions = []
    for page in document.read.pages:
        head = "".join(line.text for line in page.lines[:4]).replace(" ", "")
        for edition in ("正本", "副本"):
            if page.number in document.pages and edition in head and edition not in editions:
                editions.append(edition)
    return editions


def extract_path(path: Path, ocr: bool = True) -> list[Document]:
    """Reads, classifies and extracts one file on disk (profile drafting); InputError when unreadable."""
    return extract_file(path, ocr)[0]


def extract_file(path: Path, ocr: bool = True) -> tuple[list[Document], list[Finding]]:
    """The documents of one file on disk and the reading findings (low_scan_quality …).

    Raises InputError (exit 4) when the file cannot be read at all.
    """
    from validator.catalogue import lang, t
    from validator.extract.classify import classify
    from validator.errors import InputError
    from validator.readers import file_from_path, read_file
    from validator.readers.formats import readable_types

    try:
        pfile = file_from_path(path)
    except OSError as error:
        raise InputError(t("cannot_be_read", path=path, reason=error.strerror or type(error).__name__)) from error
    read, findings = read_file(pfile, ocr=ocr)
    blocking = [f for f in findings if f.code in ("empty_file", "unreadable_file", "encrypted_file", "unsupported_format")]
    if blocking:
        reason = blocking[0].evidence.get("reason") or blocking[0].found or ""
        # an unsupported format: what one file may be (an archive is a package, for dingdian check)
        hint = (t("hint_readable", types=readable_types(lang(), archives=False))
                if blocking[0].code == "unsupported_format" else None)
        raise InputError(t("labelled", label=path, message=t(f"extract_{blocking[0].code}", reason=reason)), hint=hint)
    documents = classify(read)
    for document in documents:
        extract_fields(document)
    return documents, findings
