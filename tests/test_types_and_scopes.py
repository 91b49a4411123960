"""Types and scopes recognised, and refused where the seed says so (issue 21, item 4): a practice
licence whose 诊疗科目 are only cosmetic is a non-basic scope (weihai 十(一)); a type the city's
list plainly does not include is refused (健康体检中心 under harbin 六.1); doubt only for types
that are close, with the reason. Licences drawn here: labels in a column, 诊疗科目 over two lines."""
from __future__ import annotations

from pathlib import Path

import pytest

from rule_fixtures import context, document, read_documents, run
from validator.checklists.loader import load_checklist
from validator.report.messages import message


def _practice_licence(path: Path, institution_type: str, subjects: list[str]) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("STSong-Light", 24)
    pdf.drawString(170, 760, "医疗机构执业许可证")
    rows = [("机构名称", ["威海市环翠区丽颜医疗美容诊所"]), ("类    别", [institution_type]),
            ("诊疗科目", subjects), ("登 记 号", ["PDY60051337100217D1002"])]
    y = 690
    pdf.setFont("STSong-Light", 13)
    for label, lines in rows:
        pdf.drawString(70, y, label)
        for line in lines:
            pdf.drawString(170, y, line)
            y -= 20
        y -= 22
    pdf.save()
    return path


def _setting(city: str, code: str) -> dict:
    return load_checklist(city).rule(code).params


@pytest.mark.parametrize("subjects, refused", [
    (["医疗美容科：美容外科；美容皮肤科；", "美容牙科；美容中医科"], True),  # the audit: cosmetic only, over two lines
    (["内科；外科；儿科；", "美容皮肤科"], False),
    (["皮肤科；美容皮肤科；", "内科；美容外科"], False),  # near miss: half, not mainly
])
def test_a_cosmetic_only_scope_is_a_non_basic_practice(tmp_path, subjects, refused):
    docs = read_documents(_practice_licence(tmp_path / "执业许可证.pdf", "诊所", subjects))
    assert docs[0].document_type == "practice_license"
    findings = run("non_basic_service_scope", context(docs), **_setting("weihai", "non_basic_service_scope"))
    assert [f.code for f in findings] == (["non_basic_service_scope"] if refused else [])
    if refused:
        assert "美容中医科" in findings[0].found and findings[0].is_error  # the second line read too


def _typed(institution_type: str):
    licence = document("practice_license", {"institution_type": institution_type})
    return run("ineligible_institution_type", context([licence], city="harbin"),
               **_setting("harbin", "ineligible_institution_type"))


def test_a_health_check_centre_is_refused_under_harbin_with_its_clause(tmp_path):
    docs = read_documents(_practice_licence(tmp_path / "执业许可证.pdf", "健康体检中心", ["预防保健科；医学检验科"]))
    licence = next(d for d in docs if d.document_type == "practice_license")
    assert licence.value("institution_type") == "健康体检中心"
    (finding,) = run("ineligible_institution_type", context(docs, city="harbin"),
                     **_setting("harbin", "ineligible_institution_type"))
    assert finding.code == "ineligible_institution_type" and finding.is_error
    assert "安宁疗护" not in message(finding)


def test_a_listed_type_passes():
    assert _typed("社区卫生服务中心") == []


@pytest.mark.parametrize("close, reason", [("康复中心", "康复医疗机构"), ("卫生院", "通称"), ("门诊", "截断")])
def test_near_miss_a_close_type_is_doubt_naming_a_real_reason(close, reason):
    (finding,) = _typed(close)
    assert finding.code == "could_not_verify" and reason in finding.evidence["why"]


def test_a_shared_ending_alone_is_no_closeness():
    for plainly_other in ("体检中心", "医学检验实验室", "医学影像诊断中心"):
        (finding,) = _typed(plainly_other)
        assert finding.code == "ineligible_institution_type", plainly_other


def test_the_vocabularies_name_what_the_checklists_list():
    from validator.resources import load_data_yaml

    eligible = set(_setting("harbin", "ineligible_institution_type")["eligible"])
    for printed, close in load_data_yaml("institution_kin.yaml").items():
        assert set(close) == {"kin", "zh", "en"} and close["kin"] in eligible, printed
    kinds = set(_setting("weihai", "non_basic_service_scope")["subjects"])
    assert set(load_data_yaml("non_basic_subjects.yaml")) <= kinds
