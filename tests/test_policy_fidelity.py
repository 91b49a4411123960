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
