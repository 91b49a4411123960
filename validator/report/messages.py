"""Sentences for people, built from a finding's values (validator/data/messages.yaml)."""
from __future__ import annotations

from string import Formatter
from typing import Any

from validator.findings import Finding
from validator.resources import load_data_yaml
from validator.vocabulary import title

# What every template may name besides the finding's evidence.
BASE_KEYS = frozenset({"title", "material", "file", "page", "row", "field", "expected", "found"})
# Evidence present only where it applies: "by when" exists only where the city sets a correction
# period (validator.rules.common.correction_due).
OPTIONAL_EVIDENCE = frozenset({"due", "due_zh", "due_en"})


class _Values(dict):
    """Absent optional evidence renders as nothing; any other absent key stays visible as
    ``{key}``, so a mistyped placeholder shows in the sentence (and fails the tests that render
    every finding: see ``unfilled``) instead of vanishing."""

    def __missing__(self, key: str) -> str:
        return "" if key in OPTIONAL_EVIDENCE else "{" + key + "}"


def placeholders(code: str, lang: str) -> set[str]:
    """The keys the template of ``code`` in ``lang`` names."""
    template = load_data_yaml("messages.yaml").get(code, {}).get(lang) or ""
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def unfilled(finding: Finding) -> set[str]:
    """Placeholders of the finding's templates (zh and en) that neither the finding nor its
    evidence fills: empty for every well-formed finding."""
    names = placeholders(finding.code, "zh") | placeholders(finding.code, "en")
    return names - BASE_KEYS - OPTIONAL_EVIDENCE - set(finding.evidence)


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
    values = _Values({key: _display(value) for key, value in finding.evidence.items()})
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
