"""Findings: plain frozen values that every stage and rule produces."""
from __future__ import annotations

from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from typing import Any, Mapping

from validator.vocabulary import SEVERITY_RANK, finding_severity


@dataclass(frozen=True)
class Finding:
    """One problem (or note) about a package.

    ``evidence`` holds the values behind the finding (both sides of a mismatch,
    the row of a roster, the entry of the negative list ...); message templates
    in ``validator/data/messages.yaml`` may name its keys.
    """

    code: str
    material: str | None = None
    file: str | None = None
    page: int | None = None
    row: int | None = None
    field: str | None = None
    expected: Any = None
    found: Any = None
    source: str | None = None
    evidence: Mapping[str, Any] = dataclass_field(default_factory=dict)
    severity: str = ""
    waived: Mapping[str, str] | None = None

    def __post_init__(self) -> None:
        if not self.severity:
            object.__setattr__(self, "severity", finding_severity(self.code))

    @property
    def is_error(self) -> bool:
        return self.severity == "error" and not self.waived

    def sort_key(self) -> tuple:
        return (SEVERITY_RANK[self.severity], self.material or "~", self.file or "",
                self.page or 0, self.row or 0, self.code, self.field or "", str(self.found))

    def with_(self, **changes: Any) -> "Finding":
        return replace(self, **changes)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Deterministic order, duplicates (same code, place and values) removed."""
    seen: set[tuple] = set()
    unique = []
    for finding in sorted(findings, key=Finding.sort_key):
        key = finding.sort_key() + (finding.expected is None, str(finding.expected))
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique
