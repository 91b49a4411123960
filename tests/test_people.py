"""People counted as people (issue 21, item 3): every kind of pharmacist's certificate the seed
accepts, one person's certificates once, two people twice; a name is tied to its ID number by any
document of the package. Certificates drawn here as text PDFs in a CID font, several in one file."""
from __future__ import annotations

from pathlib import Path

from rule_fixtures import ID_A, ID_B, context, document, read_documents, run
from test_rule_negative_list import YEARS, listed
from validator.extract.facts import person_ids


def _certificates(path: Path, pages: list[list[str]]) -> Path:
    """Certificates one per page (a scanned bundle's text layer), lines left-aligned."""
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path), pagesize=A5)
    for lines in pages:
        pdf.setFont("STSong-Light", 18)
        pdf.drawString(90, 520, lines[0])
        pdf.setFont("STSong-Light", 11)
        for index, line in enumerate(lines[1:]):
            pdf.drawString(50, 470 - index * 26, line)
        pdf.showPage()
    pdf.save()
    return path


REGISTRATION = ["执业药师注册证", "姓名 王芳", f"身份证号 {ID_A}", "执业类别 药学", "执业单位 济南市历下区康泰大药房有限公司",
                "注册证编号 370102201900123"]
QUALIFICATION = ["卫生专业技术资格证书", "姓名 李娜", "专业名称 药学", "资格名称 主管药师", "管理号 2018370102004417"]
TITLE_OF_WANG = ["职称证书", "姓名 王芳", "专业 药学", "职称 主管药师", "证书编号 ZC2016088"]


def _pharmacy(tmp_path, *pages):
    documents = read_documents(_certificates(tmp_path / "药师证书.pdf", list(pages)))
    licence = document("business_license", {"business_scope": "处方药、非处方药零售"})  # no 中药饮片
    return context([*documents, licence], kind="pharmacy", city="yangzhou")


def test_two_pharmacists_with_different_kinds_of_certificate_are_two(tmp_path):
    # the audit: a 执业药师注册证 and a 卫生专业技术资格证书 (药学) of another person, one PDF
    ctx = _pharmacy(tmp_path, REGISTRATION, QUALIFICATION)
    assert [d.document_type for d in ctx.documents[:2]] == ["pharmacist_certificate"] * 2
    assert run("insufficient_pharmacists", ctx, min_pharmacists=2, min_licensed=1) == []


def test_one_pharmacists_two_certificates_are_one_person(tmp_path):
    (finding,) = run("insufficient_pharmacists", _pharmacy(tmp_path, REGISTRATION, TITLE_OF_WANG),
                     min_pharmacists=2, min_licensed=1)
    assert (finding.field, finding.found) == ("pharmacists", 1)


def test_near_miss_a_namesake_with_another_id_number_is_a_second_person(tmp_path):
    namesake = ["执业药师注册证", "姓名 王芳", f"身份证号 {ID_B}", "执业类别 药学", "注册证编号 370102201900456"]
    assert run("insufficient_pharmacists", _pharmacy(tmp_path, REGISTRATION, namesake),
               min_pharmacists=2, min_licensed=1) == []


def test_certificates_without_a_readable_name_are_told_apart_by_number_or_page(tmp_path):
    unnamed = [["执业药师注册证", "执业类别 药学", f"注册证编号 37010220190012{n}"] for n in (3, 4)]
    assert run("insufficient_pharmacists", _pharmacy(tmp_path, *unnamed), min_pharmacists=2, min_licensed=1) == []


def test_a_name_is_tied_to_its_id_number_by_any_document():
    roster = document("staff_roster", extra={"roster": [{"name": "王 芳", "id_number": ID_A}]})
    card = document("id_card", {"person_name": "李娜", "id_number": ID_B})
    namesakes = [document("staff_roster", extra={"roster": [{"name": "张伟", "id_number": ID_A},
                                                             {"name": "张伟", "id_number": ID_B}]})]
    assert person_ids([roster, card, *namesakes]) == {"王芳": ID_A, "李娜": ID_B}


def _negative_list(tmp_path, roster_id: str | None):
    licence = document("business_license", {"institution_name": "威海康宁诊所", "legal_representative": "王伟"})
    rows = [{"name": "王伟", "id_number": roster_id, "position": "法定代表人"}] if roster_id else []
    roster = document("staff_roster", extra={"roster": rows})
    entry = f"某某诊所,,王伟,{ID_A},法定代表人因严重违法违规导致原定点医疗机构被解除医保协议,2024-01-01,"
    return run("negative_list_match", context([licence, roster], negative_list=listed(tmp_path, entry)),
               ban_years=YEARS)


def test_the_legal_representatives_id_number_from_the_roster_makes_a_list_entry_a_match(tmp_path):
    (finding,) = _negative_list(tmp_path, ID_A)
    assert (finding.severity, finding.evidence["matched_on"]) == ("error", "person_id")


def test_near_miss_the_roster_gives_the_name_another_id_number(tmp_path):
    assert _negative_list(tmp_path, ID_B) == []


def test_without_any_id_number_for_the_name_it_stays_doubt(tmp_path):
    (finding,) = _negative_list(tmp_path, None)
    assert (finding.code, finding.evidence["matched_on"]) == ("could_not_verify", "person_name")
