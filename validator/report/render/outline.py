"""What both human reports say besides the findings: refusal grounds apart from correctable problems,
the legend of marks and tags, what was inferred from the papers, and the next step with its deadline."""
from __future__ import annotations

from typing import Any

from validator.report.model import Report
from validator.vocabulary import eligibility_codes, title

WORDS = {
    "zh": {
        "grounds": "不予受理的理由", "correctable": "须补正的问题", "legend": "图例",
        "marks": "✓ 已提交  ! 有误  ✗ 缺少  ? 待核验  – 不适用",
        "tags": "[错误] 须补正（或构成不予受理）  [警告] 须人工核对，可用 --waive 代码=理由 豁免  [提示] 供参考",
        "error": "错误", "warning": "警告", "info": "提示", "code": "代码",
        "inferred": "由材料推断", "city": "统筹地区", "kind": "机构类型", "scheme": "定点类别",
        "next": "下一步",
        "next_complete": "材料齐全，可予受理；可用 --notice 受理通知书.docx 生成受理通知书。",
        "next_ineligible": "不予受理：用 --notice 告知书.docx 生成不予受理告知书，列明上述理由。",
        "next_incomplete": "一次性告知申请人补正上述问题：用 --notice 告知书.docx 生成一次性告知书。",
        "next_warnings": "警告须人工核对；核对无误的可用 --waive 代码=理由 豁免。",
        "due": "补正期限：{due}前（{rule}，依据{source}）", "due_none": "补正期限：本市清单未规定",
    },
    "en": {
        "grounds": "Grounds for refusal", "correctable": "To correct", "legend": "Legend",
        "marks": "✓ present  ! invalid  ✗ missing  ? unverified  – not applicable",
        "tags": "[error] must be corrected (or refuses the application)  [warning] check by hand; "
                "waive with --waive CODE=REASON  [note] for information",
        "error": "error", "warning": "warning", "info": "note", "code": "code",
        "inferred": "inferred from the papers", "city": "city", "kind": "kind", "scheme": "scheme",
        "next": "Next step",
        "next_complete": "complete: the application can be accepted; --notice receipt.docx writes the receipt.",
        "next_ineligible": "refuse: --notice notice.docx writes the refusal notice with the grounds above.",
        "next_incomplete": "tell the applicant once what to supplement: --notice notice.docx writes the "
                           "one-time notice (一次性告知书).",
        "next_warnings": "check the warnings by hand; waive those found in order with --waive CODE=REASON.",
        "due": "supplement by {due} ({rule}, {source})", "due_none": "supplement deadline: not set by the city",
    },
}


def is_ground(finding: dict[str, Any]) -> bool:
    """An eligibility error refuses the application; it cannot be corrected by supplementing."""
    return finding["severity"] == "error" and finding["code"] in eligibility_codes() and not finding.get("waived")


def tag(severity: str, lang: str) -> str:
    return f"[{WORDS[lang][severity]}]"


def inferred(report: Report, lang: str) -> list[str]:
    """"统筹地区由材料推断：发证或经办机关“威海市卫生健康局”（scan0001.jpg）" per inferred value."""
    words = WORDS[lang]
    found = report.facts.get("inferred") or {}
    return [f"{words[key]} {words['inferred']}: {why}" for key, why in found.items()
            if key in ("city", "kind", "scheme") and why != "profile.yaml"]


def next_steps(report: Report, lang: str) -> list[str]:
    words = WORDS[lang]
    steps = [words[f"next_{report.verdict}"]]
    if report.verdict == "incomplete":
        steps.append(supplement_due(report, lang))
    if report.count("warning"):
        steps.append(words["next_warnings"])
    return steps


def supplement_due(report: Report, lang: str) -> str:
    """The city's supplement limit counted from the check's date (the notice goes out that day)."""
    from validator.domain.deadlines import supplement_by

    words = WORDS[lang]
    due = supplement_by(report.city, report.as_of, scheme=report.scheme, procedure=report.procedure)
    if due is None:
        return words["due_none"]
    return words["due"].format(due=due.due.isoformat(), rule=due.rule.describe(lang), source=report.cite(due.rule.source))


# The options stamp's keys as a clerk reads them: (Chinese, English).
_OPTION_LABELS = {
    "package": ("申报材料", "Package"), "city": ("统筹地区", "City"), "kind": ("机构类型", "Kind"),
    "scheme": ("定点类别", "Scheme"), "procedure": ("事项", "Procedure"), "as_of": ("审核日期", "As of"),
    "negative_list": ("负面清单", "Negative list"), "profile": ("机构信息文件", "Profile"),
    "lang": ("语言", "Language"), "fast": ("仅检查是否齐全", "Presence only"),
    "show_personal_data": ("显示个人信息", "Personal data shown"), "ocr": ("识别扫描件（OCR）", "OCR of scans"),
    "waivers": ("豁免条数", "Waivers"), "limits": ("资源上限", "Resource limits"),
}
_OPTION_TITLES = {"city": "cities", "kind": "institution_kinds", "scheme": "schemes", "procedure": "procedures"}


def option_rows(options: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """(label, value) per option of the stamp: 统筹地区 哈尔滨市…, 识别扫描件（OCR） 是."""
    index = 0 if lang == "zh" else 1
    return [(_OPTION_LABELS[key][index] if key in _OPTION_LABELS else key, _option_value(key, value, lang))
            for key, value in options.items()]


def _option_value(key: str, value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return ("是", "否")[not value] if lang == "zh" else ("yes" if value else "no")
    if key in _OPTION_TITLES and value:
        return title(_OPTION_TITLES[key], str(value), lang)
    if isinstance(value, dict):
        return "; ".join(f"{name}={number}" for name, number in value.items())
    return str(value)
