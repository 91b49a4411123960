"""A finding code is defined once (issue 26 item 3): a rule's declaration points to one catalogue entry
per code it yields (``Rule.entries``), the three catalogue files agree code for code, every code is
given by something, and every rule is named by a checklist (a rule no checklist names never runs)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from validator.finding_entries import SEVERITIES, finding_entry, inconsistencies
from validator.resources import load_data_yaml
from validator.rules import RULES
from validator.rules.declaration import COMMON_CODES

REPO = Path(__file__).resolve().parent.parent


def literals(folder: Path) -> set[str]:
    """Every string constant in the Python modules below ``folder``."""
    found: set[str] = set()
    for path in folder.rglob("*.py"):
        found |= {node.value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                  if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    return found


def named_rules() -> dict[str, set[str]]:
    """Rule codes each shipped checklist file names, by file."""
    return {path.name: {rule["code"] for rule in (yaml.safe_load(path.read_text(encoding="utf-8")).get("rules") or [])}
            for path in sorted((REPO / "checklists").glob("*.yaml"))}


def test_the_three_catalogue_files_agree():
    assert inconsistencies() == []


def test_a_disagreement_is_reported(monkeypatch):
    declared = {"a": {"severity": "error", "title": "甲"}, "b": {"severity": "fatal", "title": "乙"}}
    files = {"vocabulary.yaml": {"findings": declared},
             "titles_en.yaml": {"findings": {"a": "A", "b": "B"}},
             "messages.yaml": {"b": {"zh": "乙", "en": ""}}}
    monkeypatch.setattr("validator.finding_entries.load_data_yaml", files.__getitem__)
    assert inconsistencies() == ["a: in titles_en.yaml findings, vocabulary.yaml findings only",
                                 "b: severity 'fatal' is not one of error, warning, info",
                                 "b: messages.yaml needs both zh and en"]


@pytest.mark.parametrize("code", sorted(RULES))
def test_a_rule_points_to_one_entry_per_code(code):
    for entry in RULES[code].entries:
        assert entry.severity in SEVERITIES and entry.title_zh and entry.title_en and entry.message_en
    assert [entry.code for entry in RULES[code].entries] == list(RULES[code].finding_codes)
    assert finding_entry(code).code == code


def test_every_catalogued_code_is_given_by_something():
    """A code no rule declares and no module names is a catalogue entry nothing can produce."""
    given = {code for rule in RULES.values() for code in rule.finding_codes} | set(COMMON_CODES)
    given |= literals(REPO / "validator") - set(RULES)  # the pipeline's own codes (missing_material ...)
    orphans = set(load_data_yaml("vocabulary.yaml")["findings"]) - given
    assert not orphans, f"catalogued, but no rule declares and no module gives: {sorted(orphans)}"


def test_every_rule_is_named_by_a_checklist():
    named = set().union(*named_rules().values())
    unreached = sorted(set(RULES) - named)
    assert not unreached, f"no checklist names these rules, so they never run: {unreached} (checklists/README.md)"


def test_every_checklist_names_only_rules():
    for name, codes in named_rules().items():
        assert codes <= set(RULES), f"{name} names {sorted(codes - set(RULES))}, which no rule declares"
