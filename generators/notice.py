"""The agency's notices written from a check: 一次性告知书 or 受理通知书 (.docx).

* An incomplete package gets the 一次性告知书: every missing or wrong item once, grouped by
  material, with the clause behind it (weihai 四(二): 一次性告知). Where the seed sets a
  supplement period it counts from the applicant's *receipt* of the notice (harbin 七(三)
  "自收到材料补正通知之日起", yangzhou 三(一)2 "after receiving the written notice"), so the
  notice states the period in words and shows a computed day only as "如于…收到，应于…前补正";
  where the seed sets an application window instead (shandong 三(三)), the window's last day.
* An ineligible package gets the 不予受理告知书: the refusal grounds with their clauses
  (yangzhou 三(一)3: "inform the reasons for rejection") and, for information only, the other
  problems found, without any deadline: nothing is to be supplemented to a refused application.
* A complete package gets the 受理通知书 (yangzhou 三(一)2: "issue an acceptance certificate"),
  with the next time limit as the seed words it (yangzhou 三(四)3: finish negotiation).

The issuing body and the document number's prefix are parameters (a Weihai district centre
issues in its own name, weihai 三); the default body is the checklist's. Findings are worded
for the applicant by generators.notice_wording. Wording lives in forms/notices/notice_text.yaml,
layout in the two templates that generators/build_notice_templates.py builds; rendering goes
through generators.rendering (strict, escaped, atomic).
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from validator.domain.deadlines import processing_by, supplement_by
from validator.report.messages import is_profile_file
from generators.notice_wording import notice_message
from generators.rendering import render_docx
from validator.checklists.citation import document_title, readable
from validator.findings import Finding
from validator.privacy import mask_text
from validator.report.model import Report
from validator.resources import forms_dir, load_yaml
from validator.vocabulary import eligibility_codes, title

CORRECTION_TEMPLATE = "notice_correction.docx"
ACCEPTANCE_TEMPLATE = "notice_acceptance.docx"

# Warnings the applicant can act on, so the notice tells them too; the others (could_not_verify,
# field_not_found, unclassified_file ...) are for the intake clerk's own review.
ACTION_WARNINGS = frozenset({"missing_seal", "invalid_phone", "expiring_soon", "low_scan_quality", "procedure_route",
                             "procedure_condition_not_met"})
# Told even on acceptance: how the procedure is handled (yangzhou 四(一)3(2) a new designation).
ROUTE_CODES = frozenset({"procedure_route"})
WINDOW_RULE = "outside_application_window"
UNDATED = "未载明"  # a checklist's `effective` when its seed carries no date (checklist schema)


def write_notice(report: Report, out_path: Path | str, agency: str | None = None,
                 document_number: str | None = None, lang: str = "zh",
                 show_personal_data: bool = False, doc_prefix: str | None = None) -> Path:
    """Write the notice that fits the report's verdict to ``out_path`` (.docx); returns the path."""
    context = notice_context(report, agency, document_number, lang, show_personal_data, doc_prefix)
    name = ACCEPTANCE_TEMPLATE if report.verdict == "complete" else CORRECTION_TEMPLATE
    return render_docx(forms_dir().joinpath("notices", name), context, Path(out_path))


def notice_context(report: Report, agency: str | None = None, document_number: str | None = None,
                   lang: str = "zh", show_personal_data: bool = False,
                   doc_prefix: str | None = None) -> dict[str, Any]:
    """Every value the notice templates use (see forms/notices/README.md)."""
    text = notice_text(lang)
    checklist = _checklist(report.city)
    settings, sources = checklist.settings, checklist.sources
    agency_name = agency or _agency(settings, lang)
    mask = (lambda value: value) if show_personal_data else mask_text
    procedure = title("procedures", report.procedure, lang)
    if lang == "en":  # "your new designation application", inside a sentence
        procedure = procedure[:1].lower() + procedure[1:]
    context: dict[str, Any] = {
        "agency": agency_name,
        "document_number": document_number or text["document_number"].format(
            prefix=doc_prefix or "", year=report.as_of.year),
        "salutation": text["salutation"].format(applicant=_applicant(report, lang)),
        "uscc_line": text["uscc"].format(uscc=report.facts["uscc"]) if report.facts.get("uscc") else "",
        "labels": {key: value for key, value in text.items() if key.startswith("col_")},
        "seal": text["seal"].format(agency=agency_name),
        "date": _date(report.as_of, text),
        "estimate_note": "",
        "basis": _basis(checklist, text),
    }
    def cite(source: str | None) -> str:
        return _merge_citations((readable(part.strip(), sources, official=True) for part in (source or "").split(";")),
                                text["list_sep"], text["clause_sep"])

    if report.verdict == "complete":
        return context | _acceptance(report, text, procedure, cite, mask, lang)
    return context | _correction(report, text, procedure, cite, mask, lang, checklist)


def _correction(report: Report, text: Mapping[str, str], procedure: str, cite: Any, mask: Any, lang: str,
                checklist: Any) -> dict[str, Any]:
    actionable = [finding for finding in report.findings if _needs_action(finding)]
    titles = {m.material: m.title for m in report.materials}
    reasons = _unique((notice_message(f, titles, lang), cite(f.source))
                      for f in actionable if f.code in eligibility_codes())
    rejected = report.verdict == "ineligible"
    problems = [{"seq": seq, "material": material, "problems": [mask(p) for p in problems], "clause": clause}
                for seq, (material, problems, clause) in enumerate(_groups(
                    report, [f for f in actionable if f.code not in eligibility_codes()], cite, text, lang,
                    titles), start=1)]
    closing, estimated = ((text["closing_rejection"], False) if rejected
                          else _closing(report, text, cite, checklist, lang))
    return {
        "title": _title(report, text, "rejection_title" if rejected else "correction_title"),
        "intro": text["intro_rejection" if rejected else "intro_correction"].format(procedure=procedure),
        "reasons_heading": text["reasons_heading"],
        "reasons": [{"seq": seq, "text": mask(reason), "clause": clause}
                    for seq, (reason, clause) in enumerate(reasons, start=1)],
        "problems_heading": text["other_problems_heading" if rejected else "problems_heading"],
        "problems": problems,
        "closing": closing,
        "estimate_note": text["estimated"] if estimated else "",
    }


def _closing(report: Report, text: Mapping[str, str], cite: Any, checklist: Any, lang: str) -> tuple[str, bool]:
    """The procedure's own supplement period counted from receipt, with the consequence its clause
    states, else the application window's last day, else no day at all (weihai 四(二) sets none;
    a yangzhou change none either: 三(一)2 is the application's)."""
    due = supplement_by(report.city, report.as_of, report.scheme, procedure=report.procedure)
    if due is not None:
        consequence = due.rule.consequence and (text["consequence"] if lang == "en"
                                                else "，" + due.rule.consequence)
        return text["closing_correction"].format(
            rule=due.rule.describe(lang), clause=cite(due.rule.source), consequence=consequence,
            received=_date(report.as_of, text), date=_date(due.due, text)), due.estimated
    window = next((rule for rule in checklist.rules if rule.code == WINDOW_RULE and rule.params.get("end")
                   and report.procedure in (rule.procedures or [report.procedure])), None)
    if window is not None:
        return text["closing_window"].format(date=_date(date.fromisoformat(str(window.params["end"])), text),
                                             clause=cite(window.source)), False
    return text["closing_correction_no_limit"], False


def _acceptance(report: Report, text: Mapping[str, str], procedure: str, cite: Any, mask: Any,
                lang: str) -> dict[str, Any]:
    present = [m for m in report.materials if m.status == "present"]
    limits = processing_by(report.city, report.procedure, report.as_of, report.scheme)
    application = report.procedure == "application"
    closing = "".join(text["closing_acceptance"].format(
        label=(due.rule.label if lang != "en" else "") or text["evaluation_label" if application else "processing_label"],
        rule=due.rule.describe(lang), date=_date(due.due, text), clause=cite(due.rule.source))
        for due in limits) or text["closing_acceptance_no_limit" if application else "closing_processing_no_limit"]
    titles = {m.material: m.title for m in report.materials}
    routes = _unique(notice_message(f, titles, lang) for f in report.findings if f.code in ROUTE_CODES and not f.waived)
    closing = "".join(routes) + closing
    return {
        "title": _title(report, text, "acceptance_title"),
        "intro": text["intro_acceptance"].format(procedure=procedure),
        "materials_heading": text["materials_heading"],
        "materials": [{"seq": seq, "material": m.title, "files": mask(text["list_sep"].join(m.files))}
                      for seq, m in enumerate(present, start=1)],
        "closing": closing,
        "estimate_note": text["estimated"] if any(due.estimated for due in limits) else "",
    }


def _title(report: Report, text: Mapping[str, str], key: str) -> str:
    """The notice's title naming its procedure (信息变更、协议中止、协议解除、协议签订)."""
    if report.procedure == "application":
        return text[key]
    return text["procedure_" + key].format(name=text["procedure_names"][report.procedure])


def _needs_action(finding: Finding) -> bool:
    if finding.waived:
        return False
    return finding.severity == "error" or finding.code in ACTION_WARNINGS


def _groups(report: Report, findings: list[Finding], cite: Any, text: Mapping[str, str], lang: str,
            titles: Mapping[str, str]) -> list[tuple[str, list[str], str]]:
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
        clauses = _unique(f.source or (result.source if result else "") for f in items)
        groups.append((name, _unique(notice_message(f, titles, lang) for f in items),
                       cite(";".join(c for c in clauses if c))))
    return groups


def _merge_citations(parts: Any, list_sep: str = "、", clause_sep: str = "；") -> str:
    """"《A》一；二；《A》三；《B》四" → "《A》一、二、三；《B》四": each document named once (a bare
    section belongs to the document cited before it)."""
    sections: dict[str, list[str]] = {}
    document = ""
    for part in (part.strip() for part in parts):
        if "》" in part:
            head, _, part = part.rpartition("》")
            document = head + "》"
            if part.startswith("（英译本）"):  # a translation note belongs to the document
                document, part = document + "（英译本）", part.removeprefix("（英译本）")
        if part or document:
            sections.setdefault(document, []).append(part.strip())
    return clause_sep.join(name + list_sep.join(_unique(s for s in found if s)) for name, found in sections.items())


def _applicant(report: Report, lang: str) -> str:
    """The name to address: the one on the submitted documents when the tool's profile disagrees
    with them (the profile is not something the applicant submitted)."""
    for finding in report.findings:
        if finding.code == "name_mismatch":
            evidence = finding.evidence
            for mine, theirs in (("file_a", "value_b"), ("file_b", "value_a")):
                if is_profile_file(evidence.get(mine)) and evidence.get(theirs):
                    return str(evidence[theirs])
    return str(report.facts.get("institution_name") or ("申请单位" if lang != "en" else "Applicant"))


def _basis(checklist: Any, text: Mapping[str, str]) -> str:
    """The policy the notice applies by its Chinese title, with its date as the seed gives it;
    an undated seed is cited without a remark (an official notice does not call its basis undated)."""
    titles = text["list_sep"].join(document_title(name, official=True) for name in checklist.sources.values())
    if checklist.effective == UNDATED:
        return text["basis_undated"].format(titles=titles)
    day = _date(_iso(checklist.effective), text)
    # the checklist's note says whether its date is the seed's 施行 date or its issue date
    note = str(checklist.settings.get("effective_note") or "")
    when = text["effective" if "施行" in note else "issued"].format(date=day)
    return text["basis"].format(titles=titles, when=when)


def _iso(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _unique(values: Any) -> list[Any]:
    return list(dict.fromkeys(values))


def _date(day: date, text: Mapping[str, str]) -> str:
    return text["date"].format(year=day.year, month=day.month, day=day.day)


def _agency(settings: Mapping[str, Any], lang: str) -> str:
    agency = settings.get("agency")
    if isinstance(agency, Mapping):
        agency = agency.get(lang) or agency.get("zh") or agency.get("name")
    return str(agency) if agency else ("医疗保障经办机构" if lang != "en" else "Medical insurance agency")


def _checklist(city: str) -> Any:
    from validator.checklists.loader import load_checklist

    return load_checklist(city)


@lru_cache(maxsize=None)
def notice_text(lang: str) -> Mapping[str, str]:
    """The notices' wording in ``lang`` (forms/notices/notice_text.yaml)."""
    data = load_yaml(forms_dir().joinpath("notices", "notice_text.yaml").read_text(encoding="utf-8"))
    return data["en" if lang == "en" else "zh"]
