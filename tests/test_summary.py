from __future__ import annotations

from datetime import datetime

from openpyxl import load_workbook

from validator.summary import write_summary

FINDING = {"severity": "error", "code": "missing_material", "title": "缺少申报材料", "material": "fund_forecast",
           "file": None, "page": None, "row": None, "message": "缺少预测性分析报告，请补充提交。",
           "source": "太原 二(七)", "waived": None}
WAIVED = {**FINDING, "severity": "warning", "code": "missing_seal", "title": "未见盖章",
          "material": "integrity_commitment",
          "waived": {"by": "王科员", "reason": "原件已盖章", "at": "2026-11-23T09:30:00+00:00"}}


def outcome(package: str, verdict: str | None, **changes):
    values = {
        "package": package, "out": package, "exit_code": 0 if verdict == "complete" else 1, "error": None,
        "verdict": verdict, "verdict_title": {"complete": "材料齐全，符合受理条件",
                                              "incomplete": "材料不全或有误，需一次性补正"}.get(verdict),
        "city": "taiyuan", "kind": "clinic", "scheme": None, "institution": "太原市某某诊所",
        "uscc": "91140100MA0XXXXX1X", "errors": 0, "warnings": 0, "info": 0, "waived": 0, "missing": [],
        "supplement_by": None, "supplement_estimated": False, "findings": [],
        "reports": {"json": f"{package}/report.json", "html": f"{package}/report.html",
                    "notice": f"{package}/notice.docx"},
        "notice_error": None, "cached": False,
    }
    values.update(changes)
    return values


OUTCOMES = [
    outcome("甲诊所", "complete"),
    outcome("乙诊所", "incomplete", errors=1, warnings=1, waived=1, missing=["预测性分析报告", "从业人员名册"],
            supplement_by="2026-11-30", findings=[FINDING, WAIVED]),
    outcome("丙.zip", None, exit_code=4, error="丙.zip: not a readable zip", reports={}, city=None, kind=None),
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
    assert rows["乙诊所"][column["补正截止日期"]].value == datetime(2026, 11, 30)
    assert rows["乙诊所"][column["补正截止日期"]].number_format == "yyyy-mm-dd"
    assert rows["甲诊所"][column["统筹地区"]].value == "太原市"
    assert rows["丙.zip"][column["审核结论"]].value == "未能审核（退出码 4）"
    assert "not a readable zip" in rows["丙.zip"][column["运行问题"]].value
    assert packages.freeze_panes == "A2" and packages.auto_filter.ref == "A1:O4"
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
    estimated = outcome("a", "incomplete", supplement_by="2027-01-08", supplement_estimated=True)
    sheet = load_workbook(write_summary([estimated], tmp_path / "s.xlsx", lang="en")).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "Package" and sheet.title == "Packages"
    due = sheet[2][header.index("Supplement by")]
    assert due.value == datetime(2027, 1, 8) and "weekends-only estimate" in due.comment.text


def test_empty_batch_still_writes_headers(tmp_path):
    sheet = load_workbook(write_summary([], tmp_path / "s.xlsx")).worksheets[0]
    assert sheet.max_row == 1 and sheet.auto_filter.ref == "A1:O1"
