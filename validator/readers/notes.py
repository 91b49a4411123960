"""The one shape of a reader's "could not fully read this" finding: could_not_verify (a warning)
with a machine reason and a Chinese and an English sentence for the report."""
from __future__ import annotations

from typing import Any

from validator.findings import Finding


def note(file: str, reason: str, why: str, why_en: str, found: Any = None, page: int | None = None,
         row: int | None = None, **evidence: Any) -> Finding:
    return Finding("could_not_verify", file=file, page=page, row=row, found=found,
                   evidence={"reason": reason, "why": why, "why_en": why_en, **evidence})
