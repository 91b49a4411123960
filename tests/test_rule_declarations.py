"""Every rule declares itself (validator/rules/declaration.py): documented with a checklist
example that the loader accepts, a passing and a failing case, finding codes of the vocabulary,
tested by name, and the checklists README's tables generated from the declarations."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from rule_fixtures import context, document
from validator.checklists.model import RuleSetting
from validator.checklists.schema import validate_checklist
from validator.errors import ChecklistError
from validator.rules import RULES, run_rules
from validator.rules import docs
from validator.rules.docs import README, refreshed
from validator.vocabulary import ids

TESTS = Path(__file__).resolve().parent
@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_is_documented_with_an_example_the_loader_accepts(code):
    doc = RULES[code].doc
    assert re.search(r"^Passes: \S", doc, re.M) and re.search(r"^Fails: \S", doc, re.M), code
    (example,) = docs.example(code)
    assert example["code"] == code
    seed = example["source"].split()[0]
    data = {"city": "weihai", "title": "例", "version": "1", "effective": "2024-01-01",
            "sources": {seed: "seed"}, "kinds": ["clinic"], "procedures": ["application"], "rules": [example]}
    validate_checklist(data, f"{code} docstring", yaml.safe_dump(data, allow_unicode=True))
    RULES[code].settle(RuleSetting(code, example["source"], example.get("params", {})), "docstring")


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_yields_vocabulary_codes_and_is_tested_by_name(code):
    assert set(RULES[code].finding_codes) <= ids("findings")
    sources = [path.read_text(encoding="utf-8") for path in TESTS.glob("test_*.py")
               if path.name != Path(__file__).name]
    for finding_code in RULES[code].finding_codes:
        assert any(f'"{finding_code}"' in text for text in sources), f"no test names {finding_code}"


def test_every_rule_a_module_declares_is_registered():
    """A Rule declared in validator/rules/ but left out of RULES would never run."""
    import importlib
    import pkgutil

    import validator.rules as package
    from validator.rules.declaration import Rule

    declared = {value.code for info in pkgutil.iter_modules(package.__path__)
                for value in vars(importlib.import_module(f"validator.rules.{info.name}")).values()
                if isinstance(value, Rule)}
    assert declared == set(RULES) and all(RULES[code].code == code for code in RULES)


def test_every_declared_default_fits_its_own_type():
    for code, rule in RULES.items():
        params = {name: value for name, value in rule.defaults().items() if value is not None}
        data = {"city": "weihai", "title": "例", "version": "1", "effective": "2024-01-01",
                "sources": {"004_b66d6adc241eb53e.txt": "seed"},
                "rules": [{"code": code, "source": "004_b66d6adc241eb53e.txt 一", "params": params}]}
        validate_checklist(data, code, repr(data))


@pytest.mark.usefixtures("english")
def test_a_rule_reads_its_declared_defaults():
    setting = RULES["expiring_soon"].settle(RuleSetting("expiring_soon", "x", {"days": 30}), "test")
    assert setting.params == {"days": 30, "evaluation_months": 0, "evaluation_months_by_scheme": {}}
    with pytest.raises(ChecklistError, match=r"t\.yaml: rules: outside_application_window\.params: missing 'start'"):
        RULES["outside_application_window"].settle(RuleSetting("outside_application_window", "x", {}), "t.yaml")


def test_a_checklist_naming_an_unknown_rule_is_a_checklist_error_not_a_skip():
    ctx = context([document("practice_license")])
    ctx.checklist = ctx.checklist.__class__(**{**ctx.checklist.__dict__, "rules": (RuleSetting("missing_material", "x"),),
                                               "settings": {"file": "checklists/weihai.yaml"}})
    with pytest.raises(ChecklistError, match=r"checklists/weihai\.yaml：rules：没有名为 'missing_material' 的规则"):
        run_rules(ctx)


def test_the_checklists_readme_tables_are_generated_from_the_declarations():
    text = README.read_text(encoding="utf-8")
    assert refreshed(text) == text, "checklists/README.md is stale: run python -m validator.rules.docs"
