"""The rule registry: a rule is a small function registered under the finding code it yields.

A checklist names the rules it applies (``rules:`` with parameters and the
clause they come from); ``run_rules`` runs exactly those, in a fixed order.
A rule yields findings; an exception means it could not run (a bug, exit 70).
"""
from __future__ import annotations

from importlib import import_module
from typing import Callable, Iterable

from validator.checklist_model import RuleSetting
from validator.context import CheckContext
from validator.findings import Finding

RuleFunction = Callable[[CheckContext, RuleSetting], Iterable[Finding]]

REGISTRY: dict[str, RuleFunction] = {}

# Modules that register rules; a new rule module is added here.
RULE_MODULES: tuple[str, ...] = (
    "validity", "validity_dates", "form_fields", "seal", "consistency", "roster",
    "eligibility_operation", "eligibility_scope", "eligibility_pharmacy", "assessment",
    "application_window", "negative_list_rule", "procedure_conditions", "prerequisites",
)


def rule(code: str) -> Callable[[RuleFunction], RuleFunction]:
    def register(function: RuleFunction) -> RuleFunction:
        if code in REGISTRY:
            raise RuntimeError(f"two rules registered under {code}")
        REGISTRY[code] = function
        return function
    return register


def load_rules() -> dict[str, RuleFunction]:
    for module in RULE_MODULES:
        import_module(f"validator.rules.{module}")
    return REGISTRY


def run_rules(context: CheckContext) -> list[Finding]:
    registry = load_rules()
    findings: list[Finding] = []
    for setting in context.checklist.rules:
        function = registry.get(setting.code)
        # Rules belong to procedures: application-stage eligibility does not run at signing,
        # change, suspension or termination (issue 11 item 4).
        if function is not None and setting.runs_in(context.options.procedure):
            findings.extend(function(context, setting))
    return findings
