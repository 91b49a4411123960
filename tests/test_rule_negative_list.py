"""negative_list_match: USCC and ID-number matches refuse; name-only matches are doubt
(could_not_verify naming both parties); expired entries, city grounds, weihai 十(五)/(六)."""
from __future__ import annotations

from datetime import date

from rule_fixtures import ID_A, ID_B, context, document, run
from test_rule_validity import GOOD_USCC
from validator.report.messages import message

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


def test_a_name_only_match_is_doubt_naming_both_parties(tmp_path):
    """Issue 11 / audit §2.3: an institution name or a person's name alone (no USCC or ID number
    agreeing) is not proof of identity."""
    ctx = package(tmp_path, "威海 康宁诊所,,,,因违法违规被解除医保协议,2024-06-01,",
                  "某某诊所,,王伟,,法定代表人因严重违法违规导致原定点医疗机构被解除医保协议,2023-01-01,")
    findings = run("negative_list_match", ctx, ban_years=YEARS)
    assert [f.code for f in findings] == ["could_not_verify", "could_not_verify"]
    assert sorted(f.evidence["matched_on"] for f in findings) == ["name", "person_name"]
    person = next(f for f in findings if f.evidence["matched_on"] == "person_name")
    assert "某某诊所" in person.evidence["why"] and "王伟" in person.evidence["why"]
    assert "namesake" in person.evidence["why_en"]


def test_a_namesake_with_an_id_number_on_the_list_only_is_doubt_not_a_refusal(tmp_path):
    """The audit's probe: another institution's legal representative, same name, ID on the list
    only (an application rarely holds an ID card)."""
    ctx = package(tmp_path, f"某某大药房,,王伟,{ID_B},提供虚假申请材料,2025-01-01,")
    (finding,) = run("negative_list_match", ctx, ban_years=YEARS)
    assert finding.code == "could_not_verify" and finding.evidence["package_party"] == "王伟"


def test_a_person_with_the_same_id_number_is_a_match(tmp_path):
    card = document("id_card", {"person_name": "王伟", "id_number": ID_A})
    ctx = package(tmp_path, f"某某诊所,,王伟,{ID_A},法定代表人因严重违法违规导致原定点医疗机构被解除医保协议,2023-01-01,")
    ctx.documents.append(card)
    (finding,) = run("negative_list_match", ctx, ban_years=YEARS)
    assert finding.code == "negative_list_match" and finding.severity == "error"
    assert finding.evidence["matched_on"] == "person_id"


def test_same_name_but_different_usccs_is_another_institution(tmp_path):
    ctx = package(tmp_path, "威海康宁诊所,91371000MA3C8Y2X0A,,,提供虚假申请材料,2025-01-01,")
    assert run("negative_list_match", ctx, ban_years=YEARS) == []


def test_person_with_a_different_id_number_does_not_match(tmp_path):
    card = document("id_card", {"person_name": "王伟", "id_number": ID_A})
    ctx = package(tmp_path, f"某某诊所,,王伟,{ID_B},被列入失信被执行人名单,2023-01-01,")
    ctx.documents.append(card)
    assert run("negative_list_match", ctx, ban_years=YEARS) == []


def test_expired_entry_is_info_only(tmp_path):
    ctx = package(tmp_path, f"威海康宁诊所,{GOOD_USCC},,,因严重违反医保协议约定被解除协议,2024-01-01,")
    (finding,) = run("negative_list_match", ctx, ban_years=YEARS)
    assert finding.severity == "info" and finding.evidence["ban_end"] == "2025-01-01"


def test_the_ban_end_day_itself_still_bars(tmp_path):
    """"自发现之日起未满3年": the period starts the next day and ends on the corresponding day
    (民法典 第二百零一、二百零二条), so on 2028-01-10 the 3 years are not yet full; a day later they are."""
    row = f"别的名字,{GOOD_USCC},,,提供虚假申请材料,2025-01-10,"
    (last,) = run("negative_list_match", package(tmp_path, row, as_of=date(2028, 1, 10)), ban_years=YEARS)
    assert last.severity == "error"
    (after,) = run("negative_list_match", package(tmp_path, row, as_of=date(2028, 1, 11)), ban_years=YEARS)
    assert after.severity == "info"


def test_weihai_second_prong_unfulfilled_liability_still_bars(tmp_path):
    """weihai 十(五)/(六): "已满3年（1年）但未完全履行…责任的" bars after the period; where the list
    does not say whether it was performed, the clerk is asked (never a refusal)."""
    days = {"as_of": date(2026, 11, 23)}
    reason = "因严重违反医保协议约定被解除协议，违约责任未完全履行"
    unfulfilled = package(tmp_path, f"威海康宁诊所,{GOOD_USCC},,,{reason},2024-01-01,", **days)
    (still,) = run("negative_list_match", unfulfilled, ban_years=YEARS, unless_fulfilled=["serious_breach"])
    assert still.severity == "error" and "未完全履行" in still.evidence["status_zh"]
    silent = package(tmp_path, f"威海康宁诊所,{GOOD_USCC},,,因严重违反医保协议约定被解除协议,2024-01-01,", **days)
    (ask,) = run("negative_list_match", silent, ban_years=YEARS, unless_fulfilled=["serious_breach"])
    assert ask.code == "could_not_verify" and "2025-01-01" in ask.evidence["why"]
    (info,) = run("negative_list_match", silent, ban_years=YEARS)  # a city without the second prong
    assert info.severity == "info"


def test_taiyuan_grounds_as_the_seed_words_them(tmp_path):
    """taiyuan 四 末段: false information, illegal conduct with social impact, being dealt with by
    industry departments → 3 years; a terminated agreement is for a person to judge."""
    from validator.checklists.loader import load_checklist

    params = load_checklist("taiyuan").rule("negative_list_match").params
    penalty = package(tmp_path, f"威海康宁诊所,{GOOD_USCC},,,被卫生健康部门行政处罚,2025-06-01,")
    (finding,) = run("negative_list_match", penalty, **params)
    assert finding.severity == "error" and finding.evidence["ban_end"] == "2028-06-01"
    impact = package(tmp_path, f"威海康宁诊所,{GOOD_USCC},,,违法行为造成不良社会影响,2025-06-01,")
    (finding,) = run("negative_list_match", impact, **params)
    assert finding.severity == "error" and finding.evidence["reason"] == "illegal_conduct"
    terminated = package(tmp_path, f"威海康宁诊所,{GOOD_USCC},,,因违法违规被解除医保协议,2025-06-01,")
    (finding,) = run("negative_list_match", terminated, **params)
    assert finding.code == "could_not_verify"
    dishonest = package(tmp_path, f"威海康宁诊所,{GOOD_USCC},,,被列入失信被执行人名单,2025-06-01,")
    (finding,) = run("negative_list_match", dishonest, **params)
    assert finding.severity == "info"


def test_yangzhou_penalty_still_six_months(tmp_path):
    from validator.checklists.loader import load_checklist

    params = load_checklist("yangzhou").rule("negative_list_match").params
    penalty = package(tmp_path, f"威海康宁诊所,{GOOD_USCC},,,被市场监管部门行政处罚,2026-06-01,")
    (finding,) = run("negative_list_match", penalty, **params)
    assert finding.severity == "error" and finding.evidence["ban_end"] == "2026-12-01"


def test_shandong_two_years_for_false_materials(tmp_path):
    row = f"威海康宁诊所,{GOOD_USCC},,,弄虚作假,2024-12-01,"
    shandong = run("negative_list_match", package(tmp_path, row, as_of=date(2026, 12, 2)),
                   ban_years={"false_materials": 2})
    assert shandong[0].severity == "info"
    weihai = run("negative_list_match", package(tmp_path, row, as_of=date(2026, 12, 2)), ban_years=YEARS)
    assert weihai[0].severity == "error"


def test_grounds_the_city_does_not_name_are_info(tmp_path):
    ctx = package(tmp_path, f"威海康宁诊所,{GOOD_USCC},,,被列入失信被执行人名单,2023-01-01,")
    (finding,) = run("negative_list_match", ctx, ban_years=YEARS, reasons=["false_materials"])
    assert finding.severity == "info"


def test_unknown_period_and_no_list(tmp_path):
    ctx = package(tmp_path, f"威海康宁诊所,{GOOD_USCC},,,其他情形,,")
    (finding,) = run("negative_list_match", ctx, ban_years=YEARS)
    assert finding.code == "could_not_verify"
    assert run("negative_list_match", context([document("business_license", {"uscc": GOOD_USCC})])) == []
    unrelated = package(tmp_path, "济南同济医院,,李四,,提供虚假材料,2026-01-01,")
    assert run("negative_list_match", unrelated, ban_years=YEARS) == []


def test_weihai_price_policy_ground_bars_while_listed(tmp_path):
    """weihai 十(二): not following the medical price policy is a ground (while it lasts)."""
    from validator.checklists.loader import load_checklist

    params = load_checklist("weihai").rule("negative_list_match").params
    ctx = package(tmp_path, f"威海康宁诊所,{GOOD_USCC},,,基本医疗服务未执行医药价格政策,2024-01-01,")
    (finding,) = run("negative_list_match", ctx, **params)
    assert finding.severity == "error" and finding.evidence["reason"] == "price_policy"
    (other,) = run("negative_list_match", ctx, ban_years=YEARS, reasons=["false_materials"])
    assert other.severity == "info"


def test_a_traditional_spelling_of_the_name_is_doubt_too(tmp_path):
    ctx = package(tmp_path, "威海康寧診所,,,,提供虛假申請材料,2025-01-01,")
    (finding,) = run("negative_list_match", ctx, ban_years=YEARS)
    assert finding.code == "could_not_verify" and "威海康寧診所" in finding.evidence["why"]


def test_harbin_names_no_grounds_so_every_match_is_information(tmp_path):
    from validator.checklists.loader import load_checklist

    setting = load_checklist("harbin").rule("negative_list_match")
    assert setting.source.startswith("003_f95a2635431d39b6.txt")
    for reason in ("提供虚假申请材料", "其他情形"):
        ctx = package(tmp_path, f"威海康宁诊所,{GOOD_USCC},,,{reason},2025-01-01,")
        (finding,) = run("negative_list_match", ctx, **setting.params)
        assert finding.code == "negative_list_match" and finding.severity == "info"


def test_a_ground_for_review_long_ended_is_information(tmp_path):
    from validator.checklists.loader import load_checklist

    params = load_checklist("taiyuan").rule("negative_list_match").params
    old = package(tmp_path, f"威海康宁诊所,{GOOD_USCC},,,因违法违规被解除医保协议,2015-06-01,")
    (finding,) = run("negative_list_match", old, **params)
    assert finding.code == "negative_list_match" and finding.severity == "info"
