"""One entry per finding code: severity, Chinese and English title, Chinese and English message.

frictionless-py keeps an error's code, title and template in one class; dingdian keeps them as data
so translators and policy readers edit YAML, in three files by concern: ``vocabulary.yaml``
``findings`` (severity, official Chinese title), ``titles_en.yaml`` ``findings`` (English title) and
``messages.yaml`` (zh/en templates).  ``finding_entry`` assembles the one entry a rule's
declaration points to (``Rule.entries``), and ``inconsistencies`` lists every way the three files
disagree; ``tests/test_finding_codes.py`` fails on any of them, and on a rule no checklist names.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from validator.resources import load_data_yaml

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[str, ...] = get_args(Severity)


@dataclass(frozen=True)
class FindingEntry:
    code: str
    severity: Severity
    title_zh: str
    title_en: str
    message_zh: str
    message_en: str


def _sources() -> tuple[dict, dict, dict]:
    return (load_data_yaml("vocabulary.yaml")["findings"], load_data_yaml("titles_en.yaml")["findings"],
            load_data_yaml("messages.yaml"))


def finding_entry(code: str) -> FindingEntry:
    """The catalogue's entry for ``code``; KeyError names a code missing from any of the files."""
    vocabulary, english, messages = _sources()
    declared = vocabulary[code]
    return FindingEntry(code, declared["severity"], declared["title"], english[code],
                        messages[code]["zh"], messages[code]["en"])


def inconsistencies() -> list[str]:
    """Every disagreement among vocabulary.yaml, titles_en.yaml and messages.yaml, one line each."""
    vocabulary, english, messages = _sources()
    files = {"vocabulary.yaml findings": set(vocabulary), "titles_en.yaml findings": set(english),
             "messages.yaml": set(messages)}
    problems = [f"{code}: in {', '.join(sorted(n for n, codes in files.items() if code in codes))} only"
                for code in sorted(set().union(*files.values())) if not all(code in codes for codes in files.values())]
    for code, declared in sorted(vocabulary.items()):
        if (declared or {}).get("severity") not in SEVERITIES:
            problems.append(f"{code}: severity {(declared or {}).get('severity')!r} is not one of {', '.join(SEVERITIES)}")
        if not (declared or {}).get("title") or (code in english and not english[code]):
            problems.append(f"{code}: a title is empty")
    for code, templates in sorted(messages.items()):
        if not isinstance(templates, dict) or not templates.get("zh") or not templates.get("en"):
            problems.append(f"{code}: messages.yaml needs both zh and en")
    return problems
