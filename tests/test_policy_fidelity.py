"""Smaller fixes of the policy-fidelity audit (issue 11 item 7) that belong to no single rule."""
from __future__ import annotations

from rule_fixtures import letter_docx, read_documents
from validator.checklists import load_checklist


def test_taiyuan_medical_personnel_include_nurses(tmp_path):
    """taiyuan 五.3 asks for the certificates of 医务人员, not only physicians'."""
    (nurse,) = read_documents(letter_docx(tmp_path / "护士执业证书.docx", ["护士执业证书", "姓名 李娜", "注册有效期至 2030年1月1日"]))
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
