"""The agency's notices written from a check: 一次性告知书 or 受理通知书 (.docx).

* An incomplete package gets the 一次性告知书: every missing or wrong item once, grouped by
  material, with the clause behind it and the day by which to supplement (weihai 四(二): 一次性
  告知; harbin 七(三) and yangzhou 三(一)2: supplement within 5 working days of the notice, else
  the application is deemed withdrawn).
* An ineligible package gets the same form titled 不予受理告知书, with the reasons it is not
  accepted (yangzhou 三(一)3: "inform the reasons for rejection") and, for a new application,
  the other problems found.
* A complete package gets the 受理通知书 (yangzhou 三(一)2: "issue an acceptance certificate"),
  with the evaluation time limit where the city sets one.

The supplement day is counted from the notice date (``report.as_of``) in working days on the
statutory calendar (generators.deadlines). Wording lives in forms/notices/notice_text.yaml,
layout in the two templates that generators/build_notice_templates.py builds; rendering goes
through generators.rendering (strict, escaped, atomic).
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping


from generators.deadlines import DueDate, deadlines_for, supplement_by
from generators.rendering import render_docx
from validator.findings import Finding
from validator.messages import message
from validator.privacy import mask_text
from validator.report import Report
from validator.resources import forms_dir, load_yaml
from validator.vocabulary import eligibility_codes, title

CORRECTION_TEMPLATE = "notice_correction.docx"
ACCEPTANCE_TEMPLATE = "notice_acceptance.docx"

# Warnings the applicant can act on, so the notice tells them too; the others (could_not_verify,
# field_not_found, unclassified_file ...) are for the intake clerk's own review.
_FILE_NOTE = re.compile(r"（[^（）]*(?:附件|英译本)[^（）]*）$")

ACTION_WARNINGS = frozenset({"missing_seal", "invalid_phone", "expiring_soon", "low_scan_quality"})


def write_notice(report: Report, out_path: Path | str, agency: str | None = None,
                 document_number: str | None = None, lang: str = "zh",
                 show_personal_data: bool = False) -> Path:
    """Write the notice that fits the report's verdict to ``out_path`` (.docx); returns the path."""
    context = notice_context(report, agency, document_number, lang, show_personal_data)
    name = ACCEPTANCE_TEMPLATE if report.verdict == "complete" else CORRECTION_TEMPLATE
    return render_docx(forms_dir().joinpath("notices", name), context, Path(out_path))


def notice_context(report: Report, agency: str | None = None, document_number: str | None = None,
                   lang: str = "zh", show_personal_data: bool = False) -> dict[str, Any]:
    """Every value the notice templates use (see forms/notices/README.md)."""
    text = notice_text(lang)
    settings, sources = _checklist_parts(report.city)
    agency_name = agency or _agency(settings, lang)
    applicant = str(report.facts.get("institution_name") or ("申请单位" if lang != "en" else "Applicant"))
    mask = (lambda value: value) if show_personal_data else mask_text
    procedure = title("procedures", report.procedure, lang)
    context: dict[str, Any] = {
        "agency": agency_name,
        "document_number": document_number or text["document_number"].format(year=report.as_of.year),
        "salutation": text["salutation"].format(applicant=applicant),
        "uscc_line": text["uscc"].format(uscc=report.facts["uscc"]) if report.facts.get("uscc") else "",
        "labels": {key: value for key, value in text.items() if key.startswith("col_")},
        "seal": text["seal"].format(agency=agency_name),
        "date": _date(report.as_of, text),
        "estimate_note": "",
    }
    if report.verdict == "complete":
        return context | _acceptance(report, text, procedure, sources, mask, lang)
    return context | _correction(report, text, procedure, sources, mask, lang)


def _correction(report: Report, text: Mapping[str, str], procedure: str, sources: Mapping[str, str],
                mask: Any, lang: str) -> dict[str, Any]:
    actionable = [finding for finding in report.findings if _needs_action(finding)]
    reasons = _unique((message(f, lang), _clause(f.source, sources))
                      for f in actionable if f.code in eligibility_codes())
    rejected = report.verdict == "ineligible"
    due = None if rejected else supplement_by(report.city, report.as_of, report.scheme)
    due_text = "—" if rejected else _due_text(due, text)
    problems = [{"seq": seq, "material": material, "problems": [mask(p) for p in problems],
                 "clause": clause, "due": due_text}
                for seq, (material, problems, clause) in enumerate(_groups(
                    report, [f for f in actionable if f.code not in eligibility_codes()], sources, text,
                    lang), start=1)]
    if rejected:
        closing = text["closing_rejection"]
    elif due is None:
        closing = text["closing_correction_no_limit"]
    else:
        closing = text["closing_correction"].format(date=_date(due.due, text), rule=due.rule.describe(lang),
                                                    clause=_clause(due.rule.source, sources))
    return {
        "title": text["rejection_title" if rejected else "correction_title"],
        "intro": text["intro_rejection" if rejected else "intro_correction"].format(procedure=procedure),
        "reasons_heading": text["reasons_heading"],
        "reasons": [{"seq": seq, "text": mask(reason), "clause": clause}
                    for seq, (reason, clause) in enumerate(reasons, start=1)],
        "problems_heading": text["other_problems_heading" if rejected else "problems_heading"],
        "problems": problems,
        "closing": closing,
        "estimate_note": text["estimated"] if due is not None and due.estimated else "",
    }


def _acceptance(report: Report, text: Mapping[str, str], procedure: str, sources: Mapping[str, str],
                mask: Any, lang: str) -> dict[str, Any]:
    present = [m for m in report.materials if m.status == "present"]
    found = deadlines_for("evaluation", report.as_of, [report.city], scheme=report.scheme)
    evaluation = min(found, key=lambda due: due.due) if found else None
    closing = (text["closing_acceptance"].format(rule=evaluation.rule.describe(lang),
                                                 date=_date(evaluation.due, text),
                                                 clause=_clause(evaluation.rule.source, sources))
               if evaluation else text["closing_acceptance_no_limit"])
    return {
        "title": text["acceptance_title"],
        "intro": text["intro_acceptance"].format(procedure=procedure),
        "materials_heading": text["materials_heading"],
        "materials": [{"seq": seq, "material": m.title, "files": mask("、".join(m.files))}
                      for seq, m in enumerate(present, start=1)],
        "closing": closing,
        "estimate_note": text["estimated"] if evaluation and evaluation.estimated else "",
    }


def _needs_action(finding: Finding) -> bool:
    if finding.waived:
        return False
    return finding.severity == "error" or finding.code in ACTION_WARNINGS


def _groups(report: Report, findings: list[Finding], sources: Mapping[str, str],
            text: Mapping[str, str], lang: str) -> list[tuple[str, list[str], str]]:
    """(material title, its distinct problems, its clauses) in checklist order; loose findings last."""
    materials = {m.material: m for m in report.materials}
    order = {material: index for index, material in enumerate(materials)}
    by_material: dict[str | None, list[Finding]] = {}
    for finding in findings:
        by_material.setdefault(finding.material, []).append(finding)
    groups = []
    for material in sorted(by_material, key=lambda m: (m is None, order.get(m, len(order)), m or "")):
        items = by_material[material]
        result = materials.get(material)
        name = (result.title if result and lang != "en" else
                title("materials", material, lang) if material else text["other_material"])
        clauses = _unique(_clause(f.source or (result.source if result else ""), sources) for f in items)
        groups.append((name, _unique(message(f, lang) for f in items), "；".join(c for c in clauses if c)))
    return groups


def _unique(values: Any) -> list[Any]:
    return list(dict.fromkeys(values))


def _due_text(due: DueDate | None, text: Mapping[str, str]) -> str:
    if due is None:
        return text["due_unknown"]
    return text["due_estimated" if due.estimated else "due"].format(date=_date(due.due, text))


def _date(day: date, text: Mapping[str, str]) -> str:
    return text["date"].format(year=day.year, month=day.month, day=day.day)


def _clause(source: str | None, sources: Mapping[str, str]) -> str:
    """"004_b66d6adc241eb53e.txt 五(一); 003_… 六.2(1)" → "《policy title》五(一)；《…》六.2(1)"."""
    return "；".join(_cite(part.strip(), sources) for part in (source or "").split(";") if part.strip())


def _cite(source: str, sources: Mapping[str, str]) -> str:
    document, _, section = source.partition(" ")
    name = sources.get(document)
    if not name:
        return source
    # a checklist titles a seed file by its contents ("（附件1 …）", "（英译本）"); cite the policy
    while (shorter := _FILE_NOTE.sub("", name)) != name:
        name = shorter
    return f"《{name}》{section}"


def _agency(settings: Mapping[str, Any], lang: str) -> str:
    agency = settings.get("agency")
    if isinstance(agency, Mapping):
        agency = agency.get(lang) or agency.get("zh") or agency.get("name")
    return str(agency) if agency else ("医疗保障经办机构" if lang != "en" else "Medical insurance agency")


def _checklist_parts(city: str) -> tuple[Mapping[str, Any], Mapping[str, str]]:
    """The city's settings (agency, deadlines) and its seed-file titles."""
    from validator.checklists import load_checklist

    checklist = load_checklist(city)
    return checklist.settings, checklist.sources


@lru_cache(maxsize=None)
def notice_text(lang: str) -> Mapping[str, str]:
    """The notices' wording in ``lang`` (forms/notices/notice_text.yaml)."""
    data = load_yaml(forms_dir().joinpath("notices", "notice_text.yaml").read_text(encoding="utf-8"))
    return data["en" if lang == "en" else "zh"]
