"""Builders for rule tests: hand-made Documents and contexts, and real files (text PDFs of
licenses, .xlsx rosters, .docx letters, PNG scans with or without a red seal) read back through
the readers, classifier and extractor into Documents."""
from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from validator.checklists.model import Checklist, ChecklistItem, RuleSetting
from validator.rules.context import CheckContext, CheckOptions, MaterialStatus
from validator.readers.documents import Document, ExtractedField, Extras, Page, ReadFile
from validator.findings import Finding
from validator.report.messages import unfilled
from validator.rules import RULES
from validator.rules.declaration import COMMON_CODES

AS_OF = date(2026, 11, 23)  # a Monday, a working day
# Which checklist material a document type satisfies in these tests.
MATERIAL_OF = {"physician_certificate": "physician_certificates", "pharmacist_certificate": "pharmacist_certificates",
               "management_system": "management_systems", "tcm_clinic_record": "practice_license",
               "clinic_record": "practice_license"}
ROSTER_HEADER = ["序号", "姓名", "身份证", "职位", "职称", "学历", "联系方式"]


def valid_id(body: str) -> str:
    """A synthetic resident ID: 17 digits plus their check digit."""
    from stdnum.cn import ric
    return body + ric.calc_check_digit(body + "0")  # stdnum reads the first 17 of 18 digits


ID_A, ID_B, ID_C = valid_id("37100219850101234"), valid_id("37100219900307447"), valid_id("14010519771212001")


def document(document_type: str, fields: dict[str, Any] | None = None, *, file: str | None = None,
             text: str = "", extra: dict[str, Any] | None = None, is_scan: bool = False, render=None,
             confidence: float = 1.0) -> Document:
    """A Document with fields set by hand (each at the given OCR confidence)."""
    name = file or f"{document_type}.pdf"
    read = ReadFile(file=name, format="image" if is_scan else "pdf", sha256="0" * 64,
                    pages=[Page(1, text, source="ocr" if is_scan else "text")], is_scan=is_scan, render=render)
    extracted = {key: ExtractedField(key, value, 1, str(value), confidence) for key, value in (fields or {}).items()}
    return Document(file=name, document_type=document_type, pages=(1,), read=read, fields=extracted,
                    extra=Extras(**(extra or {})))


def context(documents: Iterable[Document], *, city: str = "weihai", kind: str = "clinic",
            scheme: str | None = None, as_of: date = AS_OF, profile: Any = None,
            negative_list: Path | None = None, deadlines: dict[str, Any] | None = None,
            facts: dict[str, Any] | None = None) -> CheckContext:
    """A context whose checklist asks for the material of every document given."""
    documents = list(documents)
    materials: dict[str, MaterialStatus] = {}
    for doc in documents:
        material = MATERIAL_OF.get(doc.document_type, doc.document_type)
        if material not in materials:
            item = ChecklistItem(material=material, title=material, source="test", kinds=frozenset({kind}),
                                 schemes=frozenset(), procedures=frozenset({"application"}),
                                 document_types=(doc.document_type,))
            materials[material] = MaterialStatus(item, "present")
        materials[material].documents.append(doc)
    checklist = Checklist(city=city, title=city, version="test", effective="2020-01-01",
                          items=tuple(status.item for status in materials.values()),
                          settings={"deadlines": deadlines or {}})
    options = CheckOptions(package=Path("package"), city=city, kind=kind, scheme=scheme, as_of=as_of,
                           negative_list=negative_list)
    ctx = CheckContext(options=options, checklist=checklist, kind=kind, scheme=scheme,
                       documents=documents, materials=materials, profile=profile)
    from validator.extract.facts import derive_facts
    ctx.facts.update(derive_facts(documents, profile))
    ctx.facts.update(facts or {})
    return ctx


def run(code: str, ctx: CheckContext, **params: Any) -> list[Finding]:
    """Runs the rule ``code`` with ``params`` (the rest from its declared defaults)."""
    setting = RuleSetting(code=code, source="test 1(1)", params=params)
    findings = RULES[code].run(ctx, setting)
    for finding in findings:  # every placeholder its messages name is filled (validator.report.messages)
        assert finding.code in {*RULES[code].finding_codes, *COMMON_CODES}, finding.code
        assert not unfilled(finding), (finding.code, unfilled(finding))
    return findings


def codes(findings: Iterable[Finding]) -> list[str]:
    return sorted(finding.code for finding in findings)


def with_checklist_rules(ctx: CheckContext, settings: list[RuleSetting]) -> CheckContext:
    ctx.checklist = dataclasses.replace(ctx.checklist, rules=tuple(settings))
    return ctx


# --- real files ------------------------------------------------------------------------------

def license_pdf(path: Path, document_type: str, overrides: dict[str, str] | None = None, seed: int = 1) -> Path:
    """A synthetic license (samples.synth.certificates) as a text PDF, some rows' text replaced."""
    from samples.synth.certificates import make
    from samples.synth.render import to_pdf

    cert = make(document_type, seed)
    for row in cert.rows:
        if row.field in (overrides or {}):
            row.text = overrides[row.field]
    return to_pdf(cert, path)


def roster_xlsx(path: Path, rows: list[list[Any]], header: list[str] | None = None,
                title: str = "从业人员名册") -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.append(header or ROSTER_HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def letter_docx(path: Path, paragraphs: list[str]) -> Path:
    from docx import Document as Docx

    doc = Docx()
    for paragraph in paragraphs:
        doc.add_paragraph(paragraph)
    doc.save(path)
    return path


def letter_png(path: Path, lines: list[str], seal: bool = True, size: tuple[int, int] = (1240, 1754)) -> Path:
    """A colour scan of a letter (A4 at 150 dpi, warm white paper) in black text, with a red round
    stamp when ``seal``."""
    from PIL import Image, ImageDraw

    from samples.synth.fonts import pil_font

    image = Image.new("RGB", size, (252, 250, 243))
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        draw.text((120, 150 + index * 60), line, font=pil_font(36), fill="black")
    if seal:
        draw_seal(draw, (size[0] - 420, size[1] - 520), 150)
    image.save(path)
    return path


def draw_seal(draw: Any, centre: tuple[int, int], radius: int) -> None:
    """A red official seal: a ring, a star and an arc of text."""
    x, y = centre
    red = (215, 30, 35)
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=red, width=max(6, radius // 14))
    star = [(x + radius * 0.3 * dx, y + radius * 0.3 * dy) for dx, dy in
            ((0, -1), (0.22, -0.3), (0.95, -0.3), (0.36, 0.12), (0.59, 0.81), (0, 0.38),
             (-0.59, 0.81), (-0.36, 0.12), (-0.95, -0.3), (-0.22, -0.3))]
    draw.polygon(star, fill=red)


def read_documents(*paths: Path) -> list[Document]:
    """Real files through read_file → classify → extract_fields (validator.extract.extract_file)."""
    from validator.extract import extract_file

    documents: list[Document] = []
    for path in paths:
        documents.extend(extract_file(path, ocr=False)[0])
    return documents
