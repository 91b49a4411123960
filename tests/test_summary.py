from __future__ import annotations

from dataclasses import replace

from openpyxl import load_workbook

from validator.batch.outcome import FindingRow, Outcome, Supplement
from validator.batch.summary import write_summary

FINDING = FindingRow(severity="error", code="missing_material", title="缺少申报材料", material="fund_forecast",
                     message="缺少预测性分析报告，请补充提交。", source="太原 二(七)")
WAIVED = replace(FINDING, severity="warning", code="missing_seal", title="未见盖章", material="integrity_commitment",
                 waived={"by": "王科员", "reason": "原件已盖章", "at": "2026-11-23T09:30:00+00:00"})
YANGZHOU_LIMIT = Supplement(limit="5个工作日", source="扬州 三(一)2", received="2026-11-23",
                            due_if_received="2026-11-30")


def outcome(package: str, verdict: str | None, **changes) -> Outcome:
    values = dict(
        package=package, out=package, exit_code=0 if verdict == "complete" else 1,
        verdict=verdict, verdict_title={"complete": "材料齐全，符合受理条件",
                                        "incomplete": "材料不全或有误，需一次性补正"}.get(verdict),
        city="taiyuan", kind="clinic", institution="太原市某某诊所",
        uscc="91140100MA0XXXXX1X", errors=0, warnings=0, info=0, waived=0,
        reports={"json": f"{package}/report.json", "html": f"{package}/report.html",
                 "notice": f"{package}/notice.docx"})
    values.update(changes)
    return Outcome(**values)


OUTCOMES = [
    outcome("甲诊所", "complete"),
    outcome("乙诊所", "incomplete", errors=1, warnings=1, waived=1, missing=("预测性分析报告", "从业人员名册"),
            city="yangzhou", supplement=YANGZHOU_LIMIT, supplement_limit_set=True, findings=(FINDING, WAIVED)),
    outcome("丙.zip", None, exit_code=4, error="丙.zip: not a readable zip", reports={}, city=None, kind=None),
    outcome("丁诊所", "incomplete", errors=2),  # taiyuan sets no supplement limit
    outcome("戊医院", "incomplete", errors=1, city="shandong-provincial", window_end="2020-04-03",
            window_source="山东 三(三)"),  # an application window instead of a limit
]


def test_summary_rows_and_layout(tmp_path):
    path = write_summary(OUTCOMES, tmp_path / "summary.xlsx")
    book = load_workbook(path)
    packages, findings = book.worksheets
    assert packages.title == "汇总" and findings.title == "问题明细"
    header = [cell.value for cell in packages[1]]
    assert header[:7] == ["申报材料包", "机构名称", "统一社会信用代码", "统筹地区", "机构类型", "定点类别", "审核结论"]
    rows = {row[0].value: row for row in packages.iter_rows(min_row=2)}
    column = {name: header.index(name) for name in header}
    assert rows["乙诊所"][column["缺少材料"]].value == "预测性分析报告、从业人员名册"
    # The limit runs from the applicant's receipt of the notice: the cell says so, the note gives the day
    # it ends if the notice is handed over on the check's date (yangzhou 三(一)2).
    due = rows["乙诊所"][column["补正期限"]]
    assert due.value == "自收到告知书之日起5个工作日内"
    assert due.comment.text == "如于2026-11-23收到告知书，截止2026-11-30（扬州 三(一)2）"
    assert rows["丁诊所"][column["补正期限"]].value == "未规定" and rows["甲诊所"][column["补正期限"]].value is None
    window = rows["戊医院"][column["补正期限"]]
    assert (window.value, window.comment.text) == ("申报截止日2020-04-03前", "山东 三(三)")
    assert rows["甲诊所"][column["统筹地区"]].value == "太原市"
    assert rows["丙.zip"][column["审核结论"]].value == "未能审核（退出码 4）"
    assert "not a readable zip" in rows["丙.zip"][column["运行问题"]].value
    assert packages.freeze_panes == "A2" and packages.auto_filter.ref == "A1:O6"
    assert rows["甲诊所"][column["审核结论"]].fill.fgColor.rgb.endswith("C6EFCE")
    assert rows["乙诊所"][column["审核结论"]].fill.fgColor.rgb.endswith("FFC7CE")
    assert rows["乙诊所"][column["审核报告"]].hyperlink.target == "乙诊所/report.html"
    assert rows["丙.zip"][column["审核报告"]].hyperlink is None
    assert packages.column_dimensions["B"].width >= 16  # 太原市某某诊所 (7 wide characters)


def test_findings_sheet(tmp_path):
    findings = load_workbook(write_summary(OUTCOMES, tmp_path / "summary.xlsx")).worksheets[1]
    rows = [[cell.value for cell in row] for row in findings.iter_rows(min_row=2)]
    assert len(rows) == 2 and findings.freeze_panes == "A2"
    assert rows[0][:5] == ["乙诊所", "错误", "missing_material", "缺少申报材料", "纳入定点后使用医疗保障基金的预测性分析报告"]
    assert rows[1][-1] == "王科员 / 原件已盖章 / 2026-11-23T09:30:00+00:00"


def test_english_headers_and_estimated_date(tmp_path):
    limit = Supplement(limit="5 working days", source="Harbin 七(三)", received="2027-12-31",
                       due_if_received="2028-01-07", estimated=True)
    estimated = outcome("a", "incomplete", supplement=limit, supplement_limit_set=True)
    sheet = load_workbook(write_summary([estimated], tmp_path / "s.xlsx", lang="en")).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "Package" and sheet.title == "Packages"
    due = sheet[2][header.index("Supplement by")]
    assert due.value == "within 5 working days of receiving the notice"
    assert "by 2028-01-07" in due.comment.text and "provisional date" in due.comment.text


def test_printed_a4_landscape_fitted_to_width_with_titles_and_numbers_right(tmp_path):
    book = load_workbook(write_summary(OUTCOMES, tmp_path / "s.xlsx"))
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert (int(setup.paperSize), setup.orientation) == (9, "landscape")  # 9: A4
        assert (setup.fitToWidth, setup.fitToHeight, sheet.sheet_properties.pageSetUpPr.fitToPage) == (1, 0, True)
        assert sheet.print_title_rows == "$1:$1"
    packages, findings = book.worksheets
    header = [cell.value for cell in packages[1]]
    errors = header.index("错误") + 1
    assert {packages.cell(row=r, column=errors).alignment.horizontal for r in range(1, 6)} == {"right"}
    assert packages.cell(row=2, column=header.index("机构名称") + 1).alignment.horizontal is None
    assert findings.cell(row=1, column=[c.value for c in findings[1]].index("页") + 1).alignment.horizontal == "right"


def test_empty_batch_still_writes_headers(tmp_path):
    sheet = load_workbook(write_summary([], tmp_path / "s.xlsx")).worksheets[0]
    assert sheet.max_row == 1 and sheet.auto_filter.ref == "A1:O1"
