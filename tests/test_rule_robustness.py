"""Every rule over junk: empty packages and fields holding the wrong kinds of values never raise
(a rule's exception means a bug, exit 70); what they yield are well-formed findings."""
from __future__ import annotations

import pytest
from PIL import Image

from rule_fixtures import context, document, run
from validator.rules import RULES
from validator.rules.docs import example
from validator.report.messages import message
from validator.resources import list_cities
from validator.vocabulary import ids

# Each rule runs with its documented example's parameters (validator.rules.docs.example), and
# these where junk needs more: a field no form has, a scheme-specific period, a testing type.
JUNK_PARAMS = {
    "expiring_soon": {"evaluation_months_by_scheme": {"pooled": 3}},
    "blank_field": {"fields": ["institution_name", "uscc", "no_such_field"]},
    "non_basic_service_scope": {"testing_institution_types": ["医学检验实验室"]},
}
JUNK = {"institution_name": 12, "uscc": ["x"], "address": "", "legal_representative": "？？", "valid_to": "无",
        "established_date": 3.5, "issue_date": "0000-00-00", "beds": "很多", "practice_subjects": 7,
        "institution_type": None, "practice_location": {"a": 1}, "business_scope": 0, "id_number": "X" * 30,
        "total_score": "满分", "contact_phone": 1234}
JUNK_EXTRA = {"roster": [{"row": 1}, {"name": None, "id_number": 5, "phone": ["1"]}, {}],
              "roster_columns": ["name"], "scores": {"1": "优", None: 5, "pa-2": None}}


def junk_documents():
    grey = lambda page: Image.new("L", (50, 50), 128)  # noqa: E731 - a tiny render for the seal detector
    return [document(kind, JUNK, extra=JUNK_EXTRA, is_scan=scan, render=grey if scan else None, confidence=conf)
            for kind, scan, conf in (("practice_license", False, 1.0), ("business_license", True, 0.3),
                                     ("staff_roster", True, 1.0), ("integrity_commitment", True, 1.0),
                                     ("self_assessment", False, 1.0), ("physician_certificate", False, 1.0),
                                     ("application_form", False, 1.0), ("id_card", False, 1.0))]


@pytest.mark.parametrize("code", sorted(RULES))
@pytest.mark.parametrize("kind", ["hospital", "pharmacy"])
def test_rules_survive_junk_and_empty_packages(code, kind):
    (documented,) = example(code)
    params = {**documented.get("params", {}), **JUNK_PARAMS.get(code, {})}
    for ctx in (context([], kind=kind), context(junk_documents(), kind=kind, scheme="pooled",
                                                profile={"institution_name": None, "beds": None})):
        for finding in run(code, ctx, **params):
            assert finding.code in ids("findings") and finding.source == "test 1(1)"
            assert message(finding, "zh") and message(finding, "en")


@pytest.mark.parametrize("city", list_cities())
def test_every_rule_a_checklist_names_runs_with_its_params(city):
    from validator.checklists.loader import load_checklist

    checklist = load_checklist(city)
    for kind in sorted(checklist.kinds):
        ctx = context(junk_documents(), city=city, kind=kind, scheme=min(checklist.schemes, default=None))
        for setting in checklist.rules:
            for finding in RULES[setting.code].run(ctx, setting):
                assert finding.source == setting.source


def test_taiyuan_third_party_testing_organisation_is_referred_to_a_person():
    from validator.checklists.loader import load_checklist

    setting = next(rule for rule in load_checklist("taiyuan").rules
                   if "testing_institution_types" in rule.params)
    lab = document("practice_license", {"institution_name": "太原市小店区华康医学检验实验室"})
    findings = RULES[setting.code].run(context([lab], city="taiyuan"), setting)
    assert [f.code for f in findings] == ["could_not_verify"] and "000_f517f697d43ff996.txt" in findings[0].source
