"""The outcome of one package in a batch: the summary's row, cached and sent back by workers.

One frozen record with one constructor (the dataclass's own); ``outcome_of_report`` fills it
from a report, a failure fills only what it knows.  ``to_json``/``from_json`` give the plain
JSON value stored in the result cache; findings are masked unless personal data is shown.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class FindingRow:
    """One finding as the summary's second sheet shows it (the report's wording and masking)."""

    severity: str
    code: str
    title: str
    material: str | None = None
    file: str | None = None
    page: int | None = None
    row: int | None = None
    message: str = ""
    source: str | None = None
    waived: dict[str, Any] | None = None  # {by, reason, at} when a waiver matched


@dataclass(frozen=True)
class Supplement:
    """The applicant's time limit to supplement an incomplete package, where the city sets one.

    Every such limit runs from the day the applicant *receives* the notice (yangzhou 三(一)2
    "自收到书面通知之日起", harbin 七(三) "自收到材料补正通知之日起"), which the batch cannot know:
    ``due_if_received`` is the day it ends if the notice is handed over on the check's date."""

    limit: str  # the limit in words, e.g. 5个工作日
    source: str  # the clause
    received: str  # the check's date (ISO) that due_if_received counts from
    due_if_received: str  # ISO date
    estimated: bool = False  # the holiday calendar lacks a year on the way: weekends-only estimate


@dataclass(frozen=True)
class Outcome:
    package: str  # path below DIR (posix), e.g. 2026-11/某诊所 or 某药店.zip
    out: str  # its folder below OUTDIR
    exit_code: int
    error: str | None = None  # one line when the package could not be checked
    verdict: str | None = None
    verdict_title: str | None = None
    city: str | None = None
    kind: str | None = None
    scheme: str | None = None
    institution: str | None = None
    uscc: str | None = None
    errors: int | None = None
    warnings: int | None = None
    info: int | None = None
    waived: int | None = None
    missing: tuple[str, ...] = ()  # titles of missing materials
    supplement: Supplement | None = None
    supplement_limit_set: bool = False  # the city sets a supplement limit (else: 未规定, or the window)
    window_end: str | None = None  # ISO: the application window's last day, where it stands for a limit
    window_source: str | None = None
    findings: tuple[FindingRow, ...] = ()
    reports: dict[str, str] = field(default_factory=dict)  # json|html|notice -> path below OUTDIR
    notice_error: str | None = None
    cached: bool = False
    seconds: float | None = None  # timings and memory of the run that produced it
    cpu_seconds: float | None = None
    worker_max_rss_kb: int | None = None
    attempts: int = 1  # workers it took (a worker that died is retried once)

    @property
    def failed(self) -> bool:
        return self.error is not None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Outcome":
        """The inverse of ``to_json`` (a cache entry; the tool's digest keys the cache, so its shape is ours)."""
        values = dict(data)
        values["missing"] = tuple(values.get("missing") or ())
        values["findings"] = tuple(FindingRow(**row) for row in values.get("findings") or ())
        if values.get("supplement"):
            values["supplement"] = Supplement(**values["supplement"])
        return cls(**values)
