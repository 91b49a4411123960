"""The report as text for a person: verdict first, then findings grouped by material."""
from __future__ import annotations

from typing import Any, Callable

from validator.report.render.outline import WORDS as OUTLINE, inferred, is_ground, next_steps, tag
from validator.report.model import Report
from validator.extract.staff_roles import role_titles
from validator.vocabulary import title

_STATUS_MARK = {"present": "✓", "missing": "✗", "invalid": "!", "unverified": "?", "not_applicable": "–"}
_SEVERITY_COLOUR = {"error": "red", "warning": "yellow", "info": "cyan"}
_VERDICT_COLOUR = {"complete": "green", "incomplete": "red", "ineligible": "magenta"}

_WORDS = {
    "zh": {"package": "申报材料", "city": "统筹地区", "kind": "机构类型", "scheme": "定点类别",
           "procedure": "事项", "as_of": "审核日期", "verdict": "结论", "materials": "材料清单",
           "other": "其他问题", "source": "依据", "summary": "错误 {errors} 项，警告 {warnings} 项，提示 {info} 项",
           "stamp": "dingdian {tool} · 清单版本 {checklist} · 文件 {files} 个", "none": "—",
           "waived": "已豁免", "counts": "从业人员", "page": " 第{}页", "row": " 第{}行"},
    "en": {"package": "Package", "city": "City", "kind": "Kind", "scheme": "Scheme",
           "procedure": "Procedure", "as_of": "As of", "verdict": "Verdict", "materials": "Materials",
           "other": "Other findings", "source": "source",
           "summary": "{errors} error{errors_s}, {warnings} warning{warnings_s}, {info} note{info_s}",
           "stamp": "dingdian {tool} · checklist {checklist} · {files} files", "none": "-",
           "waived": "waived", "counts": "Staff", "page": " p.{}", "row": " row {}"},
}

# The roles' own titles come with the role table (validator/data/staff_roles.yaml).
_COUNT_WORDS = {"zh": {"other": "其他人员", "total": "合计"}, "en": {"other": "other staff", "total": "total"}}

Style = Callable[..., str]


def _plain(text: str, **_: Any) -> str:
    return text


def render_text(report: Report, lang: str = "zh", style: Style = _plain,
                show_personal_data: bool = False) -> str:
    """``style`` is click.style on a terminal and a no-op when piped."""
    words = _WORDS[lang]
    data = report.to_dict(lang=lang, show_personal_data=show_personal_data)
    lines = [
        style(f"{words['verdict']}: {data['verdict_title']}", fg=_VERDICT_COLOUR[report.verdict], bold=True),
        f"{words['package']}: {report.package}",
        f"{words['city']}: {title('cities', report.city, lang)}    "
        f"{words['kind']}: {title('institution_kinds', report.kind, lang)}"
        + (f"    {words['scheme']}: {title('schemes', report.scheme, lang)}" if report.scheme else ""),
        *(style(f"  ({line})", dim=True) for line in inferred(report, lang)),
        f"{words['procedure']}: {title('procedures', report.procedure, lang)}    "
        f"{words['as_of']}: {report.as_of.isoformat()}",
    ]
    outline = OUTLINE[lang]
    grounds = [finding for finding in data["findings"] if is_ground(finding)]
    if grounds:  # a refusal is said first and apart: supplementing cannot cure it
        lines += ["", style(outline["grounds"], bold=True)]
        lines.extend(_finding_lines(grounds, words, style, indent="  ", lang=lang))
    lines += ["", style(words["materials"], bold=True) + style(f"  ({outline['marks']})", dim=True)]
    by_material: dict[str | None, list[dict[str, Any]]] = {}
    for finding in data["findings"]:
        if not is_ground(finding):
            by_material.setdefault(finding["material"], []).append(finding)
    for material in data["materials"]:
        mark = _STATUS_MARK[material["status"]]
        files = "、".join(material["files"]) if lang == "zh" else ", ".join(material["files"])
        name = material["title"] if lang == "zh" else f"{title('materials', material['id'], 'en')} — {material['title']}"
        lines.append(f"  {mark} {name}" + (f"  [{files}]" if files else ""))
        lines.extend(_finding_lines(by_material.pop(material["id"], []), words, style, indent="      ", lang=lang))
    rest = [f for group in by_material.values() for f in group]
    if rest:
        lines += ["", style(words["other"], bold=True)]
        lines.extend(_finding_lines(rest, words, style, indent="  ", lang=lang))
    counts = report.facts.get("roster_counts")
    if counts:
        roles = {**role_titles(lang), **_COUNT_WORDS[lang]}
        # Staff in none of the roles shown (医保管理员, 财务 …), so that the total adds up on screen.
        other = counts.get("total", 0) - sum(counts.get(key, 0) for key in ("physicians", "nurses", "pharmacists"))
        if other > 0:
            counts = {**{key: value for key, value in counts.items() if key != "total"}, "other": other,
                      "total": counts["total"]}
        lines += ["", f"{words['counts']}: " + "  ".join(f"{roles.get(key, key)} {value}"
                                                      for key, value in counts.items())]
    lines += ["", _summary(data["summary"], words),
              style(f"{outline['legend']}: {outline['tags']}", dim=True), ""]
    first, *more = next_steps(report, lang)
    lines += [style(f"{outline['next']}: ", bold=True) + first, *(f"    {step}" for step in more)]
    lines += ["", style(words["stamp"].format(tool=report.tool_version, checklist=report.checklist_version,
                                          files=len(report.inputs)), dim=True)]
    return "\n".join(lines) + "\n"


def _summary(counts: dict[str, int], words: dict[str, str]) -> str:
    """"错误 1 项…"; in English the plural only where it belongs ("1 warning, 2 notes")."""
    return words["summary"].format(**counts, **{f"{key}_s": "" if n == 1 else "s" for key, n in counts.items()})


def _finding_lines(findings: list[dict[str, Any]], words: dict[str, str], style: Style,
                   indent: str, lang: str) -> list[str]:
    lines = []
    for finding in findings:
        place = finding["file"] or ""
        if finding.get("page"):
            place += words["page"].format(finding["page"])
        if finding.get("row"):
            place += words["row"].format(finding["row"])
        mark = style(tag(finding["severity"], lang), fg=_SEVERITY_COLOUR[finding["severity"]])
        waived = f" ({words['waived']}: {finding['waived'].get('reason', '')})" if finding.get("waived") else ""
        code = style(f"  〔{finding['code']}〕" if lang == "zh" else f"  [{finding['code']}]", dim=True)
        lines.append(f"{indent}{mark} {finding['message']}{waived}" + (f"  ({place})" if place else "") + code)
        if finding["source"]:
            lines.append(style(f"{indent}    {words['source']}: {finding['source']}", dim=True))
    return lines
