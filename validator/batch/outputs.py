"""What batch writes per package (report.json, report.html, notice.docx) and the outcome it returns.

``PackageJob`` is the unit of work every engine (process pool, Dask) ships to a worker: the
package's check options and where its files go.  The outcome holds the values for the
summary's row and every finding, masked unless personal data is shown.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from validator.batch.outcome import FindingRow, Outcome, Supplement
from validator.catalogue import t
from validator.rules.context import CheckOptions
from validator.errors import DingdianError, OutputError
from validator.report.model import Report

OUTPUT_FILES = ("report.json", "report.html", "notice.docx")
_REPORT_KINDS = {".json": "json", ".html": "html", ".docx": "notice"}
WINDOW_RULE = "outside_application_window"  # its params hold the window's first and last day


@dataclass(frozen=True)
class PackageJob:
    name: str  # the package's path below DIR (posix)
    out_name: str  # its folder below OUTDIR (posix)
    check: CheckOptions
    out_dir: Path
    key: str  # of the result cache
    size: int  # bytes: the biggest packages are started first
    lang: str
    show_personal_data: bool


def _write_atomic(path: Path, content: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(content, encoding="utf-8")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def clear_outputs(out_dir: Path) -> None:
    if out_dir.is_dir():
        for name in OUTPUT_FILES:
            (out_dir / name).unlink(missing_ok=True)


def write_package_outputs(report: Report, job: PackageJob) -> tuple[Outcome, list[Path]]:
    from validator.report.render.html import render_html

    data = report.to_dict(job.lang, job.show_personal_data)
    written = [job.out_dir / "report.json", job.out_dir / "report.html"]
    try:
        job.out_dir.mkdir(parents=True, exist_ok=True)
        _write_atomic(written[0], json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        _write_atomic(written[1], render_html(report, job.lang, job.show_personal_data))
    except OSError as error:  # the package was checked; its row says where the report could not go
        raise OutputError(t("cannot_write", path=job.out_dir, reason=error.strerror or error)) from error
    notice_error = None
    try:
        from generators.notice import write_notice

        written.append(Path(write_notice(report, job.out_dir / "notice.docx", lang=job.lang,
                                         show_personal_data=job.show_personal_data)))
    except Exception as error:  # noqa: BLE001 - the report stands; the row says why there is no notice
        (job.out_dir / "notice.docx").unlink(missing_ok=True)
        notice_error = str(error) if isinstance(error, DingdianError) else f"{type(error).__name__}: {error}"
    return outcome_of_report(report, data, job, report_links(job, written), notice_error), written


def report_links(job: PackageJob, files: list[Path]) -> dict[str, str]:
    """{json|html|notice: path relative to OUTDIR} for the summary's links."""
    return {_REPORT_KINDS[path.suffix]: f"{job.out_name}/{path.name}" for path in files}


def outcome_of_report(report: Report, data: dict[str, Any], job: PackageJob, reports: dict[str, str],
                      notice_error: str | None) -> Outcome:
    limit_set, supplement = supplement_limit(report, job.lang)
    window = application_window(report) if report.verdict == "incomplete" and not limit_set else None
    return Outcome(
        package=job.name, out=job.out_name, exit_code=report.exit_status,
        verdict=report.verdict, verdict_title=data["verdict_title"],
        city=report.city, kind=report.kind, scheme=report.scheme,
        institution=data["facts"].get("institution_name"), uscc=data["facts"].get("uscc"),
        errors=data["summary"]["errors"], warnings=data["summary"]["warnings"], info=data["summary"]["info"],
        waived=sum(1 for f in data["findings"] if f.get("waived")),
        missing=tuple(m["title"] for m in data["materials"] if m["status"] == "missing"),
        supplement=supplement, supplement_limit_set=limit_set, window_end=window and window[0],
        window_source=window and window[1],
        findings=tuple(FindingRow(severity=f["severity"], code=f["code"], title=f["title"], material=f["material"],
                                  file=f["file"], page=f["page"], row=f["row"], message=f["message"],
                                  source=f["source"], waived=f.get("waived"))
                       for f in data["findings"]),
        reports=reports, notice_error=notice_error)


def supplement_limit(report: Report, lang: str) -> tuple[bool, Supplement | None]:
    """(the city sets a supplement limit, the limit of this incomplete package) from the checklist's deadlines."""
    from validator.domain.deadlines import city_deadlines, supplement_by

    limit_set = bool(city_deadlines(report.city).get("supplement"))
    if report.verdict != "incomplete" or not limit_set:
        return limit_set, None
    try:
        due = supplement_by(report.city, report.as_of, scheme=report.scheme, procedure=report.procedure)
    except (NotImplementedError, OverflowError):  # the calendar cannot count that far: no date, not a bug
        return limit_set, None
    if due is None:
        return limit_set, None
    return limit_set, Supplement(limit=due.rule.describe(lang), source=report.cite(due.rule.source),
                                 received=due.start.isoformat(), due_if_received=due.due.isoformat(),
                                 estimated=due.estimated)


def application_window(report: Report) -> tuple[str, str] | None:
    """(last day, clause) of the application window where the city sets one instead of a supplement
    limit (shandong 三(三)): the applicant supplements within it, as the notice says."""
    from validator.checklists.loader import load_checklist

    for rule in load_checklist(report.city).rules:
        if rule.code == WINDOW_RULE and rule.params.get("end"):
            return str(rule.params["end"]), report.cite(rule.source)
    return None


def failure_outcome(job: PackageJob, exit_code: int, message: str) -> Outcome:
    return Outcome(package=job.name, out=job.out_name, exit_code=exit_code, error=message,
                   city=job.check.city, kind=job.check.kind, scheme=job.check.scheme)
