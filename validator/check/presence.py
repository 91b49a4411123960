"""Presence tier: which checklist items are satisfied, by which documents, in how many copies."""
from __future__ import annotations

import re
from typing import Any, Mapping

from validator.checklists.model import ChecklistItem
from validator.rules.context import CheckContext, MaterialStatus
from validator.readers.documents import Document
from validator.findings import Finding
from validator.extract.normalize import squeeze
from validator.extract.section_terms import section_found



def _missing_sections(item: ChecklistItem, documents: list[Document]) -> list[str]:
    """Sections named by the checklist that appear in none of the material's documents."""
    text = squeeze("\n".join(doc.text for doc in documents))
    headings = [h for doc in documents for h in doc.extra.headings]
    return [section for section in item.sections if not section_found(section, text, headings)]


def _unreadable_files(findings: list[Finding]) -> set[str]:
    return {f.file for f in findings if f.file and f.code in ("unreadable_file", "encrypted_file", "empty_file",
                                                              "archive_member_unreadable")}


def _condition_evidence(item: ChecklistItem, fact_notes: Mapping[str, Any]) -> dict[str, str]:
    condition = item.condition or ""
    described = "；".join(note.get("description", name) for name, note in fact_notes.items()
                         if re.search(rf"\b{re.escape(name)}\b", condition))
    return {"item_title": item.title, "condition": condition,
            "why": f"未能确认是否适用（{described or condition}）；如适用，须提交“{item.title}”。",
            "why_en": f"Could not tell whether '{condition}' holds; if it does, '{item.title}' is required."}


def assess_item(item: ChecklistItem, state: str, documents: list[Document], unreadable: set[str],
                fact_notes: Mapping[str, Any]) -> tuple[MaterialStatus, list[Finding]]:
    if state == "not_applicable":
        return MaterialStatus(item, "not_applicable"), []
    matching = [doc for doc in documents if doc.document_type in item.document_types]
    readable = [doc for doc in matching if doc.file not in unreadable]
    common = {"material": item.material, "source": item.source, "evidence": {"item_title": item.title}}
    if not matching:
        if state == "conditional":
            finding = Finding("could_not_verify", material=item.material, source=item.source,
                              evidence=_condition_evidence(item, fact_notes))
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
    unknown_facts = {name: note for name, note in context.checklist.settings.get("facts", {}).items()
                     if context.facts.get(name) is None and note.get("default") is None}
    findings: list[Finding] = []
    for item, state in resolved:
        status, item_findings = assess_item(item, state, context.documents, unreadable, unknown_facts)
        context.materials[item.material] = status
        findings.extend(item_findings)
    return findings


def mark_invalid(context: CheckContext, findings: list[Finding]) -> None:
    """A material that is present but has an error finding of its own is invalid, not present."""
    faulty = {f.material for f in findings if f.is_error and f.material}
    for material, status in context.materials.items():
        if status.status == "present" and material in faulty:
            status.status = "invalid"


def unclassified(documents: list[Document]) -> list[Finding]:
    """Files whose content and name match no known document type."""
    by_file: dict[str, list[Document]] = {}
    for doc in documents:
        by_file.setdefault(doc.file, []).append(doc)
    return [Finding("unclassified_file", file=file)
            for file, docs in by_file.items()
            if all(d.document_type == "unknown" for d in docs)]
