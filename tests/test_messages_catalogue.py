"""The finding catalogue is complete: every code has a Chinese and an English title and message,
the English message names all the evidence the Chinese one does, and what they name is what the findings carry (the rule
tests check every finding they see: tests/rule_fixtures.run)."""
from __future__ import annotations

import pytest

from rule_fixtures import context, document, run
from validator.findings import Finding
from validator.report.messages import BASE_KEYS, message, placeholders, unfilled
from validator.resources import load_data_yaml
from validator.rules import RULES
from validator.rules.declaration import COMMON_CODES
from validator.vocabulary import ids, title


def _same(name: str) -> str:
    """The language-neutral name of an evidence key: why / why_en, due_zh / due_en, zh / en."""
    return "zh" if name == "en" else name.removesuffix("_en").removesuffix("_zh")


@pytest.mark.parametrize("code", sorted(ids("findings")))
def test_every_finding_code_has_titles_and_messages_in_both_languages(code):
    english = load_data_yaml("titles_en.yaml")["findings"]
    assert title("findings", code) and english.get(code), code
    templates = load_data_yaml("messages.yaml").get(code) or {}
    assert templates.get("zh") and templates.get("en"), f"{code}: no zh/en message in messages.yaml"
    # English says all that Chinese says; it may add an id where the only wording is Chinese.
    assert ({_same(n) for n in placeholders(code, "zh") - BASE_KEYS}
            <= {_same(n) for n in placeholders(code, "en") - BASE_KEYS}), code


def test_every_code_a_rule_yields_is_in_the_catalogue():
    for rule in RULES.values():
        assert set(rule.finding_codes) | set(COMMON_CODES) <= ids("findings"), rule.code


def test_a_mistyped_placeholder_shows_instead_of_vanishing(monkeypatch):
    messages = {**load_data_yaml("messages.yaml"), "name_mismatch": {"zh": "名称：{value_a}与{valeu_b}", "en": "x"}}
    monkeypatch.setattr("validator.report.messages.load_data_yaml", lambda name: messages)
    finding = Finding("name_mismatch", evidence={"value_a": "甲", "value_b": "乙"})
    assert message(finding) == "名称：甲与{valeu_b}" and unfilled(finding) == {"valeu_b"}


def test_optional_evidence_renders_as_nothing():
    doc = document("business_license", {"uscc": "91370100MA3C8K9X1F"})
    (finding,) = run("invalid_uscc", context([doc]))
    assert "due_zh" not in finding.evidence and message(finding).endswith("请核对更正。")
