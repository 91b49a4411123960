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
from validator.domain.profile import load_profile, profile_from_mapping
from validator.extract import extract_file
from validator.resources import list_cities

sys.path.insert(0, str(Path(__file__).parent))
from golden_docs import compare, normalise  # noqa: E402
from city_facts import city_facts  # noqa: E402

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


def _text(path) -> str:
    data = normalise(path)
    cells = [cell for table in data.get("tables", []) for row in table for cell in row]
    return "\n".join([*data.get("paragraphs", []), *cells])


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
    low = profile_from_mapping({**profile.to_mapping(), "self_scores": {**profile.self_scores, "po-2a": 50,
                                                                         "po-2b": 0, "po-2c": 0}})
    out = fill_form("weihai-evaluation-pooled", low, tmp_path / "low.docx", WHEN)
    # a self-score is capped at the item's maximum (备注2)
    assert "自评总分：77分（满分100分，90分以上为合格），自评结论：不合格" in normalise(out)["paragraphs"]


def test_self_assessment_states_nothing_the_profile_does_not(tmp_path):
    profile = _profile("weihai")
    partial = profile_from_mapping({**profile.to_mapping(), "self_scores": {"po-2a": 5}})
    data = normalise(fill_form("weihai-evaluation-pooled", partial, tmp_path / "p.docx", WHEN))
    # item 1 (申请条件) unstated: empty boxes, and no total or conclusion
    assert ["1", "申请条件"] == data["tables"][0][1][:2] and data["tables"][0][1][4] == "□合格 □不合格"
    assert "自评总分： 分（满分100分，90分以上为合格），自评结论：□合格 □不合格" in data["paragraphs"]
    # item 1 marked 不合格 vetoes a full score (附件2 1: 不合格的不得纳入)
    vetoed = profile_from_mapping({**profile.to_mapping(), "self_scores": {**profile.self_scores, "po-1": "不合格"}})
    data = normalise(fill_form("weihai-evaluation-pooled", vetoed, tmp_path / "v.docx", WHEN))
    assert any(p.endswith("自评结论：不合格（否决项不合格：申请条件）") for p in data["paragraphs"])
    # 联网刷卡 (6b) scored 0: "不能满足医保联网刷卡需求的，暂不考虑纳入", whatever the total
    no_card = profile_from_mapping({**profile.to_mapping(), "self_scores": {**profile.self_scores, "po-6b": 0}})
    data = normalise(fill_form("weihai-evaluation-pooled", no_card, tmp_path / "c.docx", WHEN))
    assert any(p.endswith("自评结论：不合格（否决项不合格：联网刷卡）") for p in data["paragraphs"])
    harbin = normalise(fill_form("harbin-assessment", _profile("harbin"), tmp_path / "h.docx", WHEN))
    assert all(row[3] == "□符合 □不符合" for row in harbin["tables"][0][1:])
    assert "自评结论：□符合 □不符合申请条件" in harbin["paragraphs"]
    stated = profile_from_mapping({**_profile("harbin").to_mapping(),
                                   "self_scores": {f"hrb-{n}": "符合" for n in range(1, 7)}})
    assert "自评结论：符合申请条件" in normalise(fill_form("harbin-assessment", stated, tmp_path / "s.docx",
                                                     WHEN))["paragraphs"]


@pytest.mark.parametrize("form, key, sentence", [
    ("shandong-application-medical", "jinan_chronic_inpatient", "已纳入济南市医保门诊慢性病（原门规）、住院统筹协议定点管理"),
    # the sample is a pharmacy: 一(二)1 names market supervision and human resources, not health (audit NL-7)
    ("yangzhou-written-application", "no_penalty_6_months", "本机构申请前6个月内未受到市场监管、人社等部门的行政处罚"),
    ("weihai-basic-info", "direct_settlement_ready", "按规定使用国家统一的医保编码，可实现参保人员直接联网结算"),
])
def test_declarations_are_ticked_only_from_the_profile(tmp_path, form, key, sentence):
    from generators.forms_catalog import get_form

    city = get_form(form).city
    silent = profile_from_mapping({**_profile(city).to_mapping(), "declarations": {key: False}})
    text = _text(fill_form(form, silent, tmp_path / "a.docx", WHEN))
    assert f"□{sentence}" in text and f"☑{sentence}" not in text
    stated = profile_from_mapping({**_profile(city).to_mapping(), "declarations": {key: True}})
    text = _text(fill_form(form, stated, tmp_path / "b.docx", WHEN))
    assert f"☑{sentence}" in text


def test_pharmacy_commitment_has_no_physician_clauses(tmp_path):
    pharmacy = _text(fill_form("yangzhou-integrity-commitment", _profile("yangzhou"), tmp_path / "p.docx", WHEN))
    assert "医保医师管理考核制度" not in pharmacy and "医用材料" not in pharmacy and "经营药品" in pharmacy
    # 一(二)5: the pharmacy's systems concern drugs; 诊疗 and 医用材料 are the institutions' 一(一)5 (audit NL-6)
    systems = _text(fill_form("yangzhou-pharmacy-management-systems", _profile("yangzhou"), tmp_path / "s.docx", WHEN))
    assert "诊疗" not in systems and "医用材料" not in systems and "准予销售的药品" in systems
    clinic = profile_from_mapping({**_profile("yangzhou").to_mapping(), "kind": "clinic"})
    text = _text(fill_form("yangzhou-integrity-commitment", clinic, tmp_path / "c.docx", WHEN))
    assert "医保医师管理考核制度" in text


def test_clinic_without_beds_gets_outpatient_core_systems(tmp_path):
    profile = profile_from_mapping({**_profile("harbin").to_mapping(), "beds": 0})
    text = _text(fill_form("harbin-management-systems", profile, tmp_path / "m.docx", WHEN))
    assert "医疗质量安全核心制度" in text and not any(w in text for w in ("三级查房", "分级护理", "死亡病例讨论"))
    hospital = profile_from_mapping({**_profile("harbin").to_mapping(), "beds": 120})
    assert "三级查房" in _text(fill_form("harbin-management-systems", hospital, tmp_path / "h.docx", WHEN))


def test_reference_format_line_only_on_forms_the_seed_does_not_print(tmp_path):
    invented = _text(fill_form("harbin-application", _profile("harbin"), tmp_path / "a.docx", WHEN))
    assert "参考格式：《哈尔滨市医疗机构申请医保定点办事指南》列明本材料但未印制其格式" in invented
    printed = _text(fill_form("harbin-dedicated-line", _profile("harbin"), tmp_path / "d.docx", WHEN))
    assert "参考格式" not in printed and "☑ 定点机构营业执照" not in printed and "□ 定点机构营业执照" in printed


def test_late_change_and_suspension_forms_warn_with_the_citys_clause():
    from generators.forms_catalog import get_form
    from generators.timing import timing_warnings

    weihai = profile_from_mapping({**_profile("weihai").to_mapping(),
                                   "suspension_request": {"action": "中止", "from_date": "2026-03-01"}})
    [late] = timing_warnings(get_form("weihai-suspension-termination"), weihai, date(2026, 11, 20))
    assert "2025年12月1日" in late and "《威海市新增医疗保障定点医疗机构经办流程（试行）》八(三)" in late
    early = profile_from_mapping({**weihai.to_mapping(), "suspension_request": {"from_date": "2027-03-01"}})
    assert timing_warnings(get_form("weihai-suspension-termination"), early, date(2026, 11, 20)) == []
    change = profile_from_mapping({**weihai.to_mapping(), "change_request": {"approval_date": "2026-02-02"}})
    [late] = timing_warnings(get_form("weihai-change-request"), change, date(2026, 11, 20))
    assert "八(一)" in late


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


def test_eprescription_form_is_named_for_itself_not_the_zip():
    spec = next(spec for spec in load_catalog() if spec.id == "harbin-eprescription-acceptance")
    assert output_name(spec, _profile("harbin"), WHEN) == "（6-03-01）定点医疗机构验收申请表.docx"


@pytest.mark.parametrize("city", list_cities())
def test_fill_all_writes_the_checklist_forms(city, tmp_path):
    """The files and scans per city: tests/cities/<city>.yaml ``fill_all``."""
    expected = city_facts(city)["fill_all"]
    result = fill_all(_profile(city), tmp_path, today=WHEN)
    assert sorted(p.name for p in tmp_path.iterdir()) == expected["written"]
    assert [path.name for _, path in result.written] == expected["written"]
    assert {m for m, _ in result.from_scans} >= set(expected["from_scans"])


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


def test_a_change_is_checked_against_the_limit_of_its_own_case():
    from generators.forms_catalog import get_form
    from generators.timing import timing_warnings

    pharmacist = _profile("yangzhou")  # 执业药师 changed on 2026-02-10: 四(一)3(1), 15 days after
    [late] = timing_warnings(get_form("yangzhou-change-application"), pharmacist, date(2026, 11, 20))
    assert "四(一)3(1)" in late and "2026年2月25日" in late
    assert timing_warnings(get_form("yangzhou-change-application"), pharmacist, date(2026, 2, 20)) == []
    address = profile_from_mapping({**pharmacist.to_mapping(), "change_request": {
        "items": [{"item": "经营地址", "before": "a", "after": "b"}], "approval_date": "2026-02-10"}})
    [early] = timing_warnings(get_form("yangzhou-change-application"), address, date(2026, 2, 1))
    assert "四(一)3(2)" in early  # to be told 15 days in advance: 2026-01-26


def test_network_boxes_the_profile_does_not_settle_stay_empty(tmp_path):
    silent = profile_from_mapping({**_profile("harbin").to_mapping(), "network": {"operator": "联通"}})
    text = _text(fill_form("harbin-dedicated-line", silent, tmp_path / "d.docx", WHEN))
    assert "□有 □无" in text and "☑无" not in text and "☑联通" in text


def test_a_blank_self_assessment_reads_back_without_a_total(tmp_path):
    # criteria such as "全流程信息管理的得10分" are not the sheet's total
    blank = profile_from_mapping({**_profile("weihai").to_mapping(), "scheme": "personal-account", "self_scores": {}})
    [document] = extract_file(fill_form("weihai-evaluation-personal-account", blank, tmp_path / "e.docx", WHEN),
                              ocr=False)[0]
    assert document.value("total_score") is None
    scored = fill_form("weihai-evaluation-pooled", _profile("weihai"), tmp_path / "s.docx", WHEN)
    assert extract_file(scored, ocr=False)[0][0].value("total_score") == 95


def test_forecast_chart_labels_are_chinese_when_a_cjk_font_exists(monkeypatch):
    from generators import forecast

    rows = forecast.forecast_rows({"annual_visits": 1000, "average_cost": 100, "fund_share": 0.5, "years": 2})
    if not any(Path(path).is_file() for path in forecast.CJK_FONTS):
        pytest.skip("no CJK font installed (CI installs fonts-wqy-microhei)")
    chinese = forecast.forecast_chart(rows)
    monkeypatch.setattr(forecast, "CJK_FONTS", ())
    ascii_only = forecast.forecast_chart(rows)  # Y1 / 10k CNY rather than empty boxes
    assert chinese.data != ascii_only.data
