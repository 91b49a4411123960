"""The report of a check: materials, findings, verdict and provenance; JSON per validator/data/report.schema.json."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from validator.checklists.citation import readable
from validator.readers.documents import Document
from validator.findings import Finding
from validator.report.messages import message, name_the_slot, undated
from validator.report.signature_view import signature_view
from validator.privacy import mask_value
from validator.vocabulary import eligibility_codes, title
from validator.shapes import MaterialState

SCHEMA_ID = "dingdian.report/1"


@dataclass
class MaterialResult:
    material: str
    title: str
    status: MaterialState
    files: list[str]
    source: str
    copies_required: int = 1
    copies_found: int = 0


@dataclass
class Report:
    package: str
    city: str
    kind: str
    scheme: str | None
    procedure: str
    as_of: date
    materials: list[MaterialResult]
    findings: list[Finding]
    documents: list[Document] = field(default_factory=list)
    tool_version: str = ""
    checklist_version: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    inputs: list[dict[str, Any]] = field(default_factory=list)  # file, sha256, size
    facts: dict[str, Any] = field(default_factory=dict)  # roster counts, institution name ...
    stats: dict[str, Any] = field(default_factory=dict)  # timings, files read, pages OCR'd
    sources: dict[str, str] = field(default_factory=dict)  # seed file -> document title
    signatures: list[Any] = field(default_factory=list)  # validator.signatures FileSignatures, per signed file

    def cite(self, source: str | None) -> str:
        return readable(source or "", self.sources)

    @property
    def verdict(self) -> str:
        errors = [finding for finding in self.findings if finding.is_error]
        if any(finding.code in eligibility_codes() for finding in errors):
            return "ineligible"
        return "incomplete" if errors else "complete"

    @property
    def exit_status(self) -> int:
        return 1 if any(finding.is_error for finding in self.findings) else 0

    def flatten(self, *keys: str) -> list[tuple[Any, ...]]:
        """One tuple of the named Finding attributes per finding, in report order (frictionless's
        ``flatten``): ``report.flatten("code", "file")`` makes a test one line. Default keys:
        code, severity, material, file."""
        keys = keys or ("code", "severity", "material", "file")
        return [tuple(getattr(finding, key) for key in keys) for finding in self.findings]

    def count(self, severity: str) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity and not finding.waived)

    def finding_dict(self, finding: Finding, lang: str, audience: str = "clerk") -> dict[str, Any]:
        # A refusal (不予受理) has no supplement period: its sentences carry no "请于…前补正", as
        # its notice does not (generators.notice: "本次无需补正").
        said = undated(finding) if self.verdict == "ineligible" else finding
        data: dict[str, Any] = {
            "code": finding.code, "severity": finding.severity,
            "title": title("findings", finding.code, lang),
            "material": finding.material, "file": finding.file, "page": finding.page,
            "row": finding.row, "field": finding.field,
            "expected": finding.expected, "found": finding.found,
            "message": name_the_slot(message(said, lang, audience), finding.material,
                                     {m.material: m.title for m in self.materials}, lang),
            "evidence": dict(finding.evidence), "source": self.cite(finding.source),
            "source_ref": finding.source or "",
        }
        if finding.waived:
            data["waived"] = dict(finding.waived)
        return data

    def to_dict(self, lang: str = "zh", show_personal_data: bool = False, audience: str = "clerk") -> dict[str, Any]:
        data = {
            "schema": SCHEMA_ID,
            "tool": {"name": "dingdian", "version": self.tool_version},
            "checklist_version": self.checklist_version,
            "package": self.package,
            "city": self.city,
            "institution_kind": self.kind,
            "scheme": self.scheme,
            "procedure": self.procedure,
            "as_of": self.as_of.isoformat(),
            "verdict": self.verdict,
            "verdict_title": title("verdicts", self.verdict, lang),
            "summary": {"errors": self.count("error"), "warnings": self.count("warning"),
                        "info": self.count("info")},
            "materials": [
                {"id": m.material, "title": m.title, "status": m.status, "files": m.files,
                 "source": self.cite(m.source), "source_ref": m.source,
                 "copies_required": m.copies_required,
                 "copies_found": m.copies_found}
                for m in self.materials
            ],
            "findings": [self.finding_dict(finding, lang, audience) for finding in self.findings],
            "documents": [
                {"file": doc.file, "pages": list(doc.pages), "document_type": doc.document_type,
                 "classified_by": doc.classified_by, "scan": doc.is_scan,
                 "fields": {name: f.to_dict() for name, f in doc.fields.items()}}
                for doc in self.documents
            ],
            "signatures": [signature_view(found, lang) for found in self.signatures],
            "facts": self.facts,
            "options": self.options,
            "inputs": self.inputs,
            "stats": self.stats,
        }
        if show_personal_data:
            return data
        masked = mask_value(data)
        masked["inputs"] = self.inputs  # hashes and file names, never personal data
        return masked
