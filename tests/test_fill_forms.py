"""Every form filled from its city's sample profile: read back, compared with its normalised JSON
golden (tests/golden/<form>.json; `pytest --update-golden` rewrites them), titled so the
classifier assigns it to its material, and `fill --all` writing what each checklist asks for."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from generators.fill import fill_all, fill_form, output_name
from generators.forms_catalog import load_catalog
from generators.profile import load_profile, profile_from_mapping
from validator.extract import extract_file

sys.path.insert(0, str(Path(__file__).parent))
from golden_docs import compare, normalise  # noqa: E402

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "profiles"
WHEN = date(2025, 11, 20)
# material → the document type the classifier must give the generated file
DOCUMENT_TYPE = {
    "application_form": "application_form", "staff_roster": "staff_roster", "management_systems": "management_system",
    "fund_forecast": "fund_forecast", "integrity_commitment": "integrity_commitment",
    "self_assessment": "self_assessment", "basic_info_statement": "basic_info_statement",
    "dedicated_line_form": "dedicated_line_form", "eprescription_acceptance": "eprescription_acceptance",
    "network_opening_form": "network_opening_form", "change_application_form": "change_application_form",
    "suspension_termination_form": "suspension_termination_form",
}


def _profile(city: str):
    return load_profile(SAMPLES / f"{city}.yaml")


@pytest.mark.parametrize("spec", load_catalog(), ids=lambda spec: spec.id)
def test_form_matches_golden_and_is_classified(spec, tmp_path, request):
    out = fill_form(spec, _profile(spec.city), tmp_path / f"form{Path(spec.template).suffix}", WHEN)
    compare(spec.id, out, request.config.getoption("--update-golden"))
    data = normalise(out)
    head = data["paragraphs"][:3] if "paragraphs" in data else [row[0] for row in data["sheets"]["名册"][:3]]
    assert spec.title.split("（")[0] in head
    [document] = extract_file(out, ocr=False)[0]
    assert document.document_type == DOCUMENT_TYPE[spec.material]


def test_weihai_self_scores_total_and_verdict(tmp_path):
    profile = _profile("weihai")
    out = fill_form("weihai-evaluation-pooled", profile, tmp_path / "e.docx", WHEN)
    assert "自评总分：95分（满分100分，90分以上为合格），自评结论：合格" in normalise(out)["paragraphs"]
    low = profile_from_mapping({**profile.to_mapping(), "self_scores": {"po-2a": 50, "po-5": 10}})
    out = fill_form("weihai-evaluation-pooled", low, tmp_path / "low.docx", WHEN)
    # a self-score is capped at the item's maximum (备注2)
    assert "自评总分：15分（满分100分，90分以上为合格），自评结论：不合格" in normalise(out)["paragraphs"]


def test_roster_has_weihai_columns_and_one_row_per_person(tmp_path):
    profile = _profile("weihai")
    rows = normalise(fill_form("weihai-staff-roster", profile, tmp_path / "r.xlsx", WHEN))["sheets"]["名册"]
    header = rows.index(["序号", "姓名", "身份证", "职位", "职称", "学历", "联系方式"])
    body = rows[header + 1:]
    assert [row[:3] for row in body] == [[str(i), m.name, m.id_number] for i, m in enumerate(profile.staff, 1)]


def test_profile_values_are_escaped_in_forms(tmp_path):
    hostile = profile_from_mapping({**_profile("harbin").to_mapping(),
                                    "institution_name": "{{ 7*7 }}<w:p>诊所", "address": "{% raw %}"})
    data = normalise(fill_form("harbin-application", hostile, tmp_path / "a.docx", WHEN))
    assert ["机构名称", "{{ 7*7 }}<w:p>诊所"] in data["tables"][0]
    assert ["执业地址", "{% raw %}"] in data["tables"][0]


def test_eprescription_output_is_named_by_date_and_institution():
    spec = next(spec for spec in load_catalog() if spec.id == "harbin-eprescription-acceptance")
    assert output_name(spec, _profile("harbin"), WHEN) == "哈尔滨市处方流转验收材料—20251120哈尔滨市南岗区康宁诊所.docx"


EXPECTED_ALL = {
    "harbin": ["01-申请表.docx", "02-人员花名册.xlsx", "06-管理制度.docx", "08-基金使用预测性分析报告.docx",
               "09-诚信承诺书.docx", "10-综合评估表.docx"],
    "weihai": ["02-基本情况文字说明.docx", "03-内部管理制度和财务制度.docx", "04-基金使用预测性分析报告.docx",
               "05-从业人员名册.xlsx"],
    "shandong-provincial": ["01-申请表.docx", "02-基本情况文字说明.docx", "03-自评表（第1份）.docx",
                            "03-自评表（第2份）.docx"],
    "taiyuan": ["01-基本信息表.docx", "02-定点服务资格承诺书.docx", "06-内部管理制度.docx"],
    "yangzhou": ["01-书面申请.docx", "06-管理制度.docx", "09-诚信承诺书.docx"],
}


@pytest.mark.parametrize("city", sorted(EXPECTED_ALL))
def test_fill_all_writes_the_checklist_forms(city, tmp_path):
    result = fill_all(_profile(city), tmp_path, today=WHEN)
    assert sorted(p.name for p in tmp_path.iterdir()) == EXPECTED_ALL[city]
    assert [path.name for _, path in result.written] == EXPECTED_ALL[city]
    assert "practice_license" in {m for m, _ in result.from_scans} or city in ("yangzhou", "shandong-provincial")


@pytest.mark.parametrize("city, procedure, materials", [
    ("harbin", "signing", {"dedicated_line_form", "integrity_commitment", "eprescription_acceptance"}),
    ("taiyuan", "signing", {"network_opening_form", "integrity_commitment", "basic_info_statement"}),
    ("yangzhou", "signing", {"integrity_commitment"}),
    ("yangzhou", "change", {"change_application_form"}),
    ("weihai", "change", {"change_application_form"}),
    ("weihai", "termination", {"suspension_termination_form"}),
])
def test_fill_all_other_procedures(tmp_path, city, procedure, materials):
    result = fill_all(_profile(city), tmp_path, procedure=procedure, today=WHEN)
    assert {m for m, _ in result.written} == materials
