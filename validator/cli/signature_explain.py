"""``dingdian extract FILE --explain``: the file's electronic signatures and seals, the same
details the report's badges show (validator/report/signature_view.py)."""
from __future__ import annotations

from pathlib import Path
from typing import Any


def explained_signatures(file: Path, lang: str) -> dict[str, Any]:
    """{"signatures": [...]} for a signed PDF or OFD; nothing for any other file or an unsigned one.
    Trust roots come from nowhere here: the details say whether the signed bytes are intact."""
    from validator.report.signature_view import signature_view
    from validator.signatures import verify_bytes

    try:
        data = file.read_bytes()
    except OSError:
        return {}  # extract_file has already said why the file cannot be read
    found = verify_bytes(file.name, data, None)
    return {"signatures": [signature_view(found, lang)]} if found else {}


def signature_lines(result: dict[str, Any]) -> list[str]:
    lines = []
    for found in result.get("signatures", []):
        lines.append(f"{found['heading']}: {found['status_title']}")
        for signature in found["signatures"]:
            lines.append(f"  [{signature['status_title']}]")
            lines.extend(f"    {label}: {value}" for label, value in signature["lines"])
    return lines
