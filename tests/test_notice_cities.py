"""Notices for every city from its real checklist: agency, clause titles, supplement and evaluation dates."""
from __future__ import annotations

from datetime import date

import pytest
from docx import Document

from generators.notice import write_notice
from validator.checklists.loader import list_cities, load_checklist
from validator.domain.deadlines import deadlines_for, supplement_by
from validator.findings import Finding
from validator.report.model import MaterialResult, Report

AS_OF = date(2025, 9, 30)


def chinese(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日前"


def report(city, findings):
    checklist = load_checklist(city)
    kind = sorted(checklist.kinds)[0]
    scheme = "pooled" if "pooled" in checklist.schemes else None
    items = checklist.items_for(kind, scheme, "application")
    materials = [MaterialResult(item.material, item.title, "present", [f"{item.material}.pdf"], item.source)
                 for item in items]
    return Report(package="pkg", city=city, kind=kind, scheme=scheme, procedure="application", as_of=AS_OF,
                  materials=materials, findings=findings, facts={"institution_name": "测试医院"}), items


def text_of(path):
    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("city", list_cities())
def test_correction_notice(city, tmp_path):
    first = report(city, [])[1][0]
    missing = Finding("missing_material", material=first.material, source=first.source,
                      evidence={"item_title": first.title})
    text = text_of(write_notice(report(city, [missing])[0], tmp_path / "n.docx"))
    checklist = load_checklist(city)
    assert checklist.settings["agency"]["name"] in text
    assert f"“{first.title}”" in text
    document, _, section = first.source.split(";")[0].partition(" ")
    assert (f"》{section}" in text or f"（英译本）{section}" in text) and checklist.sources[document][:8] in text
    # the city's supplement period (its dates: tests/cities/), else its application window's last day
    supplement = supplement_by(city, AS_OF)
    window = checklist.rule("outside_application_window")
    if supplement is not None:
        assert text.count(chinese(supplement.due)) == 1 and f"自收到本告知书之日起{supplement.rule.describe()}" in text
        assert f"如于2025年9月30日收到，应于{chinese(supplement.due)}补正" in text
    elif window is not None:
        assert f"申报截止日{chinese(date.fromisoformat(str(window.params['end'])))}" in text
    else:
        assert "请按上述要求一次性补正全部材料后重新提交" in text
    assert ".txt" not in text and "（英译本）》" not in text and "；基本医疗" not in text
    # an official notice cites the Chinese title, never "（英译本）" nor "施行日期 未载明" (issue 22 item 7)
    assert "政策依据：" in text and "施行日期" not in text and "英译本" not in text


@pytest.mark.parametrize("city", list_cities())
def test_acceptance_notice(city, tmp_path):
    built, items = report(city, [])
    text = text_of(write_notice(built, tmp_path / "n.docx"))
    assert "受理通知书" in text and all(item.title in text for item in items)
    evaluation = deadlines_for("evaluation", AS_OF, [city], scheme=built.scheme)
    # shandong's notice names no evaluation step: the acceptance promises none (audit NL-15)
    assert (chinese(min(due.due for due in evaluation)) in text) if evaluation else "结果另行告知" in text
    assert evaluation or "评估" not in text
    if city == "yangzhou":  # 三(四)3: the 60 working days are to finish negotiation
        assert "完成谈判的时限为自受理之日起60个工作日" in text


# A clerk's reading of the notices for the defective samples, issued through `check`.
SAMPLES = __import__("pathlib").Path(__file__).resolve().parent.parent / "samples" / "packages"


def check_notice(package, tmp_path, *options):
    from validator.cli import main

    out = tmp_path / "notice.docx"
    with pytest.raises(SystemExit):
        main(["check", str(SAMPLES / package), "--notice", str(out), *options])
    return text_of(out)


def test_check_issues_the_notice_in_the_name_and_number_it_is_given(tmp_path):
    text = check_notice("weihai-clinic-pooled-defective", tmp_path, "--as-of", "2026-11-30",
                        "--agency", "威海市环翠区医疗保障服务中心", "--doc-prefix", "威环医保")
    assert text.startswith("威海市环翠区医疗保障服务中心") and "威环医保〔2026〕第" in text
    assert "威海市环翠区医疗保障服务中心（盖章）" in text and "威海市医疗保险事业中心" not in text
    # named as submitted: no profile.yaml, addressed by the licence's name, no slot titles
    assert "profile.yaml" not in text and "申请单位填报的信息" in text and "仁和门诊部：" in text
    assert " / " not in text and "中医诊所备案证" not in text
    assert "2026年10月31日" in text and "2026-" not in text  # Chinese dates


def test_refusal_notice_lists_grounds_and_informs_without_deadlines(tmp_path):
    text = check_notice("harbin-clinic-defective", tmp_path, "--as-of", "2026-11-30")
    assert "不予受理告知书" in text and "不予受理的理由" in text and "六.2(1)" in text
    assert "仅供重新申请时参考" in text and "前补正" not in text and "补正期限" not in text
    assert "2026-" not in text and ".txt" not in text and "施行日期" not in text


def test_shandong_notice_gives_the_windows_last_day(tmp_path):
    text = check_notice("shandong-provincial-hospital-defective", tmp_path, "--as-of", "2020-03-25")
    assert "一次性告知书" in text and "申报截止日2020年4月3日前" in text
    assert "《关于报送省直医疗保险新增协议管理医药机构申请的通知》三(三)" in text
    assert "山东省医疗保险事业中心，2020年3月20日》" not in text
