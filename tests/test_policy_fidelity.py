"""Smaller fixes of the policy-fidelity audit that belong to no single rule."""
from __future__ import annotations

import pytest

from rule_fixtures import letter_docx, read_documents
from validator.checklists.loader import load_checklist


def test_taiyuan_medical_personnel_include_nurses(tmp_path):
    """taiyuan 五.3 asks for the certificates of 医务人员, not only physicians'."""
    lines = ["护士执业证书", "姓名 李娜", "注册有效期至 2030年1月1日"]
    (nurse,) = read_documents(letter_docx(tmp_path / "护士执业证书.docx", lines))
    assert nurse.document_type == "medical_staff_certificate"
    (item,) = [i for i in load_checklist("taiyuan").items if i.material == "physician_certificates"]
    assert nurse.document_type in item.document_types
    # Harbin 七(二)2(3) asks for physicians' certificates only (near miss: a nurse's does not count there)
    (harbin,) = [i for i in load_checklist("harbin").items if i.material == "physician_certificates"]
    assert nurse.document_type not in harbin.document_types


def test_no_invented_evaluation_period():
    """Taiyuan 六 (dynamic declaration) and the Shandong notice set no evaluation period."""
    for city in ("taiyuan", "shandong-provincial"):
        assert load_checklist(city).rule("expiring_soon").params["evaluation_months"] == 0
    assert load_checklist("harbin").rule("expiring_soon").params["evaluation_months"] == 3


def test_shandong_prerequisites_are_facts_that_give_doubt_when_unknown(tmp_path):
    """shandong 一、1 / 一、2: only Jinan-designated institutions (门诊慢性病 and 住院统筹) already in the
    省直 personal-account designation, and Jinan-designated pharmacies, may apply."""
    from rule_fixtures import context, run

    params = load_checklist("shandong-provincial").rule("prerequisite_not_met").params
    (agreement,) = read_documents(letter_docx(tmp_path / "济南市医保服务协议.docx", [
        "济南市基本医疗保险定点医疗机构服务协议", "甲方：济南市医疗保障事业中心", "协议范围：门诊慢性病、住院统筹"]))
    assert agreement.document_type == "service_agreement"
    held = context([agreement], city="shandong-provincial", kind="hospital", scheme="pooled")
    (unknown,) = run("prerequisite_not_met", held, **params)  # 省直 personal account: not shown
    assert unknown.code == "could_not_verify" and unknown.evidence["fact"] == "provincial_personal_account"
    (any_agreement,) = read_documents(letter_docx(tmp_path / "协议.docx", ["济南市医保服务协议", "甲方：济南市医疗保障事业中心"]))
    silent = context([any_agreement], city="shandong-provincial", kind="hospital", scheme="pooled")
    assert [f.evidence["fact"] for f in run("prerequisite_not_met", silent, **params)] == [
        "jinan_chronic_and_inpatient", "provincial_personal_account"]
    refused = context([agreement], city="shandong-provincial", kind="hospital", scheme="pooled",
                      facts={"provincial_personal_account": False})
    (finding,) = run("prerequisite_not_met", refused, **params)
    assert finding.code == "prerequisite_not_met" and finding.is_error


# --- the audit's probes, on copies of the shipped samples -----------------------------------------

import dataclasses  # noqa: E402
import shutil  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

from validator.check.pipeline import run_check  # noqa: E402
from validator.rules.context import CheckOptions  # noqa: E402

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _copy(tmp_path, name):
    return Path(shutil.copytree(SAMPLES / "packages" / name, tmp_path / name))


def _check(package, **options):
    return run_check(CheckOptions(package=package, as_of=date(2026, 11, 23), **options))


@pytest.mark.slow  # OCR of the sample's scanned licence
@pytest.mark.parametrize("change, vetoed", [({"po-2a": 0, "po-2b": 0, "po-3b": 4}, ""), ({"po-1": "不合格"}, "申请条件")])
def test_weihai_self_assessment_is_advice_in_a_whole_check(tmp_path, change, vetoed):
    """Audit §5.1 / §5.5: an 81-point self-score, or item 1 marked 不合格 at 95 points, leaves the
    package complete with a warning saying what the on-site evaluation would conclude."""
    from generators.fill import fill_form
    from validator.domain.profile import load_profile

    package = _copy(tmp_path, "weihai-clinic-pooled-complete")
    profile = load_profile(SAMPLES / "profiles" / "weihai.yaml")
    scored = dataclasses.replace(profile, self_scores={**profile.self_scores, **change})
    fill_form("weihai-evaluation-pooled", scored, package / "06-评估表.docx", date(2026, 11, 23))
    report = _check(package)
    assert report.verdict == "complete"
    (advice,) = [f for f in report.findings if f.code == "assessment_score_below_threshold"]
    assert advice.severity == "warning" and advice.evidence["vetoed"] == vetoed
    assert "现场评估将为不合格" in advice.evidence["conclusion_zh"]


@pytest.mark.slow  # OCR of the sample's photographed business licence
def test_a_namesake_on_the_negative_list_does_not_refuse_yangzhou(tmp_path):
    """Audit §2.3: another pharmacy whose legal representative is also 吴文华 (with an ID number)."""
    listed = tmp_path / "名单.csv"
    listed.write_text("机构名称,法定代表人,身份证号码,情形,认定日期\n某某大药房,吴文华,110101199003071234,"
                      "提供虚假申请材料,2025-06-01\n", encoding="utf-8-sig")
    report = _check(SAMPLES / "packages" / "yangzhou-pharmacy-complete", negative_list=listed)
    assert report.verdict == "complete"
    (doubt,) = [f for f in report.findings if f.evidence.get("rule") == "negative_list_match"]
    assert doubt.code == "could_not_verify" and "某某大药房" in doubt.evidence["why"] and "吴文华" in doubt.evidence["why"]


def test_taiyuan_industry_department_penalty_refuses_on_the_uscc(tmp_path):
    """Audit §1 Taiyuan / §5.9: "被卫生健康部门行政处罚" is the seed's "dealt with by industry departments"."""
    listed = tmp_path / "名单.csv"
    listed.write_text("机构名称,统一社会信用代码,情形,认定日期\n太原市小店区济民门诊部,91140105158813998N,"
                      "被卫生健康部门行政处罚,2025-06-01\n", encoding="utf-8-sig")
    report = _check(SAMPLES / "packages" / "taiyuan-clinic-complete", negative_list=listed)
    assert report.verdict == "ineligible"
    (match,) = [f for f in report.findings if f.code == "negative_list_match"]
    assert match.source.startswith("000_f517f697d43ff996.txt 四") and match.evidence["ban_end"] == "2028-06-01"


def test_harbin_acceptance_video_is_the_material_it_is(tmp_path):
    """Audit §1 Harbin 附件2(四) / §5.8: the e-prescription acceptance video (.mp4) at signing is the
    material, not an unsupported format, and is not asked for a seal (the form carries it)."""
    package = tmp_path / "signing"
    package.mkdir()
    shutil.copy(SAMPLES / "packages" / "harbin-clinic-complete" / "profile.yaml", package / "profile.yaml")
    # an ISO media file header (ftyp box, brand mp42), as a phone or screen recorder writes it
    header = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom\x00\x00\x00\x08free"
    (package / "验收视频.mp4").write_bytes(header)
    (package / "screen-0001.mp4").write_bytes(header + b"\x00")  # a recording no name identifies: by its format
    report = _check(package, procedure="signing")
    status = {m.material: (m.status, m.files) for m in report.materials}
    assert status["eprescription_acceptance_video"] == ("present", ["screen-0001.mp4", "验收视频.mp4"])
    # 验收要件 2, the (6-03-01) form, is still asked for: both are required (附件2(四))
    assert status["eprescription_acceptance"][0] == "missing"
    on_video = [f.code for f in report.findings if f.file and f.file.endswith(".mp4")]
    assert on_video == []  # no unsupported_format, no seal warning
    assert "no_first_registered_physician" not in {f.evidence.get("rule", f.code) for f in report.findings}


@pytest.mark.parametrize("items, licences, legal_rep, pharmacist", [
    (["主要负责人"], True, True, False),
    (["银行账户"], False, False, False),  # 八(四)2 按实际情况提供: no licence for a bank account
    (["执业药师"], False, False, True),
    ([], None, None, None),  # not stated: unknown, so the items are conditional (doubt), never missing
])
def test_change_facts_from_the_profile(items, licences, legal_rep, pharmacist):
    from validator.extract.facts import derive_facts

    profile = {"change_request": {"items": [{"item": item} for item in items]}}
    facts = derive_facts([], profile)
    assert (facts["change_concerns_licences"], facts["changes_legal_representative"],
            facts["changes_licensed_pharmacist"]) == (licences, legal_rep, pharmacist)
