"""End to end: run_check on small Weihai packages built from real files, with the city's rules."""
from __future__ import annotations

from datetime import date

import pytest

from rule_fixtures import ID_A, ID_B, ID_C, letter_docx, license_pdf, roster_xlsx
from validator.check.pipeline import run_check
from validator.rules.context import CheckOptions

NAME, ADDRESS, LEGAL = "威海市环翠区康宁诊所", "山东省威海市环翠区文化中路8号", "王伟"
STAFF = [[1, "王伟", ID_A, "医师", "主治医师", "本科", "13812345678"],
         [2, "李娜", ID_B, "护士", "护师", "大专", "13912345678"],
         [3, "张敏", ID_C, "医保管理员", "", "本科", "0631-5865159"]]
STATEMENT = ["本机构基本情况文字说明", NAME, "机构规模", "门诊部，床位0张。", "科室机构设置", "内科、外科。", "信息系统",
             "使用门诊信息管理系统。", "服务能力", "日均门诊60人次。", "诊疗服务特色", "全科诊疗。", "服务人群", "周边居民。"]


def build(folder, licence=None, staff=None):
    folder.mkdir()
    license_pdf(folder / "01-医疗机构执业许可证.pdf", "practice_license", {
        "institution_name": NAME, "address": ADDRESS, "legal_representative": LEGAL, "beds": "0张",
        "valid_from": "自2021年04月08日至2031年04月07日", "issue_date": "2021年04月08日", **(licence or {})})
    letter_docx(folder / "02-基本情况文字说明.docx", STATEMENT)
    letter_docx(folder / "03-内部管理制度和财务制度.docx", ["内部管理制度和财务制度", "一、医保管理制度", "二、财务管理制度"])
    letter_docx(folder / "04-基金使用预测性分析报告.docx", ["纳入定点后使用医疗保障基金的预测性分析报告", "一、预测依据"])
    roster_xlsx(folder / "05-从业人员名册.xlsx", staff or STAFF)
    license_pdf(folder / "医师执业证书.pdf", "physician_certificate",
                {"person_name": "王伟", "practice_location": NAME, "id_number": ID_A})
    return folder


def check(folder, **options):
    return run_check(CheckOptions(package=folder, city="weihai", kind="clinic", scheme="pooled",
                                  as_of=date(2026, 11, 23), ocr=False, **options))


def errors(report):
    return sorted((f.code, f.file) for f in report.findings if f.is_error)


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return build(tmp_path_factory.mktemp("weihai") / "clean")


def test_a_complete_package_gives_no_error(clean):
    report = check(clean)
    assert errors(report) == [] and report.verdict == "complete"
    assert report.facts["roster_counts"]["physicians"] == 1


def test_derived_facts_do_not_depend_on_which_rules_run(clean):
    """Staff counts, beds and operating-since come from validator.extract.facts before the rules: the same
    with --fast (no rules) as with every rule."""
    full, fast = check(clean), check(clean, fast=True)
    keys = ("roster_counts", "beds", "operating_since")
    assert [fast.facts[key] for key in keys] == [full.facts[key] for key in keys]
    assert fast.facts["roster_counts"]["nurses"] == 1 and fast.facts["beds"] == 0
    assert not [row for row in fast.flatten("code", "severity") if row[1] == "error"]


def test_planted_defects_are_each_found(tmp_path):
    staff = [*STAFF, [4, "王伟", ID_A, "医师", "主治医师", "本科", "13812345678"]]
    folder = build(tmp_path / "defective", staff=staff,
                   licence={"valid_from": "自2016年04月08日至2026年04月07日", "issue_date": "2016年04月08日"})
    report = check(folder)
    codes = {code for code, _ in errors(report)}
    assert {"expired_document", "roster_duplicate_person"} <= codes
    assert report.verdict == "incomplete"


def test_a_negative_list_entry_by_name_only_is_doubt(clean, tmp_path):
    listed = tmp_path / "不予受理名单.csv"
    listed.write_text(f"机构名称,情形,认定日期\n{NAME},申请定点过程中提供虚假申请材料,2025-06-01\n", encoding="utf-8-sig")
    report = check(clean, negative_list=listed)
    assert errors(report) == [] and report.verdict == "complete"
    doubt = [f for f in report.findings if f.code == "could_not_verify" and f.evidence.get("rule") == "negative_list_match"]
    assert doubt and NAME in doubt[0].evidence["why"]


def test_a_negative_list_entry_with_the_uscc_makes_the_package_ineligible(tmp_path):
    from test_rule_validity import GOOD_USCC

    folder = build(tmp_path / "with-licence")
    license_pdf(folder / "06-营业执照.pdf", "business_license", {
        "institution_name": NAME, "address": ADDRESS, "legal_representative": LEGAL, "uscc": GOOD_USCC})
    listed = tmp_path / "不予受理名单.csv"
    listed.write_text(f"机构名称,统一社会信用代码,情形,认定日期\n别的名称,{GOOD_USCC},申请定点过程中提供虚假申请材料,2025-06-01\n",
                      encoding="utf-8-sig")
    report = check(folder, negative_list=listed)
    assert ("negative_list_match", None) in errors(report) and report.verdict == "ineligible"
