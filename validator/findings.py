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


def _canonical(value: Any) -> str:
    """A stable text of a value, mappings by sorted key, so equal evidence gives equal text."""
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{k!r}:{_canonical(v)}" for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))) + "}"
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(map(_canonical, value)) if isinstance(value, (set, frozenset)) else map(_canonical, value)
        return "[" + ",".join(items) + "]"
    return repr(value)


def identity(finding: Finding) -> tuple:
    """What a finding says and about what: two findings are one only when all of it is equal.

    The evidence is part of it, since messages name its keys: a suspension both too late and
    too long, or two unknown prerequisites, share code and place but are different defects,
    and a one-time notice (一次性告知) must list every one."""
    return finding.sort_key() + (finding.expected is None, str(finding.expected), finding.source or "",
                                 _canonical(finding.evidence))


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Deterministic order, duplicates (same code, place, values and evidence) removed."""
    seen: set[tuple] = set()
    unique = []
    for finding in sorted(findings, key=identity):
        key = identity(finding)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique
