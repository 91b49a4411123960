"""validator.domain.profile: the sample profiles load; every structural problem names its key."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from validator.domain.profile import load_profile, profile_from_mapping
from validator.errors import InputError
from validator.resources import list_cities

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "profiles"
CITIES = list_cities()
MINIMAL = {"city": "harbin", "kind": "clinic", "institution_name": "某诊所"}


@pytest.mark.parametrize("city", CITIES)
def test_sample_profiles_are_valid_with_valid_check_digits(city):
    profile = load_profile(SAMPLES / f"{city}.yaml")
    assert profile.city == city and profile.warnings == ()
    assert profile.staff and all(member.id_number for member in profile.staff)
    assert profile.opening_date is None or isinstance(profile.opening_date, date)


@pytest.mark.parametrize("change, message", [
    ({"city": None}, "city: required"),
    ({"kind": "shop"}, "kind: must be one of hospital, clinic, pharmacy"),
    ({"beds": -1}, "beds: must be a whole number"),
    ({"beds": "many"}, "beds: must be a whole number"),
    ({"opening_date": "2025-13-01"}, "opening_date: must be a date"),
    ({"ownership": "公立"}, "ownership: must be one of 营利性, 非营利性"),
    ({"departments": "内科"}, "departments: must be a list of text"),
    ({"sells_herbal_medicine": "yes"}, "sells_herbal_medicine: must be true or false"),
    ({"colour": "blue"}, "unknown key 'colour'"),
    ({"staff": [{"name": "张三", "position": "医师"}]}, "staff[1].id_number: required"),
    ({"staff": [{"name": "张三", "id_number": "1", "position": "医师", "age": 3}]}, "staff[1].age: unknown key"),
    ({"staff": ["张三"]}, "staff[1]: must be a mapping"),
    ({"forecast": {"fund_share": 1.5}}, "forecast.fund_share: must be a fraction"),
    ({"forecast": {"annual_visits": "many"}}, "forecast.annual_visits: must be a number"),
])
@pytest.mark.usefixtures("english")
def test_validation_names_the_key(change, message):
    data = {**MINIMAL, **change}
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]")) as raised:
        profile_from_mapping(data, origin="p.yaml")
    assert str(raised.value).startswith("p.yaml: ") and "\n" not in str(raised.value)


@pytest.mark.usefixtures("english")
def test_several_problems_are_counted_in_one_line():
    with pytest.raises(InputError, match=r"\(and 1 more\)"):
        profile_from_mapping({"city": "x", "kind": "y", "institution_name": "n"})


def test_bad_check_digits_are_warnings_not_errors():
    profile = profile_from_mapping({**MINIMAL, "uscc": "91230103876634400A",
                                    "staff": [{"name": "张三", "id_number": "230103198812143260", "position": "医师"}]})
    assert [w.split(":")[0] for w in profile.warnings] == ["uscc", "staff[1].id_number"]


@pytest.mark.usefixtures("english")
def test_unreadable_files_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        load_profile(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("city: [unclosed", encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML"):
        load_profile(bad)
    bad.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(InputError, match="must be a mapping"):
        load_profile(bad)


def test_to_mapping_round_trips(tmp_path):
    profile = load_profile(SAMPLES / "weihai.yaml")
    again = tmp_path / "again.yaml"
    again.write_text(yaml.safe_dump(profile.to_mapping(), allow_unicode=True), encoding="utf-8")
    reloaded = load_profile(again)
    assert reloaded.to_mapping() == profile.to_mapping()
    assert reloaded.staff == profile.staff


def test_blank_keys_and_empty_lists_that_are_answers():
    profile = profile_from_mapping({**MINIMAL, "large_equipment": [], "departments": [], "address": ""})
    assert profile.is_blank("address") and profile.is_blank("departments") and profile.is_blank("staff")
    assert not profile.is_blank("large_equipment")  # [] says: no large equipment
    assert profile_from_mapping(MINIMAL).is_blank("large_equipment")
