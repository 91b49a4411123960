"""Notices from a check: 一次性告知书 (incomplete, ineligible) and 受理通知书 (complete), read back."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from docx import Document

from generators import notice
from validator.domain import deadlines
from generators.notice import write_notice
from validator.findings import Finding
from validator.report.messages import message
from validator.privacy import mask_text
from validator.report.model import MaterialResult, Report

SOURCES = {"003_f95a2635431d39b6.txt": "哈尔滨市医疗机构申请医保定点办事指南（附件1 专线连接申请备案表）"}
SETTINGS = {"agency": "哈尔滨市医疗保障服务中心", "effective_note": "种子文件未载明发布或施行日期"}
DEADLINES = {"harbin": {"supplement": [{"working_days": 5, "source": "003_f95a2635431d39b6.txt 七(三)"}],
                        "evaluation": [{"months": 3, "source": "003_f95a2635431d39b6.txt 七(四)2"}]}}


@pytest.fixture(autouse=True)
def city_data(monkeypatch):
    checklist = SimpleNamespace(settings=SETTINGS, sources=SOURCES, rules=(), effective="未载明")
    monkeypatch.setattr(notice, "_checklist", lambda city: checklist)
    monkeypatch.setattr(deadlines, "city_deadlines", lambda city: DEADLINES.get(city, {}))


def materials():
    return [
        MaterialResult("application_form", "定点医疗机构申请表", "present", ["申请表.pdf"],
                       "003_f95a2635431d39b6.txt 七(二)1"),
        MaterialResult("practice_license", "医疗机构执业许可证", "missing", [],
                       "003_f95a2635431d39b6.txt 七(二)2"),
        MaterialResult("staff_roster", "人员花名册", "invalid", ["花名册.xlsx"],
                       "003_f95a2635431d39b6.txt 七(二)1"),
    ]


def report(findings, as_of=date(2025, 9, 30), **facts):
    return Report(package="pkg", city="harbin", kind="clinic", scheme=None, procedure="application",
                  as_of=as_of, materials=materials(), findings=findings,
                  facts={"institution_name": "哈尔滨市测试诊所", "uscc": "91230100MA1B2C3D4E"} | facts)


def text_of(path):
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


MISSING = Finding("missing_material", material="practice_license", source="003_f95a2635431d39b6.txt 七(二)2",
                  evidence={"item_title": "医疗机构执业许可证"})
ROW = Finding("roster_invalid_row", material="staff_roster", file="花名册.xlsx", row=3, field="id_number",
              found="230102199001011234", source="004_b66d6adc241eb53e.txt 附件3",
              evidence={"name": "张三", "issue_zh": "身份证号码230102199001011234校验失败"})
SEAL = Finding("missing_seal", material="application_form", file="申请表.pdf")
UNSURE = Finding("could_not_verify", material="application_form", file="申请表.pdf",
                 evidence={"reason": "OCR 置信度低"})


def test_incomplete_package_gets_everything_once_with_the_supplement_date(tmp_path):
    findings = [MISSING, MISSING.with_(file="x"), ROW, SEAL, UNSURE]
    out = write_notice(report(findings), tmp_path / "告知书.docx")
    text = text_of(out)
    assert "一次性告知书" in text and "受理通知书" not in text
    assert "哈尔滨市医疗保障服务中心" in text and "哈尔滨市医疗保障服务中心（盖章）" in text
    assert "哈尔滨市测试诊所：" in text and "91230100MA1B2C3D4E" in text
    assert "2025年9月30日" in text and "〔2025〕第" in text
    for finding in (MISSING, ROW, SEAL):
        assert text.count(mask_text(message(finding))) == 1, message(finding)
    assert message(UNSURE) not in text  # the clerk's own review, not the applicant's task
    # counted from receipt (七(三)), in words; 2025-09-30 + 5 working days over National Day = 10-14
    assert text.count("2025年10月14日前") == 1 and "自收到本告知书之日起5个工作日内" in text
    assert "如于2025年9月30日收到，应于2025年10月14日前补正" in text and "出具之日" not in text
    assert "补正期限" not in text and "请于" not in text
    assert "政策依据：《哈尔滨市医疗机构申请医保定点办事指南》" in text and "施行日期" not in text
    assert "《哈尔滨市医疗机构申请医保定点办事指南》七(二)2" in text
    assert "230102199001011234" not in text  # personal data masked


def test_materials_in_checklist_order_one_row_each(tmp_path):
    findings = [ROW, MISSING, SEAL, MISSING.with_(code="expired_document")]
    table = Document(str(write_notice(report(findings), tmp_path / "n.docx"))).tables[0]
    assert [row.cells[1].text for row in table.rows] == ["材料", "定点医疗机构申请表", "医疗机构执业许可证",
                                                         "人员花名册"]
    assert [row.cells[0].text for row in table.rows[1:]] == ["1", "2", "3"]
    assert len(table.rows[2].cells[2].paragraphs) == 2  # two problems of one material, one line each


def test_city_without_a_supplement_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(deadlines, "city_deadlines", lambda city: {})
    text = text_of(write_notice(report([MISSING]), tmp_path / "n.docx"))
    assert "请按上述要求一次性补正全部材料后重新提交" in text and "如于" not in text


def test_supplement_date_in_an_unknown_year_is_marked_as_estimate(tmp_path):
    text = text_of(write_notice(report([MISSING], as_of=date(2026, 12, 29)), tmp_path / "n.docx"))
    # 12-30, 12-31, 01-04, 01-05, 01-06: 元旦 (a Friday) is a statutory holiday in every year
    assert "应于2027年1月6日前补正" in text and "暂定" in text and "以正式安排为准" in text


def test_ineligible_package_gets_the_reasons(tmp_path):
    short = Finding("operating_period_too_short", source="003_f95a2635431d39b6.txt 六.2(1)",
                    expected="3个月", found="2个月")
    text = text_of(write_notice(report([short, short, MISSING]), tmp_path / "n.docx"))
    assert "不予受理告知书" in text and "不予受理的理由" in text
    assert text.count(message(short)) == 1 and "《哈尔滨市医疗机构申请医保定点办事指南》六.2(1)" in text
    assert message(MISSING) in text and "供重新申请时参考" in text
    assert "2025年10月14日" not in text and "补正期限" not in text and "如于" not in text
    # the seed offers to hear objections and names no other remedy (audit NL-3)
    assert "如对本告知有异议，可向本机构提出。" in text and "行政复议" not in text


def test_refusal_lists_correctable_problems_without_their_deadline(tmp_path):
    short = Finding("operating_period_too_short", source="003_f95a2635431d39b6.txt 六.2(1)",
                    evidence={"months": 3, "start": "2025-07-01", "eligible_from": "2025-10-08"})
    seal = SEAL.with_(evidence={"due_zh": "请于2025-10-14前补正。", "due_en": "Correct it by 2025-10-14."})
    text = text_of(write_notice(report([short, seal]), tmp_path / "n.docx"))
    assert "未见单位公章" in text and "前补正" not in text and "2025-10-14" not in text
    assert "自2025年7月1日起算" in text and "自2025年10月8日起方可申请" in text  # Chinese dates


def test_issuer_and_document_prefix_are_parameters(tmp_path):
    text = text_of(write_notice(report([MISSING]), tmp_path / "n.docx", agency="威海市环翠区医疗保障服务中心",
                                doc_prefix="威环医保"))
    assert "威环医保〔2025〕第" in text and "威海市环翠区医疗保障服务中心（盖章）" in text
    assert "哈尔滨市医疗保障服务中心" not in text


def test_tool_names_become_what_the_applicant_submitted(tmp_path):
    name = Finding("name_mismatch", material="application_form", source="003_f95a2635431d39b6.txt 七(二)1",
                   evidence={"value_a": "仁和门诊部", "file_a": "scan0001.jpg", "value_b": "仁和诊所",
                             "file_b": "profile.yaml"})
    text = text_of(write_notice(report([name], institution_name="仁和诊所"), tmp_path / "n.docx"))
    assert "profile.yaml" not in text and "申请单位填报的信息为“仁和诊所”" in text
    assert "仁和门诊部：" in text  # addressed by the name on the submitted document


def test_complete_package_gets_the_acceptance_notice(tmp_path):
    out = write_notice(report([UNSURE]), tmp_path / "受理.docx", agency="某某医保中心",
                       document_number="哈医保受字〔2025〕第12号")
    text = text_of(out)
    assert "受理通知书" in text and "一次性告知书" not in text
    assert "某某医保中心（盖章）" in text and "哈医保受字〔2025〕第12号" in text
    assert "定点医疗机构申请表" in text and "申请表.pdf" in text
    assert "医疗机构执业许可证" not in text  # only materials received are listed
    assert "完成评估的时限为自受理之日起3个月" in text and "2025年12月30日前" in text


def test_english_notice(tmp_path):
    text = text_of(write_notice(report([MISSING]), tmp_path / "n.docx", lang="en"))
    assert "One-time notice of materials to supplement" in text and "supplement by 2025-10-14" in text
    assert "application application" not in text and "your new designation application" in text
    assert "within 5 working days of receiving this notice" in text and "、" not in text and "；" not in text
    assert message(MISSING, "en") in text


def test_hostile_values_come_out_literally(tmp_path):
    hostile = "{{ 7*7 }}<w:p>&\"'{% if 1 %}"
    bad = Finding("name_mismatch", material="application_form",
                  evidence={"value_a": hostile, "value_b": "</w:t>]]>", "file_a": "a.pdf", "file_b": "b.pdf"})
    out = write_notice(report([bad], institution_name=hostile), tmp_path / "n.docx",
                       agency="<b>&amp;</b>", document_number="{{ agency }}")
    text = text_of(out)
    assert f"{hostile}：" in text and "<b>&amp;</b>（盖章）" in text and "{{ agency }}" in text
    assert "</w:t>]]>" in text and "49" not in text


def test_failed_write_leaves_nothing(tmp_path):
    from validator.errors import OutputError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError):
        write_notice(report([MISSING]), blocker / "n.docx")


def test_shipped_templates_are_what_the_builder_makes_and_use_only_provided_values(tmp_path):
    from generators.build_notice_templates import main
    from generators.rendering import template_variables
    from validator.resources import forms_dir

    main([str(tmp_path)])
    for name in (notice.CORRECTION_TEMPLATE, notice.ACCEPTANCE_TEMPLATE):
        shipped = forms_dir().joinpath("notices", name)
        assert text_of(tmp_path / name) == text_of(shipped), f"rebuild {name}"
    incomplete = notice.notice_context(report([MISSING]))
    complete = notice.notice_context(report([]))
    assert template_variables(forms_dir().joinpath("notices", notice.CORRECTION_TEMPLATE)) <= set(incomplete)
    assert template_variables(forms_dir().joinpath("notices", notice.ACCEPTANCE_TEMPLATE)) <= set(complete)


def test_personal_data_shown_on_request(tmp_path):
    text = text_of(write_notice(report([ROW]), tmp_path / "n.docx", show_personal_data=True))
    assert "230102199001011234" in text
