"""Presence tier: which checklist items are satisfied, by which documents, in how many copies."""
from __future__ import annotations

import re

from validator.checklist_model import ChecklistItem
from validator.context import CheckContext, MaterialStatus
from validator.documents import Document
from validator.findings import Finding

_BLANKS = re.compile(r"\s+")


def _squeeze(text: str) -> str:
    return _BLANKS.sub("", text)


def _missing_sections(item: ChecklistItem, documents: list[Document]) -> list[str]:
    """Sections named by the checklist that appear in none of the material's documents."""
    text = _squeeze("\n".join(doc.text for doc in documents))
    headings = _squeeze("\n".join(h for doc in documents for h in doc.extra.get("headings", [])))
    return [section for section in item.sections
            if _squeeze(section) not in text and _squeeze(section) not in headings]


def _unreadable_files(findings: list[Finding]) -> set[str]:
    return {f.file for f in findings if f.file and f.code in ("unreadable_file", "encrypted_file", "empty_file")}


def assess_item(item: ChecklistItem, state: str, documents: list[Document],
                unreadable: set[str]) -> tuple[MaterialStatus, list[Finding]]:
    if state == "not_applicable":
        return MaterialStatus(item, "not_applicable"), []
    matching = [doc for doc in documents if doc.document_type in item.document_types]
    readable = [doc for doc in matching if doc.file not in unreadable]
    common = {"material": item.material, "source": item.source}
    if not matching:
        if state == "conditional":
            finding = Finding("could_not_verify", **common,
                              evidence={"reason": "condition", "condition": item.condition or ""})
            return MaterialStatus(item, "unverified"), [finding]
        return MaterialStatus(item, "missing"), [Finding("missing_material", **common)]
    if not readable:
        return MaterialStatus(item, "invalid", matching), []
    findings: list[Finding] = []
    if len(readable) < item.copies:
        findings.append(Finding("insufficient_copies", **common, file=readable[0].file,
                                expected=item.copies, found=len(readable)))
    for section in _missing_sections(item, readable):
        findings.append(Finding("missing_section", **common, file=readable[0].file, expected=section))
    return MaterialStatus(item, "invalid" if findings else "present", matching), findings


def assess_materials(context: CheckContext, resolved: list[tuple[ChecklistItem, str]],
                     file_findings: list[Finding]) -> list[Finding]:
    """Fills context.materials; returns missing_material, insufficient_copies, missing_section findings."""
    unreadable = _unreadable_files(file_findings)
    findings: list[Finding] = []
    for item, state in resolved:
        status, item_findings = assess_item(item, state, context.documents, unreadable)
        context.materials[item.material] = status
        findings.extend(item_findings)
    return findings


def unclassified(documents: list[Document]) -> list[Finding]:
    """Files whose content and name match no known document type."""
    by_file: dict[str, list[Document]] = {}
    for doc in documents:
        by_file.setdefault(doc.file, []).append(doc)
    return [Finding("unclassified_file", file=file,
                    found=sorted({d.document_type for d in docs}))
            for file, docs in by_file.items()
            if all(d.document_type == "unknown" for d in docs)]
