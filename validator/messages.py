"""Sentences for people, built from a finding's values (validator/data/messages.yaml)."""
from __future__ import annotations

from typing import Any

from validator.findings import Finding
from validator.resources import load_data_yaml
from validator.vocabulary import title


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return "、".join(str(item) for item in value)
    return str(value)


def message(finding: Finding, lang: str = "zh") -> str:
    """The finding as one sentence, Chinese by default; falls back to the code's title."""
    templates = load_data_yaml("messages.yaml").get(finding.code, {})
    template = templates.get(lang) or templates.get("zh")
    values = _Blank({key: _display(value) for key, value in finding.evidence.items()})
    values.update(
        title=title("findings", finding.code, lang),
        material=title("materials", finding.material, lang) if finding.material else "",
        file=finding.file or "", page=_display(finding.page), row=_display(finding.row),
        field=title("fields", finding.field, lang) if finding.field in _fields() else _display(finding.field),
        expected=_display(finding.expected), found=_display(finding.found),
    )
    if template:
        return template.format_map(values).strip()
    return _fallback(values, lang)


def _fields() -> frozenset[str]:
    from validator.vocabulary import ids
    return ids("fields")


def _fallback(values: dict[str, str], lang: str) -> str:
    parts = [values["title"]]
    if values["material"]:
        parts.append(f"（{values['material']}）" if lang == "zh" else f" ({values['material']})")
    if values["expected"] or values["found"]:
        parts.append(f"：应为“{values['expected']}”，实为“{values['found']}”" if lang == "zh"
                     else f": expected '{values['expected']}', found '{values['found']}'")
    return "".join(parts)
