"""What batch writes per package (report.json, report.html, notice.docx) and the outcome row it returns.

The outcome is a plain JSON value (it is cached and goes into summary.xlsx): the
values for the summary's row, and every finding, masked unless personal data is shown.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from validator.errors import DingdianError
from validator.report import Report

if TYPE_CHECKING:
    from validator.batch import Job

_REPORT_KINDS = {".json": "json", ".html": "html", ".docx": "notice"}


def _write_atomic(path: Path, content: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(content, encoding="utf-8")
    partial.replace(path)


def write_package_outputs(report: Report, job: "Job") -> tuple[dict[str, Any], list[Path]]:
    from validator.render.html import render_html

    job.out_dir.mkdir(parents=True, exist_ok=True)
    data = report.to_dict(job.lang, job.show_personal_data)
    written = [job.out_dir / "report.json", job.out_dir / "report.html"]
    _write_atomic(written[0], json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    _write_atomic(written[1], render_html(report, job.lang, job.show_personal_data))
    notice_error = None
    try:
        from generators.notice import write_notice

        written.append(Path(write_notice(report, job.out_dir / "notice.docx", lang=job.lang,
                                         show_personal_data=job.show_personal_data)))
    except Exception as error:  # noqa: BLE001 - the report stands; the row says why there is no notice
        (job.out_dir / "notice.docx").unlink(missing_ok=True)
        notice_error = str(error) if isinstance(error, DingdianError) else f"{type(error).__name__}: {error}"
    outcome = report_outcome(report, data, job)
    outcome["reports"] = report_links(job, written)
    outcome["notice_error"] = notice_error
    return outcome, written


def report_links(job: "Job", files: list[Path]) -> dict[str, str]:
    """{json|html|notice: path relative to OUTDIR} for the summary's links."""
    return {_REPORT_KINDS[path.suffix]: f"{job.out_name}/{path.name}" for path in files}


def report_outcome(report: Report, data: dict[str, Any], job: "Job") -> dict[str, Any]:
    due = supplement_due(report)
    return {
        "package": job.name, "out": job.out_name, "exit_code": report.exit_status, "error": None,
        "verdict": report.verdict, "verdict_title": data["verdict_title"],
        "city": report.city, "kind": report.kind, "scheme": report.scheme,
        "institution": data["facts"].get("institution_name"), "uscc": data["facts"].get("uscc"),
        "errors": data["summary"]["errors"], "warnings": data["summary"]["warnings"],
        "info": data["summary"]["info"], "waived": sum(1 for f in data["findings"] if f.get("waived")),
        "missing": [m["title"] for m in data["materials"] if m["status"] == "missing"],
        "supplement_by": due.due.isoformat() if due else None,
        "supplement_estimated": bool(due and due.estimated),
        "findings": [
            {"severity": f["severity"], "code": f["code"], "title": f["title"], "material": f["material"],
             "file": f["file"], "page": f["page"], "row": f["row"], "message": f["message"],
             "source": f["source"], "waived": f.get("waived")}
            for f in data["findings"]
        ],
        "cached": False,
    }


def supplement_due(report: Report) -> Any:
    """The day by which an incomplete package must be supplemented (generators.deadlines), if the city sets one."""
    if report.verdict != "incomplete":
        return None
    try:
        from generators.deadlines import supplement_by

        return supplement_by(report.city, report.as_of)
    except Exception:  # noqa: BLE001 - no date is better than no row: the notice states the rule anyway
        return None


def failure_outcome(job: "Job", exit_code: int, message: str) -> dict[str, Any]:
    return {
        "package": job.name, "out": job.out_name, "exit_code": exit_code, "error": message,
        "verdict": None, "verdict_title": None, "city": job.check.city, "kind": job.check.kind,
        "scheme": job.check.scheme, "institution": None, "uscc": None, "errors": None, "warnings": None,
        "info": None, "waived": None, "missing": [], "supplement_by": None, "supplement_estimated": False,
        "findings": [], "reports": {}, "notice_error": None, "cached": False,
    }
