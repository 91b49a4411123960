"""Sentences for people, built from a finding's values (validator/data/messages.yaml)."""
from __future__ import annotations

import re
from string import Formatter
from typing import Any, Mapping

from validator.catalogue import t
from validator.findings import Finding
from validator.resources import load_data_yaml
from validator.vocabulary import title

# What every template may name besides the finding's evidence.
BASE_KEYS = frozenset({"title", "material", "file", "page", "row", "field", "expected", "found"})
# Who reads the sentence, which decides how the profile a check compared against is named:
# the applicant checking their own package edits that file, so it is named (profile.yaml); the
# intake clerk and a notice speak of what the applicant declared (the catalogue's declared_clerk,
# declared_notice): a clerk has no profile.yaml to edit.
AUDIENCES = ("clerk", "applicant", "notice")
_PROFILE_FILE = re.compile(r"(?:^|[\\/])profile\.ya?ml$|^profile$")
# Evidence present only where it applies: "by when" exists only where the city sets a correction
# period (validator.rules.common.correction_due).
OPTIONAL_EVIDENCE = frozenset({"due", "due_zh", "due_en"})


def undated(finding: Finding) -> Finding:
    """The finding without its "by when" (a refused package, a notice's problem list): its
    sentence then ends before "请于…前补正"."""
    if not OPTIONAL_EVIDENCE & set(finding.evidence):
        return finding
    return finding.with_(evidence={key: value for key, value in finding.evidence.items()
                                   if key not in OPTIONAL_EVIDENCE})


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


# How a list is joined in a sentence: the enumeration comma in Chinese, a comma in English.
_LIST_SEPARATORS = {"zh": "、", "en": ", "}


def join(values: Any, lang: str = "zh") -> str:
    """Items of a list as one phrase in ``lang``: 甲、乙 / A, B."""
    return _LIST_SEPARATORS.get(lang, "、").join(str(item) for item in values)


def _display(value: Any, lang: str = "zh") -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return join(value, lang)
    return str(value)


def is_profile_file(name: Any) -> bool:
    return isinstance(name, str) and bool(_PROFILE_FILE.search(name.strip()))


def message(finding: Finding, lang: str = "zh", audience: str = "clerk") -> str:
    """The finding as one sentence for ``audience`` (AUDIENCES), Chinese by default; falls back
    to the code's title."""
    if audience not in AUDIENCES:
        raise ValueError(f"audience {audience!r} is not one of {AUDIENCES}")
    templates = load_data_yaml("messages.yaml").get(finding.code, {})
    template = templates.get(lang) or templates.get("zh")
    values = _Values({key: _display(value, lang) for key, value in finding.evidence.items()})
    values.update(
        title=title("findings", finding.code, lang),
        material=title("materials", finding.material, lang) if finding.material else "",
        file=finding.file or "", page=_display(finding.page, lang), row=_display(finding.row, lang),
        field=title("fields", finding.field, lang) if finding.field in _fields() else _display(finding.field, lang),
        expected=_display(finding.expected, lang), found=_display(finding.found, lang),
    )
    if audience != "applicant":
        _name_the_declaration(values, finding, t(f"declared_{audience}", language=lang))
    if template:
        return template.format_map(values).strip()
    return _fallback(values, lang)


def name_the_slot(text: str, material: str | None, material_titles: Mapping[str, str], lang: str) -> str:
    """A vocabulary slot title that joins alternatives ("自评表 / 综合评估表 / 评估表", "医疗机构执业
    许可证（或中医诊所备案证…）") in ``text`` becomes the title the city's checklist gives the material
    (``material_titles``): a clerk and an applicant read the paper the city asks for (N-5)."""
    if not material or lang == "en":
        return text
    slot = title("materials", material, lang)
    named = material_titles.get(material)
    if named and (" / " in slot or "（或" in slot):
        return text.replace(slot, _short(named))
    return text


def _short(item_title: str) -> str:
    """A checklist title without its trailing count ("（一份）", "×2"): the document's name."""
    return re.sub(r"(（[一二三四五六七八九十\d]+份）|[×x]\d+)$", "", item_title).strip()


def _name_the_declaration(values: dict[str, str], finding: Finding, declared: str) -> None:
    """The profile's file name → ``declared``, as a whole value and inside a sentence (a ``why``)."""
    origins = {str(finding.evidence["profile"])} if finding.evidence.get("profile") else set()
    origins |= {value for value in values.values() if is_profile_file(value)}
    for key, value in values.items():
        if value in origins:
            values[key] = declared
        else:  # inside a sentence only a file-like name: "profile" alone is also an English word
            for origin in origins:
                if "." in origin or "/" in origin:
                    value = value.replace(origin, declared)
            values[key] = value


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
