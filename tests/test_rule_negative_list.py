"""negative_list_match: USCC, name and person matches, expired entries, city grounds."""
from __future__ import annotations

from datetime import date

from rule_fixtures import ID_A, ID_B, context, document, run
from test_rule_validity import GOOD_USCC
from validator.messages import message

YEARS = {"false_materials": 3, "terminated_for_violation": 3, "serious_breach": 1, "legal_rep_of_terminated": 5}


def listed(tmp_path, *rows):
    path = tmp_path / "不予受理名单.csv"
    lines = ["机构名称,统一社会信用代码,法定代表人,身份证号码,情形,认定日期,限制期限至", *rows]
    path.write_bytes("\n".join(lines).encode("gbk"))
    return path


def package(tmp_path, *rows, **kwargs):
    licence = document("business_license", {"institution_name": "威海康宁诊所", "uscc": GOOD_USCC,
                                            "legal_representative": "王伟"})
    return context([licence], negative_list=listed(tmp_path, *rows), **kwargs)


def test_match_by_uscc_names_the_entry_reason_and_ban_end(tmp_path):
    ctx = package(tmp_path, f"别的名字,{GOOD_USCC},,,申请定点过程中提供虚假申请材料,2025-01-10,")
    (finding,) = run("negative_list_match", ctx, ban_years=YEARS)
    assert finding.severity == "error" and finding.evidence["matched_on"] == "uscc"
    assert finding.evidence["ban_end"] == "2028-01-10" and finding.evidence["reason"] == "false_materials"
    assert "2028-01-10" in message(finding) and "虚假" in message(finding)


def test_match_by_normalised_name_and_by_person(tmp_path):
    ctx = package(tmp_path, "威海 康宁诊所,,,,因违法违规被解除医保协议,2024-06-01,",
                  "某某诊所,,王伟,,法定代表人因严重违法违规导致原定点医疗机构被解除医保协议,2023-01-01,")
    findings = run("negative_list_match", ctx, ban_years=YEARS)
    assert sorted(f.evidence["matched_on"] for f in findings) == ["name", "person"]


def test_person_with_a_different_id_number_does_not_match(tmp_path):
    card = document("id_card", {"person_name": "王伟", "id_number": ID_A})
    ctx = package(tmp_path, f"某某诊所,,王伟,{ID_B},被列入失信被执行人名单,2023-01-01,")
    ctx.documents.append(card)
    assert run("negative_list_match", ctx, ban_years=YEARS) == []


def test_expired_entry_is_info_only(tmp_path):
    ctx = package(tmp_path, "威海康宁诊所,,,,因严重违反医保协议约定被解除协议,2024-01-01,")
    (finding,) = run("negative_list_match", ctx, ban_years=YEARS)
    assert finding.severity == "info" and finding.evidence["ban_end"] == "2025-01-01"


def test_shandong_two_years_for_false_materials(tmp_path):
    row = f"威海康宁诊所,{GOOD_USCC},,,弄虚作假,2024-12-01,"
    shandong = run("negative_list_match", package(tmp_path, row, as_of=date(2026, 12, 2)),
                   ban_years={"false_materials": 2})
    assert shandong[0].severity == "info"
    weihai = run("negative_list_match", package(tmp_path, row, as_of=date(2026, 12, 2)), ban_years=YEARS)
    assert weihai[0].severity == "error"


def test_grounds_the_city_does_not_name_are_info(tmp_path):
    ctx = package(tmp_path, "威海康宁诊所,,,,被列入失信被执行人名单,2023-01-01,")
    (finding,) = run("negative_list_match", ctx, ban_years=YEARS, reasons=["false_materials"])
    assert finding.severity == "info"


def test_unknown_period_and_no_list(tmp_path):
    ctx = package(tmp_path, "威海康宁诊所,,,,其他情形,,")
    (finding,) = run("negative_list_match", ctx, ban_years=YEARS)
    assert finding.code == "could_not_verify"
    assert run("negative_list_match", context([document("business_license", {"uscc": GOOD_USCC})])) == []
    unrelated = package(tmp_path, "济南同济医院,,李四,,提供虚假材料,2026-01-01,")
    assert run("negative_list_match", unrelated, ban_years=YEARS) == []
