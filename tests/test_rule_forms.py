"""blank_field (application form cells) and missing_seal (a red round stamp on a scan)."""
from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from rule_fixtures import context, document, draw_seal, letter_docx, letter_png, read_documents, run
from validator.extract.seal_detect import has_seal

LETTER = ["信用承诺书", "本机构郑重承诺：所提交的申请材料真实有效。", "承诺单位（盖章）：威海康宁诊所"]


def test_seal_detector_finds_a_red_ring_and_nothing_else():
    blank = Image.new("RGB", (1240, 1754), "white")
    assert not has_seal(blank)
    sealed = blank.copy()
    draw_seal(ImageDraw.Draw(sealed), (800, 1200), 150)
    assert has_seal(sealed)
    red_text = blank.copy()  # a red heading or a red filled box is not a stamp
    draw = ImageDraw.Draw(red_text)
    draw.rectangle((100, 100, 600, 160), fill=(220, 30, 30))
    draw.ellipse((700, 700, 900, 900), fill=(220, 30, 30))
    assert not has_seal(red_text)


@pytest.mark.parametrize("suffix", [".png", ".pdf"])
def test_missing_seal_on_a_scanned_commitment(tmp_path, suffix):
    def scan(name, seal):
        png = letter_png(tmp_path / f"{name}.png", LETTER, seal=seal)
        if suffix == ".pdf":  # an image-only PDF, as a scanner writes it
            Image.open(png).convert("RGB").save(tmp_path / f"{name}.pdf", resolution=150)
        return read_documents(tmp_path / f"{name}{suffix}")

    (finding,) = run("missing_seal", context(scan("承诺书", False)), materials=["integrity_commitment"])
    assert (finding.code, finding.severity, finding.material) == ("missing_seal", "warning", "integrity_commitment")
    assert run("missing_seal", context(scan("承诺书盖章", True)), materials=["integrity_commitment"]) == []


def test_seal_on_an_electronic_letter_cannot_be_verified(tmp_path):
    docs = read_documents(letter_docx(tmp_path / "承诺书.docx", LETTER))
    (finding,) = run("missing_seal", context(docs), materials=["integrity_commitment"])
    assert finding.code == "could_not_verify" and finding.evidence["rule"] == "missing_seal"


def _form(tmp_path, rows):
    from docx import Document as Docx

    doc = Docx()
    doc.add_paragraph("威海市医疗保障定点医疗机构申请表")
    table = doc.add_table(rows=0, cols=2)
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    doc.save(tmp_path / "申请表.docx")
    return read_documents(tmp_path / "申请表.docx")


def test_blank_cells_of_a_real_application_form(tmp_path):
    docs = _form(tmp_path, [("机构名称", "威海康宁诊所"), ("法定代表人", ""), ("统一社会信用代码", "")])
    assert docs[0].document_type == "application_form"
    findings = run("blank_field", context(docs), fields=["institution_name", "legal_representative", "address"])
    found = {(f.code, f.field) for f in findings}
    assert ("blank_field", "legal_representative") in found
    assert ("field_not_found", "address") in found  # no 地址 label at all: a template problem, not a blank
    assert not any(f.field == "institution_name" for f in findings)


def test_filled_form_and_scanned_form():
    filled = document("application_form", {"institution_name": "威海康宁诊所"}, text="机构名称 威海康宁诊所")
    assert run("blank_field", context([filled]), fields=["institution_name"]) == []
    scan = document("application_form", {}, text="机构名称", is_scan=True)
    (finding,) = run("blank_field", context([scan]), fields=["institution_name"])
    assert finding.code == "could_not_verify"


def test_a_form_filled_from_a_profile_without_legal_rep_and_address(tmp_path):
    """The Harbin application form as generators.fill writes it: the signer's placeholder
    "法定代表人（签字）" is not an entry, and the empty 执业地址 cell is blank."""
    import dataclasses
    from datetime import date
    from pathlib import Path

    from generators.fill import fill_form
    from validator.domain.profile import load_profile

    profile = load_profile(Path(__file__).resolve().parent.parent / "samples" / "profiles" / "harbin.yaml")
    fields = ["institution_name", "uscc", "address", "legal_representative"]
    full = read_documents(fill_form("harbin-application", profile, tmp_path / "full.docx", date(2026, 11, 23)))
    assert [f for f in run("blank_field", context(full), fields=fields) if f.code == "blank_field"] == []
    gaps = dataclasses.replace(profile, legal_representative=None, address=None)
    docs = read_documents(fill_form("harbin-application", gaps, tmp_path / "gaps.docx", date(2026, 11, 23)))
    blank = sorted(f.field for f in run("blank_field", context(docs), fields=fields) if f.code == "blank_field")
    assert blank == ["address", "legal_representative"]


def test_blank_field_reads_weihai_change_and_suspension_forms(tmp_path):
    """Audit §2.9: Weihai has no application form, so blank_field must read the forms 八(四)1 and
    八(五)1 name; a filled one gives nothing, one without the legal representative a blank."""
    import dataclasses
    from datetime import date
    from pathlib import Path

    from generators.fill import fill_form
    from validator.domain.profile import load_profile

    params = {"fields": ["institution_name", "legal_representative"],
              "materials": ["change_application_form", "suspension_termination_form"]}
    profile = load_profile(Path(__file__).resolve().parent.parent / "samples" / "profiles" / "weihai.yaml")
    for form, doc_type in (("weihai-change-request", "change_application_form"),
                           ("weihai-suspension-termination", "suspension_termination_form")):
        full = read_documents(fill_form(form, profile, tmp_path / f"{form}.docx", date(2026, 11, 23)))
        assert full[0].document_type == doc_type
        assert [f for f in run("blank_field", context(full), **params) if f.code == "blank_field"] == []
        gaps = dataclasses.replace(profile, legal_representative=None)
        docs = read_documents(fill_form(form, gaps, tmp_path / f"{form}-gaps.docx", date(2026, 11, 23)))
        blank = [(f.field, f.material) for f in run("blank_field", context(docs), **params) if f.code == "blank_field"]
        assert blank == [("legal_representative", doc_type)], form


def test_a_video_is_never_asked_for_a_seal():
    """Harbin 附件2(四): the acceptance material is a video plus the (6-03-01) form; the seal belongs
    on the form. A video gives nothing, the electronic form still asks for a look (near miss)."""
    import dataclasses

    video = document("eprescription_acceptance", file="验收视频.mp4")
    video = dataclasses.replace(video, read=dataclasses.replace(video.read, format="video", pages=[]))
    form = document("eprescription_acceptance", file="验收申请表.docx")
    ctx = context([video, form], city="harbin")
    findings = run("missing_seal", ctx, materials=["eprescription_acceptance"])
    assert [f.file for f in findings] == ["验收申请表.docx"]
