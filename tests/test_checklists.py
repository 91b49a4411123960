"""Checklists: the material lists of spec/requirements.md, the schema's errors, extends/override/drop."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from validator.domain.deadlines import DeadlineRule
from validator.checklists.loader import (
    check_target, condition_holds, list_cities, load_checklist, load_checklist_file,
    resolve, scheme_choices,
)
from validator.errors import ChecklistError, UsageError
from validator.vocabulary import ids

# (city, kind, scheme, procedure, facts) -> {material: state}; "?" conditional, "-" not applicable.
# Rows: spec/requirements.md "New application", then the signing, change, suspension and
# termination procedures that seeds 000, 001, 003 and 004 ask for.
_TAIYUAN = ("application_form integrity_commitment practice_license business_license? physician_certificates "
            "management_systems social_insurance_proof? premises_proof location_layout_map "
            "large_equipment_license? agreement_copy-")
_YANGZHOU_MEDICAL = ("application_form practice_license business_license management_systems labor_contracts "
                     "social_insurance_proof integrity_commitment")
_HARBIN = ("application_form staff_roster practice_license business_license physician_certificates "
           "management_systems his_materials fund_forecast integrity_commitment self_assessment")
EXPECTED = [
    ("taiyuan", "hospital", None, "application", {}, _TAIYUAN),
    ("taiyuan", "clinic", None, "application", {}, _TAIYUAN),
    ("taiyuan", "clinic", None, "application", {"for_profit": True, "has_large_equipment": False},
     _TAIYUAN.replace("business_license?", "business_license").replace("social_insurance_proof?", "social_insurance_proof")
     .replace("large_equipment_license?", "large_equipment_license-")),
    ("taiyuan", "hospital", None, "application", {"provincially_designated": True},
     "application_form integrity_commitment practice_license- business_license- physician_certificates- "
     "management_systems- social_insurance_proof- premises_proof- location_layout_map- "
     "large_equipment_license- agreement_copy"),
    ("taiyuan", "hospital", None, "signing", {}, "network_opening_form integrity_commitment basic_info_statement "
     "agreement_copy-"),
    ("taiyuan", "clinic", None, "signing", {"third_party_testing": True},
     "network_opening_form integrity_commitment basic_info_statement agreement_copy"),
    ("yangzhou", "hospital", None, "application", {}, _YANGZHOU_MEDICAL),
    ("yangzhou", "clinic", None, "application", {}, _YANGZHOU_MEDICAL),
    ("yangzhou", "pharmacy", None, "application", {},
     "application_form drug_business_license business_license gsp_certificate pharmacist_certificates "
     "management_systems labor_contracts social_insurance_proof integrity_commitment"),
    ("yangzhou", "pharmacy", None, "signing", {}, "integrity_commitment"),
    ("yangzhou", "hospital", None, "change", {}, "change_application_form practice_license business_license"),
    ("yangzhou", "pharmacy", None, "change", {}, "change_application_form drug_business_license business_license "
                                                 "pharmacist_certificates?"),
    ("yangzhou", "pharmacy", None, "change", {"changes_licensed_pharmacist": True},
     "change_application_form drug_business_license business_license pharmacist_certificates"),
    ("shandong-provincial", "hospital", "pooled", "application", {},
     "application_form basic_info_statement self_assessment agreement_copy"),
    ("shandong-provincial", "clinic", "pooled", "application", {},
     "application_form basic_info_statement self_assessment agreement_copy"),
    ("shandong-provincial", "pharmacy", None, "application", {}, "application_form self_assessment agreement_copy"),
    ("harbin", "hospital", None, "application", {}, _HARBIN),
    ("harbin", "clinic", None, "application", {}, _HARBIN),
    ("harbin", "clinic", None, "signing", {},
     "dedicated_line_form business_license integrity_commitment eprescription_acceptance_video "
     "eprescription_acceptance"),
    ("weihai", "hospital", "pooled", "application", {},
     "practice_license basic_info_statement management_systems fund_forecast staff_roster"),
    ("weihai", "clinic", "personal-account", "application", {},
     "practice_license management_systems his_materials fund_forecast staff_roster"),
    ("weihai", "hospital", None, "signing", {}, "integrity_commitment"),
    ("weihai", "clinic", None, "change", {}, "change_application_form business_license? practice_license? legal_rep_id?"),
    ("weihai", "clinic", None, "change", {"changes_legal_representative": True, "change_concerns_licences": True},
     "change_application_form business_license practice_license legal_rep_id"),
    # 八(四)2 "按实际情况提供": a bank-account change needs no licence
    ("weihai", "clinic", None, "change", {"changes_legal_representative": False, "change_concerns_licences": False},
     "change_application_form business_license- practice_license- legal_rep_id-"),
    ("weihai", "hospital", None, "suspension", {}, "suspension_termination_form legal_rep_id"),
    ("weihai", "hospital", None, "termination", {}, "suspension_termination_form legal_rep_id"),
]


def _states(spec: str) -> dict[str, str]:
    marks = {"?": "conditional", "-": "not_applicable"}
    return {word.rstrip("?-"): marks.get(word[-1], "required") for word in spec.split()}


@pytest.mark.parametrize("city, kind, scheme, procedure, facts, expected", EXPECTED,
                         ids=[f"{row[0]}-{row[1]}-{row[2]}-{row[3]}-{len(row[4])}" for row in EXPECTED])
def test_material_list(city, kind, scheme, procedure, facts, expected):
    resolved = resolve(load_checklist(city), kind, scheme, procedure, facts)
    assert {item.material: state for item, state in resolved} == _states(expected)
    assert len(resolved) == len(_states(expected))  # one item per material


def test_copies_and_sections_from_the_seeds():
    shandong = {i.material: i for i, _ in resolve(load_checklist("shandong-provincial"), "hospital", "pooled",
                                                    "application")}
    assert shandong["self_assessment"].copies == 2 and shandong["application_form"].copies == 1
    assert "内部管理" in shandong["basic_info_statement"].sections
    harbin = {i.material: i for i, _ in resolve(load_checklist("harbin"), "hospital", None, "application")}
    assert len(harbin["management_systems"].sections) == 10
    weihai = {i.material: i for i, _ in resolve(load_checklist("weihai"), "clinic", "pooled", "application")}
    assert weihai["basic_info_statement"].sections == ("机构规模", "科室机构设置", "信息系统", "服务能力",
                                                       "诊疗服务特色", "服务人群")


def test_rule_params_as_the_rules_engineer_reads_them():
    weihai = load_checklist("weihai")
    assert weihai.rule("expiring_soon").params == {
        "days": 90, "evaluation_months": 3, "evaluation_months_by_scheme": {"pooled": 3, "personal-account": 2}}
    assert weihai.rule("assessment_score_below_threshold").params["threshold"] == 90
    assert load_checklist("shandong-provincial").rule("negative_list_match").params["ban_years"] == {
        "false_materials": 2}
    assert load_checklist("shandong-provincial").rule("outside_application_window").params == {
        "start": "2020-03-20", "end": "2020-04-03"}
    assert load_checklist("yangzhou").rule("insufficient_pharmacists").params == {
        "min_pharmacists": 2, "min_licensed": 1, "tcm_with_herbal": True}
    assert load_checklist("yangzhou").rule("operating_period_too_short") is None
    assert load_checklist("harbin").rule("roster_missing_column").params["columns"] == ["name", "id_number"]


def test_target_checks():
    weihai, shandong = load_checklist("weihai"), load_checklist("shandong-provincial")
    with pytest.raises(UsageError, match="give --scheme"):
        resolve(weihai, "hospital", None, "application")
    with pytest.raises(UsageError, match="personal-account is not one of"):
        check_target(shandong, "hospital", "personal-account", "application")
    check_target(shandong, "pharmacy", None, "application")  # pharmacies have no scheme to choose
    with pytest.raises(UsageError, match="--kind pharmacy"):
        check_target(weihai, "pharmacy", None, "application")
    with pytest.raises(UsageError, match="--procedure renewal"):
        check_target(weihai, "hospital", None, "renewal")
    assert scheme_choices(weihai, "hospital", "application") == ["personal-account", "pooled"]
    assert scheme_choices(weihai, "hospital", "change") == [] == scheme_choices(shandong, "pharmacy", "application")
    with pytest.raises(UsageError, match="did you mean 'weihai'"):
        load_checklist("weihia")


@pytest.mark.parametrize("condition, facts, expected", [
    ("for_profit", {"for_profit": True}, True), ("for_profit", {}, None), ("not for_profit", {"for_profit": True}, False),
    ("for_profit and not provincially_designated", {"for_profit": True}, False),  # default false → "not" holds
    ("for_profit and has_large_equipment", {"for_profit": False}, False),
    ("for_profit and has_large_equipment", {"for_profit": True}, None),
])
def test_condition_holds(condition, facts, expected):
    defaults = {"provincially_designated": True}
    assert condition_holds(condition, facts, defaults) is expected


# --- the shipped files ---------------------------------------------------------------------------

def test_every_shipped_checklist_loads_with_known_ids():
    assert list_cities() == sorted(ids("cities"))
    for city in list_cities():
        checklist = load_checklist(city)
        for item in checklist.items:
            assert set(item.document_types) <= ids("document_types"), (city, item.material)
            assert item.source.split()[0] in checklist.sources, (city, item.material)
        for rule in checklist.rules:
            assert rule.code in ids("findings") and rule.source.split()[0] in checklist.sources
        for event, entries in checklist.settings["deadlines"].items():
            for entry in entries:
                assert DeadlineRule.from_entry(entry, event).source.split()[0] in checklist.sources
        assert checklist.settings["agency"]["name"]


# --- broken files --------------------------------------------------------------------------------

MINIMAL = {
    "city": "weihai", "title": "测试", "version": "1", "effective": "2024-01-01", "extends": "national",
    "sources": {"004_b66d6adc241eb53e.txt": "威海"}, "kinds": ["hospital", "clinic"],
    "procedures": ["application"],
    "items": [{"material": "practice_license", "title": "执业许可证", "procedures": ["application"],
               "document_types": ["practice_license"], "source": "004_b66d6adc241eb53e.txt 六(一)1"}],
}


def _write(folder: Path, data: dict, name: str = "weihai") -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _item(**changes) -> dict:
    return {**MINIMAL, "items": [{**MINIMAL["items"][0], **changes}]}


@pytest.mark.parametrize("data, message", [
    ({**MINIMAL, "titel": "x"}, r"titel: unknown key \(did you mean 'title'\?\)"),
    ({**MINIMAL, "items": [{**{k: v for k, v in MINIMAL["items"][0].items() if k != "source"},
                            "soruce": "004_b66d6adc241eb53e.txt 六"}]},
     r"items\[0\]\.soruce: unknown key \(did you mean 'source'\?\)"),
    ({**MINIMAL, "items": [{k: v for k, v in MINIMAL["items"][0].items() if k != "source"}]},
     r"items\[0\]: missing key 'source'"),
    (_item(material="practise_license"),
     r"items\[0\]\.material: unknown material 'practise_license' \(did you mean 'practice_license'\?\)"),
    (_item(document_types=["practice_licence"]), r"items\[0\]\.document_types\[0\]: unknown document type"),
    (_item(source="六(一)1"), r"items\[0\]\.source: '六\(一\)1' does not match"),
    (_item(source="001_e263ef0e979e8d4c.txt 二"), r"items\[0\]\.source: cites 001_e263ef0e979e8d4c\.txt"),
    (_item(condition="for_proft"), r"condition: unknown fact 'for_proft' \(did you mean 'for_profit'\?\)"),
    (_item(kinds=["pharmacy"]), r"items\[0\]\.kinds: 'pharmacy' is not among the checklist's kinds"),
    ({**MINIMAL, "drop": ["his_material"]}, r"drop\[0\]: unknown material 'his_material' \(did you mean"),
    ({**MINIMAL, "drop": ["gsp_certificate"]}, r"drop\[0\]: 'gsp_certificate' is not in national"),
    ({**MINIMAL, "rules": [{"code": "missing_material", "source": "004_b66d6adc241eb53e.txt 九",
                            "params": {"anything": [1, 2, 3]}}]},
     r"rules\[0\]\.code: unknown rule 'missing_material'"),
    ({**MINIMAL, "rules": [{"code": "outside_application_window", "source": "004_b66d6adc241eb53e.txt 九",
                            "params": {"start": "2020-03-20"}}]},
     r"rules\[\d+\]\.params: missing 'end' \(outside_application_window needs it"),
    ({**MINIMAL, "rules": [{"code": "expiring_soon", "source": "004_b66d6adc241eb53e.txt 九",
                            "params": {"days": "ninety"}}]},
     r"rules\[0\]\.params\.days: 'ninety' is not of type 'integer'"),
    ({**MINIMAL, "rules": [{"code": "expiring_son", "source": "004_b66d6adc241eb53e.txt 九"}]},
     r"rules\[0\]\.code: unknown rule 'expiring_son' \(did you mean 'expiring_soon'\?\)"),
    ({**MINIMAL, "rules": [{"code": "expiring_soon", "source": "004_b66d6adc241eb53e.txt 九",
                            "params": {"dayz": 30}}]},
     r"rules\[0\]\.params\.dayz: unknown key \(did you mean 'days'\?\)"),
    ({**MINIMAL, "rules": [{"code": "blank_field", "source": "004_b66d6adc241eb53e.txt 九",
                            "params": {"fields": ["institution"]}}]},
     r"rules\[0\]\.params\.fields\[0\]: unknown field 'institution'"),
    ({**MINIMAL, "deadlines": {"notify": [{"working_days": 3, "days": 2, "source": "004_b66d6adc241eb53e.txt 四"}]}},
     r"deadlines\.notify\[0\]: needs exactly one of working_days, days, months"),
    ({**MINIMAL, "deadlines": {"notfy": [{"days": 2, "source": "004_b66d6adc241eb53e.txt 四"}]}},
     r"deadlines: 'notfy' is not one of"),
    ({**MINIMAL, "city": "harbin"}, r"city: 'harbin' does not match the file name 'weihai'"),
    ({**MINIMAL, "extends": "nowhere"}, r"extends: no checklist 'nowhere'"),
    ({**MINIMAL, "items": MINIMAL["items"] * 2}, r"items\[1\]: material 'practice_license' is already asked for"),
])
def test_broken_checklists_name_file_and_key(tmp_path, data, message):
    path = _write(tmp_path, data)
    with pytest.raises(ChecklistError, match=message) as caught:
        load_checklist_file(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert "\n" not in str(caught.value)


def test_yaml_problems(tmp_path):
    path = tmp_path / "weihai.yaml"
    path.write_text("city: weihai\ncity: harbin\n", encoding="utf-8")
    with pytest.raises(ChecklistError, match=r"weihai\.yaml: line 2: duplicate key 'city'"):
        load_checklist_file(path)
    path.write_text("city: [weihai\n", encoding="utf-8")
    with pytest.raises(ChecklistError, match=r"weihai\.yaml: line \d+: "):
        load_checklist_file(path)
    path.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(ChecklistError, match="not a mapping"):
        load_checklist_file(path)


def test_circular_extends(tmp_path):
    _write(tmp_path, {**MINIMAL, "extends": "harbin"})
    _write(tmp_path, {**MINIMAL, "city": "harbin", "extends": "weihai"}, name="harbin")
    with pytest.raises(ChecklistError, match="circular"):
        load_checklist_file(tmp_path / "weihai.yaml")


# --- extends, override, drop ---------------------------------------------------------------------

def test_extends_overrides_and_drops(tmp_path):
    data = {**MINIMAL, "drop": ["his_materials"], "drop_rules": ["roster_invalid_row"],
            "rules": [{"code": "expiring_soon", "source": "004_b66d6adc241eb53e.txt 九",
                       "params": {"evaluation_months": 2}}],
            "drop_deadlines": ["supplement"],
            "deadlines": {"notify": [{"working_days": 3, "source": "004_b66d6adc241eb53e.txt 四(二)"}]}}
    checklist = load_checklist_file(_write(tmp_path, data))
    materials = [item.material for item in checklist.items]
    assert materials == ["application_form", "management_systems", "fund_forecast", "practice_license"]
    assert [i.title for i in checklist.items if i.material == "practice_license"] == ["执业许可证"]
    assert checklist.rule("expiring_soon").params == {"days": 90, "evaluation_months": 2}
    assert checklist.rule("expiring_soon").source == "004_b66d6adc241eb53e.txt 九"
    assert checklist.rule("roster_invalid_row") is None and checklist.rule("invalid_uscc") is not None
    deadlines = checklist.settings["deadlines"]
    assert "supplement" not in deadlines and deadlines["notify"][0]["working_days"] == 3
    assert deadlines["publicity"][0]["working_days"] == 5  # inherited
    assert checklist.settings["extends"] == ["national"]
    assert set(checklist.sources) == {"003_f95a2635431d39b6.txt", "004_b66d6adc241eb53e.txt"}


def test_a_base_beside_the_file_wins_over_the_shipped_one(tmp_path):
    base = {key: value for key, value in MINIMAL.items() if key != "extends"} | {"city": "national"}
    _write(tmp_path, base, name="national")
    child = {**MINIMAL, "items": [], "drop": ["practice_license"]}
    checklist = load_checklist_file(_write(tmp_path, child))
    assert checklist.items == () and checklist.rules == ()
