"""Waivers: a clerk accepts a warning (or a note) with a reason; the finding stays, marked.

``--waive CODE[:MATERIAL]=REASON`` on the command line, or a waivers file (YAML or
CSV with the columns code, material, file, reason, by).  Errors block acceptance
and cannot be waived: a waiver that names an error code is refused (exit 2), and
a finding whose own severity is error is never marked, whatever its code.
Every waived finding carries {by, reason, at}: an audit trail of who accepted what.
"""
from __future__ import annotations

import csv
import fnmatch
import getpass
import io
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

import yaml

from validator.catalogue import t
from validator.errors import UsageError
from validator.findings import Finding
from validator.vocabulary import finding_severity, ids

FILE_COLUMNS = ("code", "material", "file", "reason", "by")


@dataclass(frozen=True)
class Waiver:
    code: str
    reason: str
    material: str | None = None
    file: str | None = None  # a path inside the package, or a glob such as "roster/*.xlsx"
    by: str | None = None

    def matches(self, finding: Finding) -> bool:
        return (finding.code == self.code
                and (self.material is None or finding.material == self.material)
                and (self.file is None or fnmatch.fnmatchcase(finding.file or "", self.file)))


def make_waiver(code: str, reason: str, material: str | None = None, file: str | None = None,
                by: str | None = None, origin: str = "--waive") -> Waiver:
    """A checked waiver: known code, not an error, known material, a reason."""
    code, reason = code.strip(), (reason or "").strip()
    material = (material or "").strip() or None
    if code not in ids("findings"):
        raise UsageError(t("waiver_unknown_code", origin=origin, code=repr(code)))
    if finding_severity(code) == "error":
        raise UsageError(t("waiver_of_error", origin=origin, code=code))
    if material is not None and material not in ids("materials"):
        raise UsageError(t("waiver_unknown_material", origin=origin, material=repr(material)))
    if not reason:
        raise UsageError(t("waiver_needs_reason", origin=origin))
    return Waiver(code=code, reason=reason, material=material, file=(file or "").strip() or None,
                  by=(by or "").strip() or None)


def parse_waiver_option(text: str) -> Waiver:
    """``CODE[:MATERIAL]=REASON`` → Waiver."""
    target, equals, reason = text.partition("=")
    if not equals:
        raise UsageError(t("waive_option_form", text=repr(text)))
    code, _, material = target.partition(":")
    return make_waiver(code, reason, material, origin=f"--waive {text!r}")


def parse_waiver_options(texts: Iterable[str]) -> list[Waiver]:
    return [parse_waiver_option(text) for text in texts]


def load_waivers_file(path: Path) -> list[Waiver]:
    """A YAML list of mappings (or ``waivers:`` holding one) or a CSV with a header row."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(t("waivers_file_unreadable", path=path, reason=error)) from error
    rows = _csv_rows(text) if Path(path).suffix.lower() == ".csv" else _yaml_rows(text, path)
    waivers = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise UsageError(t("waivers_entry_not_mapping", path=path, number=number, columns=", ".join(FILE_COLUMNS)))
        unknown = sorted(set(row) - set(FILE_COLUMNS))
        if unknown:
            raise UsageError(t("waivers_unknown_column", path=path, number=number, column=repr(unknown[0]),
                               columns=", ".join(FILE_COLUMNS)))
        values = {key: (None if row.get(key) is None else str(row.get(key))) for key in FILE_COLUMNS}
        waivers.append(make_waiver(values["code"] or "", values["reason"] or "", values["material"],
                                   values["file"], values["by"], origin=f"{path}: entry {number}"))
    return waivers


def _csv_rows(text: str) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    return [{key.strip(): value for key, value in row.items() if key and value not in (None, "")}
            for row in reader]


def _yaml_rows(text: str, path: Path) -> list[Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise UsageError(t("not_valid_yaml", path=path, reason=error.__class__.__name__)) from error
    if isinstance(data, dict) and set(data) == {"waivers"}:
        data = data["waivers"]
    if data is None:
        return []
    if not isinstance(data, list):
        raise UsageError(t("waivers_not_a_list", path=path))
    return data


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (containers)
        return "unknown"


def apply_waivers(findings: Iterable[Finding], waivers: Iterable[Waiver], who: str | None = None,
                  at: datetime | None = None) -> list[Finding]:
    """Marks every warning or note that a waiver matches with {by, reason, at}; errors stay as they are.

    ``by`` is the waiver's own ``by`` (from a file), else ``who``, else the user running the tool.
    """
    waivers = list(waivers)
    stamp = (at or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    marked = []
    for finding in findings:
        waiver = next((w for w in waivers if w.matches(finding)), None)
        if waiver is None or finding.severity == "error" or finding.waived:
            marked.append(finding)
            continue
        marked.append(finding.with_(waived={"by": waiver.by or who or current_user(),
                                            "reason": waiver.reason, "at": stamp}))
    return marked


def unused_waivers(findings: Iterable[Finding], waivers: Iterable[Waiver]) -> list[Waiver]:
    """Waivers that matched nothing (the CLI mentions them: a typo in a code should not pass silently)."""
    findings = list(findings)
    return [w for w in waivers if not any(w.matches(f) for f in findings)]
