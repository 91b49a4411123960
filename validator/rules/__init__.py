"""The rule registry: every rule a checklist may name, as the rule module declares it
(validator/rules/declaration.py: code, finding codes, parameters, documentation).

A checklist names the rules it applies (``rules:`` with parameters and the clause they come
from); ``run_rules`` runs exactly those, in the checklist's order, with their declared defaults
filled in. A rule yields findings; an exception means it could not run (a bug, exit 70). A rule
the registry does not know is a broken checklist (exit 3), never skipped.
"""
from __future__ import annotations

from validator.rules.context import CheckContext
from validator.catalogue import t
from validator.errors import ChecklistError
from validator.findings import Finding
from validator.rules import (application_window, assessment, consistency, eligibility_operation,
                             eligibility_pharmacy, eligibility_scope, form_fields, negative_list, prerequisites,
                             procedure_conditions, roster, seal, service_area, validity, validity_dates)
from validator.rules.declaration import Rule


def _registry(*rules: Rule) -> dict[str, Rule]:
    registry: dict[str, Rule] = {}
    for rule in rules:
        if rule.code in registry:
            raise RuntimeError(f"two rules declared as {rule.code}")
        registry[rule.code] = rule
    return registry


RULES: dict[str, Rule] = _registry(
    validity.INVALID_USCC, validity.INVALID_ID_NUMBER, validity.INVALID_PHONE,
    validity_dates.EXPIRED_DOCUMENT, validity_dates.EXPIRING_SOON,
    form_fields.BLANK_FIELD, seal.MISSING_SEAL,
    consistency.NAME_MISMATCH, consistency.ADDRESS_MISMATCH, consistency.LEGAL_REP_MISMATCH,
    consistency.USCC_MISMATCH,
    roster.ROSTER_MISSING_COLUMN, roster.ROSTER_DUPLICATE_PERSON, roster.ROSTER_INVALID_ROW,
    eligibility_operation.OPERATING_PERIOD_TOO_SHORT, eligibility_operation.NO_FIRST_REGISTERED_PHYSICIAN,
    eligibility_operation.INSURANCE_DEPARTMENT_REQUIRED,
    eligibility_scope.NON_BASIC_SERVICE_SCOPE, eligibility_scope.INELIGIBLE_INSTITUTION_TYPE,
    eligibility_pharmacy.INSUFFICIENT_PHARMACISTS,
    negative_list.NEGATIVE_LIST_MATCH, assessment.ASSESSMENT_SCORE_BELOW_THRESHOLD,
    application_window.OUTSIDE_APPLICATION_WINDOW,
    procedure_conditions.PROCEDURE_CONDITION_NOT_MET, procedure_conditions.PROCEDURE_NOT_PERMITTED,
    prerequisites.PREREQUISITE_NOT_MET, service_area.OUTSIDE_SERVICE_AREA,
)


def run_rules(context: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    where = str(context.checklist.settings.get("file") or context.checklist.city)
    for setting in context.checklist.rules:
        rule = RULES.get(setting.code)
        if rule is None:
            raise ChecklistError(t("checklist_unknown_rule", where=where, code=setting.code))
        # Rules belong to procedures: application-stage eligibility does not run at signing,
        # change, suspension or termination.
        if setting.runs_in(context.procedure):
            findings.extend(rule.run(context, setting.cited_for(context.kind, context.scheme)))
    return findings
