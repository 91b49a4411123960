"""What a supplement changed: findings of two versions compared by code + material + field.

Only what blocks or needs action counts (errors and warnings not waived); a finding present
before and not now is fixed, present in both still open, present only now new.
"""
from __future__ import annotations

from typing import Any

Key = tuple[str, str, str]


def _open_findings(report: dict[str, Any] | None) -> dict[Key, dict[str, Any]]:
    found: dict[Key, dict[str, Any]] = {}
    for finding in (report or {}).get("findings", []):
        if finding["severity"] in ("error", "warning") and not finding.get("waived"):
            found.setdefault((finding["code"], finding.get("material") or "", finding.get("field") or ""), finding)
    return found


def compare(previous: dict[str, Any] | None, current: dict[str, Any] | None) -> dict[str, list[dict[str, Any]]]:
    before, after = _open_findings(previous), _open_findings(current)
    return {
        "fixed": [before[key] for key in before if key not in after],
        "open": [after[key] for key in after if key in before],
        "new": [after[key] for key in after if key not in before],
    }
