"""summary.xlsx: one row per package for the intake desk, and a second sheet with every finding.

Frozen header, filters, verdict colours, widths that fit the content; links to each
package's report and notice are relative, so the output folder can be moved or shared.
Printed on A4 landscape, fitted to the page width, the header row on every page.
"""
from __future__ import annotations

import math
import unicodedata
from dataclasses import asdict
from pathlib import Path
from typing import Any

from validator.batch.outcome import Outcome

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from validator.catalogue import t
from validator.errors import OutputError
from validator.formula_guard import guard_row
from validator.vocabulary import title

# column id -> (Chinese header, English header)
PACKAGE_COLUMNS = {
    "package": ("申报材料包", "Package"), "institution": ("机构名称", "Institution"),
    "uscc": ("统一社会信用代码", "USCC"), "city": ("统筹地区", "City"), "kind": ("机构类型", "Kind"),
    "scheme": ("定点类别", "Scheme"), "verdict": ("审核结论", "Verdict"), "errors": ("错误", "Errors"),
    "warnings": ("警告", "Warnings"), "waived": ("已豁免", "Waived"), "missing": ("缺少材料", "Missing materials"),
    "supplement_by": ("补正期限", "Supplement by"), "html": ("审核报告", "Report"),
    "notice": ("告知书", "Notice"), "problem": ("运行问题", "Could not check"),
}
FINDING_COLUMNS = {
    "package": ("申报材料包", "Package"), "severity": ("级别", "Severity"), "code": ("代码", "Code"),
    "title": ("问题", "Finding"), "material": ("材料", "Material"), "file": ("文件", "File"),
    "page": ("页", "Page"), "row": ("行", "Row"), "message": ("说明", "Message"), "source": ("依据", "Source"),
    "waived": ("豁免（人／理由／时间）", "Waived (by / reason / at)"),
}
SHEETS = {"packages": ("汇总", "Packages"), "findings": ("问题明细", "Findings")}
WORDS = {"failed": ("未能审核（退出码 {code}）", "not checked (exit {code})"),
         "limit": ("自收到告知书之日起{limit}内", "within {limit} of receiving the notice"),
         "if_received": ("如于{received}收到告知书，截止{due}（{source}）",
                         "if the notice is received on {received}: by {due} ({source})"),
         "no_limit": ("未规定", "not set"),
         "window": ("申报截止日{date}前", "by {date}, the last day of the application period"),
         "estimated": ("该年法定节假日安排尚未收录，已扣除法定节假日推算，系暂定日期",
                       "the holiday arrangement of that year is not known yet: provisional date"),
         "open": ("打开", "open"), "notice_failed": ("告知书未生成：{error}", "no notice: {error}")}
SEVERITY = {"error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "note")}
VERDICT_FILL = {"complete": "C6EFCE", "incomplete": "FFC7CE", "ineligible": "E4C6F0", None: "D9D9D9"}
NUMERIC = frozenset({"errors", "warnings", "waived", "page", "row"})
MAX_WIDTH = 30  # wider text wraps: the printed page is fitted to the sum of the widths


def _in(lang: str, pair: tuple[str, str]) -> str:
    return pair[0] if lang == "zh" else pair[1]


def _short(section: str, key: str | None, lang: str) -> str:
    """The title up to its first bracket: 太原市（市本级…） → 太原市."""
    return title(section, key, lang).split("（")[0].split(" (")[0] if key else ""


def _package_row(outcome: Outcome, lang: str) -> dict[str, Any]:
    problem = outcome.error or (
        _in(lang, WORDS["notice_failed"]).format(error=outcome.notice_error) if outcome.notice_error else "")
    return {
        "package": outcome.package, "institution": outcome.institution or "",
        "uscc": outcome.uscc or "", "city": _short("cities", outcome.city, lang),
        "kind": _short("institution_kinds", outcome.kind, lang),
        "scheme": _short("schemes", outcome.scheme, lang),
        "verdict": (_in(lang, WORDS["failed"]).format(code=outcome.exit_code) if outcome.failed
                    else outcome.verdict_title or ""),
        "errors": outcome.errors, "warnings": outcome.warnings, "waived": outcome.waived,
        "missing": ("、" if lang == "zh" else "; ").join(outcome.missing),
        "supplement_by": _supplement_cell(outcome, lang), "html": outcome.reports.get("html"),
        "notice": outcome.reports.get("notice"), "problem": problem,
    }


def _supplement_cell(outcome: Outcome, lang: str) -> str:
    """The limit in words: it runs from the applicant's receipt of the notice, a day the batch cannot know."""
    if outcome.verdict != "incomplete":
        return ""
    if outcome.supplement is not None:
        return _in(lang, WORDS["limit"]).format(limit=outcome.supplement.limit)
    if outcome.window_end:
        return _in(lang, WORDS["window"]).format(date=outcome.window_end)
    return "" if outcome.supplement_limit_set else _in(lang, WORDS["no_limit"])


def _supplement_note(outcome: Outcome, lang: str) -> str | None:
    """The day the limit ends if the notice is handed over on the check's date (当场告知), or the
    clause of the application window."""
    due = outcome.supplement
    if due is None:
        return outcome.window_source
    note = _in(lang, WORDS["if_received"]).format(received=due.received, due=due.due_if_received, source=due.source)
    return f"{note}\n{_in(lang, WORDS['estimated'])}" if due.estimated else note


def _finding_rows(outcome: Outcome, lang: str) -> list[dict[str, Any]]:
    rows = []
    for finding in outcome.findings:
        waived = finding.waived
        rows.append({**asdict(finding), "package": outcome.package,
                     "severity": _in(lang, SEVERITY.get(finding.severity, (finding.severity,) * 2)),
                     "material": _short("materials", finding.material, lang),
                     "waived": " / ".join(str(waived.get(k, "")) for k in ("by", "reason", "at")) if waived else ""})
    return rows


def _display_width(value: Any) -> int:
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _fill_sheet(sheet: Worksheet, columns: dict[str, tuple[str, str]], rows: list[dict[str, Any]], lang: str,
                links: tuple[str, ...] = ()) -> None:
    keys = list(columns)
    sheet.append([_in(lang, columns[key]) for key in keys])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE3EC")
    for row in rows:
        sheet.append([_in(lang, WORDS["open"]) if key in links and row.get(key) else row.get(key) for key in keys])
        guard_row(sheet[sheet.max_row])  # names and fields come from the applicant's package
        for key in links:
            if row.get(key):
                cell = sheet.cell(row=sheet.max_row, column=keys.index(key) + 1)
                cell.hyperlink = row[key]
                cell.style = "Hyperlink"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{max(1, sheet.max_row)}"
    _print_setup(sheet)
    _lay_out(sheet, keys, [_display_width(_in(lang, columns[key])) + 3 for key in keys],
             [[None if key in links else row.get(key) for key in keys] for row in rows])


def _print_setup(sheet: Worksheet) -> None:
    """Printed: A4 landscape, all columns on the page width, the header on every page."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def _lay_out(sheet: Worksheet, keys: list[str], header_widths: list[int], values: list[list[Any]]) -> None:
    """Widths that fit the content up to MAX_WIDTH; longer text wraps, its row grows to show every
    line; numbers and their header on the right."""
    for index, key in enumerate(keys):
        widest = max([header_widths[index], 6] + [_display_width(row[index]) for row in values])
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(widest + 2, MAX_WIDTH)
        horizontal = "right" if key in NUMERIC else None
        for cell in next(sheet.iter_cols(min_col=index + 1, max_col=index + 1)):
            cell.alignment = Alignment(horizontal=horizontal, vertical="top",
                                       wrap_text=_display_width(cell.value) > MAX_WIDTH - 2)
    for number, row in enumerate(values, start=2):
        lines = max([1] + [math.ceil(_display_width(value) / (MAX_WIDTH - 2)) for value in row])
        if lines > 1:
            sheet.row_dimensions[number].height = 15 * lines


def write_summary(outcomes: list[Outcome], path: Path, lang: str = "zh") -> Path:
    """Writes the workbook beside ``path`` and renames it into place (never half a workbook)."""
    workbook = Workbook()
    packages = workbook.active
    packages.title = _in(lang, SHEETS["packages"])
    _fill_sheet(packages, PACKAGE_COLUMNS, [_package_row(o, lang) for o in outcomes], lang, links=("html", "notice"))
    verdict_column = list(PACKAGE_COLUMNS).index("verdict") + 1
    due_column = list(PACKAGE_COLUMNS).index("supplement_by") + 1
    for number, outcome in enumerate(outcomes, start=2):
        colour = VERDICT_FILL.get(outcome.verdict, VERDICT_FILL[None])
        packages.cell(row=number, column=verdict_column).fill = PatternFill("solid", fgColor=colour)
        note = _supplement_note(outcome, lang)
        if note:
            packages.cell(row=number, column=due_column).comment = Comment(note, "dingdian", width=320, height=90)
    findings = workbook.create_sheet(_in(lang, SHEETS["findings"]))
    _fill_sheet(findings, FINDING_COLUMNS, [row for o in outcomes for row in _finding_rows(o, lang)], lang)
    partial = path.with_name(f".{path.name}.partial")
    try:
        workbook.save(partial)
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise OutputError(t("cannot_write", path=path, reason=error.strerror or error)) from error
    return path
