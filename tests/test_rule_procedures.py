"""Rules belong to procedures: application-stage eligibility does not run at
signing, change, suspension or termination, and the conditions those procedures do have are
checked (weihai 八(一)-(三); yangzhou 四(一)3(1)-(2))."""
from __future__ import annotations

import dataclasses

import pytest

from rule_fixtures import AS_OF, context, document, run
from validator.checklists.loader import load_checklist

WEIHAI = load_checklist("weihai").rule("procedure_condition_not_met").params
YANGZHOU = load_checklist("yangzhou").rule("procedure_condition_not_met").params


def at(procedure, profile, documents=(), city="weihai"):
    ctx = context(list(documents), city=city, profile=profile)
    ctx.options = dataclasses.replace(ctx.options, procedure=procedure)
    return ctx


def suspension(from_date=None, until_date=None):
    request = {"action": "中止", **({"from_date": from_date} if from_date else {}),
               **({"until_date": until_date} if until_date else {})}
    return {"suspension_request": request}


@pytest.mark.parametrize("procedure", ["suspension", "termination"])
def test_request_three_months_ahead(procedure):
    (late,) = run("procedure_condition_not_met", at(procedure, suspension("2027-01-23")), **WEIHAI)
    assert late.code == "procedure_condition_not_met" and late.severity == "error"
    assert "3个月" in late.evidence["condition_zh"] and late.evidence["due"] == "2027-02-23"
    # exactly three months ahead is in time (near miss)
    assert run("procedure_condition_not_met", at(procedure, suspension("2027-02-23")), **WEIHAI) == []
    (unknown,) = run("procedure_condition_not_met", at(procedure, suspension()), **WEIHAI)
    assert unknown.code == "could_not_verify" and not unknown.is_error


def test_suspension_at_most_180_days():
    (long,) = run("procedure_condition_not_met", at("suspension", suspension("2027-03-01", "2027-09-30")), **WEIHAI)
    assert long.source == "test 八(二)"
    assert "180日" in long.evidence["condition_zh"]
    assert run("procedure_condition_not_met", at("suspension", suspension("2027-03-01", "2027-08-27")), **WEIHAI) == []


def change(items, approval_date=None):
    return {"change_request": {"items": [{"item": item} for item in items],
                               **({"approval_date": approval_date} if approval_date else {})}}


def test_weihai_major_change_within_30_working_days():
    (late,) = run("procedure_condition_not_met", at("change", change(["主要负责人"], "2026-09-01")), **WEIHAI)
    assert late.severity == "warning" and "30个工作日" in late.evidence["condition_zh"]
    assert run("procedure_condition_not_met", at("change", change(["银行账户"], "2026-11-02")), **WEIHAI) == []
    # a general change (a contact phone) has no 30-day limit: "应及时书面告知"
    assert run("procedure_condition_not_met", at("change", change(["联系电话"], "2026-01-01")), **WEIHAI) == []
    (unknown,) = run("procedure_condition_not_met", at("change", change(["名称"])), **WEIHAI)
    assert unknown.code == "could_not_verify"


def test_yangzhou_changes_15_days_after_or_ahead():
    ctx = lambda profile: at("change", profile, city="yangzhou")  # noqa: E731
    (late,) = run("procedure_condition_not_met", ctx(change(["执业药师"], "2026-11-01")), **YANGZHOU)
    assert late.severity == "warning" and "15日" in late.evidence["condition_zh"]
    assert run("procedure_condition_not_met", ctx(change(["执业药师"], "2026-11-10")), **YANGZHOU) == []
    (short,) = [f for f in run("procedure_condition_not_met", ctx(change(["经营地址"], "2026-12-01")), **YANGZHOU)
                if f.code == "procedure_condition_not_met"]
    assert "提前15日" in short.evidence["condition_zh"]
    assert [f.code for f in run("procedure_condition_not_met", ctx(change(["经营地址"], "2026-12-10")), **YANGZHOU)
            ] == ["procedure_route"]


def test_conditions_do_not_run_at_application():
    assert run("procedure_condition_not_met", at("application", suspension("2026-11-24")), **WEIHAI) == []


def test_public_institutions_may_not_request_suspension_or_termination():
    params = load_checklist("weihai").rule("procedure_not_permitted").params
    public = document("public_institution_certificate", {"institution_name": "威海市立医院"})
    (refused,) = run("procedure_not_permitted", at("termination", None, [public]), **params)
    assert refused.code == "procedure_not_permitted" and refused.is_error
    private = document("business_license", {"institution_name": "威海康宁诊所", "institution_type": "有限责任公司"})
    assert run("procedure_not_permitted", at("suspension", None, [private]), **params) == []
    (unknown,) = run("procedure_not_permitted", at("suspension", None, []), **params)
    assert unknown.code == "could_not_verify"
    assert run("procedure_not_permitted", at("change", None, [public]), **params) == []


def test_application_rules_do_not_run_in_other_procedures(tmp_path):
    """Audit §2.8: no_first_registered_physician ran at suspension and signing, citing 五(二)."""
    from test_rule_check import build, check
    from validator.check.pipeline import run_check
    from validator.rules.context import CheckOptions

    folder = build(tmp_path / "no-physician")
    (folder / "医师执业证书.pdf").unlink()
    def rules(report):
        return {f.evidence.get("rule", f.code) for f in report.findings}

    assert "no_first_registered_physician" in rules(check(folder))
    at_suspension = run_check(CheckOptions(package=folder, city="weihai", kind="clinic", scheme="pooled",
                                           procedure="suspension", as_of=AS_OF, ocr=False))
    assert not rules(at_suspension) & {"no_first_registered_physician", "operating_period_too_short",
                                       "roster_missing_column", "assessment_score_below_threshold"}
    # the suspension's own conditions run instead (facts unknown here: doubt, never an error)
    assert "procedure_condition_not_met" in rules(at_suspension)
    assert not any(f.is_error for f in at_suspension.findings if f.code == "could_not_verify")


def test_weihai_change_copies_are_sealed_and_only_at_change(tmp_path):
    """八(四)2 / 八(四)4 "复印件需盖章": the seal rule runs on the change's licence copies, and not on
    an application's licences (application has no such clause)."""
    from rule_fixtures import license_pdf, read_documents, with_checklist_rules
    from validator.rules import run_rules

    setting = load_checklist("weihai").rule("missing_seal")
    assert setting.procedures == {"change"}
    docs = read_documents(license_pdf(tmp_path / "营业执照复印件.pdf", "business_license", {}))
    for procedure, expected in (("change", 1), ("application", 0)):
        ctx = with_checklist_rules(at(procedure, None, docs), [setting])
        assert len([f for f in run_rules(ctx) if f.evidence.get("rule", f.code) == "missing_seal"]) == expected


def test_yangzhou_address_or_legal_rep_change_goes_through_a_new_designation():
    """四(一)3(2): the check says so and what to submit; a pharmacist change (3(1)) does not."""
    ctx = lambda profile: at("change", profile, city="yangzhou")  # noqa: E731
    found = run("procedure_condition_not_met", ctx(change(["经营地址"], "2026-12-10")), **YANGZHOU)
    (route,) = [f for f in found if f.code == "procedure_route"]
    assert route.severity == "warning" and route.source.endswith("四(一)3(2)")
    assert "按新增定点程序办理" in route.evidence["route_zh"] and "原协议自动终止" in route.evidence["route_zh"]
    assert "变更后的登记证照原件及复印件" in route.evidence["route_zh"]
    (legal,) = [f for f in run("procedure_condition_not_met", ctx(change(["法定代表人"], "2026-12-10")), **YANGZHOU)
                if f.code == "procedure_route"]
    assert "法定代表人" in legal.evidence["route_zh"]
    # near miss: a change of the person in charge (负责人, 3(1)) is an ordinary change
    assert [f.code for f in run("procedure_condition_not_met", ctx(change(["负责人"], "2026-11-20")), **YANGZHOU)] == []
    # weihai sets no such route
    assert [f for f in run("procedure_condition_not_met", at("change", change(["注册地址"], "2026-11-02")), **WEIHAI)
            if f.code == "procedure_route"] == []


def test_a_findings_supplement_day_is_the_procedures_own():
    """harbin 七(三) / yangzhou 三(一)2 are the application's periods: a change finding gives no day."""
    from validator.rules.common import correction_due

    supplement = {"supplement": [{"working_days": 5, "source": "test 三(一)2"}]}
    application = context([], city="yangzhou", deadlines=supplement)
    assert correction_due(application)["due"] == "2026-11-30"
    changing = context([], city="yangzhou", deadlines=supplement)
    changing.options = dataclasses.replace(changing.options, procedure="change")
    assert correction_due(changing) == {}
    signing = {"supplement": [{"working_days": 5, "procedures": ["signing"], "source": "test 附件2(5)"}]}
    ctx = context([], city="harbin", deadlines=signing)
    ctx.options = dataclasses.replace(ctx.options, procedure="signing")
    assert correction_due(ctx)["due"] == "2026-11-30"
