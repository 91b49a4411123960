"""Checklists: the material lists of docs/spec/requirements.md, the schema's errors, extends/override/drop."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from validator.domain.deadlines import DeadlineRule, city_deadlines
from validator.checklists.loader import (
    check_target, condition_holds, list_cities, load_checklist, load_checklist_file,
    resolve, scheme_choices,
)
from validator.errors import ChecklistError, UsageError
from validator.vocabulary import ids

from city_facts import OPTIONAL_SECTIONS, SECTIONS, city_facts, row_ids, rows


def _states(spec: str) -> dict[str, str]:
    marks = {"?": "conditional", "-": "not_applicable"}
    return {word.rstrip("?-"): marks.get(word[-1], "required") for word in spec.split()}


# The seeds' material lists (tests/cities/<city>.yaml): docs/spec/requirements.md "New application", then
# the signing, change, suspension and termination procedures that the seeds ask for.
@pytest.mark.parametrize("city, row", rows("materials"),
                         ids=row_ids(rows("materials"), "kind", "scheme", "procedure"))
def test_material_list(city, row):
    resolved = resolve(load_checklist(city), row["kind"], row["scheme"], row["procedure"], row["facts"])
    assert {item.material: state for item, state in resolved} == _states(row["expect"])
    assert len(resolved) == len(_states(row["expect"]))  # one item per material


@pytest.mark.parametrize("city", list_cities())
def test_every_city_pins_its_seeds_facts(city):
    """A city's checklist is held to its seed by tests/cities/<city>.yaml; a city without it, or
    with a section missing, would pass the tests unexamined."""
    facts = city_facts(city)
    assert facts, f"tests/cities/{city}.yaml is missing (checklists/README.md, Adding a city)"
    assert [section for section in SECTIONS if section not in facts] == []
    assert facts["materials"] and {row["procedure"] for row in facts["materials"]} >= {"application"}
    assert set(city_deadlines(city)) <= {row["event"] for row in facts["deadlines"]}, "a time limit left unpinned"
    assert set(facts) <= {*SECTIONS, *OPTIONAL_SECTIONS}, "an unknown section would be read by no test"


@pytest.mark.parametrize("city, row", rows("items"), ids=row_ids(rows("items"), "material"))
def test_copies_and_sections_from_the_seeds(city, row):
    resolved = {i.material: i for i, _ in resolve(load_checklist(city), row["kind"], row["scheme"], row["procedure"])}
    item = resolved[row["material"]]
    assert item.copies == row.get("copies", item.copies) and item.sections == tuple(row.get("sections", item.sections))
    assert "copies" in row or "sections" in row


@pytest.mark.parametrize("city", [city for city in list_cities() if city_facts(city).get("rules")])
def test_rule_params_as_the_rules_engineer_reads_them(city):
    """The parameters tests/cities/<city>.yaml names, as the loaded checklist holds them."""
    checklist = load_checklist(city)
    for code, expected in city_facts(city)["rules"].items():
        rule = checklist.rule(code)
        if expected is None:
            assert rule is None, code
        else:
            assert {key: rule.params.get(key) for key in expected} == expected, code


def test_target_errors_are_chinese_by_default():
    """policy-fidelity-2 NL-18: a usage error of the check itself is said in Chinese under the Chinese UI."""
    with pytest.raises(UsageError) as raised:
        check_target(load_checklist("weihai"), "hospital", None, "renewal")
    assert str(raised.value).startswith("weihai 没有 --procedure renewal 办理事项的清单（可选：")
    assert raised.value.key == "city_no_procedure"


@pytest.mark.usefixtures("english")
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
@pytest.mark.usefixtures("english")
def test_broken_checklists_name_file_and_key(tmp_path, data, message):
    path = _write(tmp_path, data)
    with pytest.raises(ChecklistError, match=message) as caught:
        load_checklist_file(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert "\n" not in str(caught.value)


@pytest.mark.usefixtures("english")
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
