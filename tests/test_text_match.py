"""Name, address and code comparison: tolerant of form, strict on substance."""
from __future__ import annotations

import pytest

from validator.extract.text_match import (mentions_name, normalise_address, normalise_code, normalise_name, same_address,
                                  same_code, same_name)


@pytest.mark.parametrize("left, right", [
    ("威海康宁诊所", "威海康宁 诊所"),
    ("威海（康宁）诊所", "威海(康宁)诊所"),
    ("ＡＢＣ医院", "abc医院"),
])
def test_same_name_tolerates_form(left, right):
    assert same_name(left, right)


@pytest.mark.parametrize("left, right", [
    ("威海康宁诊所", "威海康宁门诊部"),
    ("威海康宁诊所", "威海康泰诊所"),
    ("威海康宁诊所", ""),
    (None, "威海康宁诊所"),
])
def test_same_name_strict_on_substance(left, right):
    assert not same_name(left, right)


@pytest.mark.parametrize("left, right", [
    ("山东省威海市环翠区文化中路8号", "威海市环翠区文化中路８号"),
    ("山东省威海市环翠区文化中路8号", "环翠区文化中路8号"),
    ("威海市环翠区文化中路No. 8", "山东省威海市环翠区文化中路8号"),
    ("威海市环翠区文化中路#8", "威海市 环翠区 文化中路 8 号"),
])
def test_same_address_tolerates_prefixes_and_number_signs(left, right):
    assert same_address(left, right)


@pytest.mark.parametrize("left, right", [
    ("威海市环翠区文化中路8号", "威海市环翠区文化中路9号"),
    ("济南市文化中路8号", "威海市文化中路8号"),
    ("威海市环翠区文化中路8号", "威海市环翠区新文化中路8号"),
])
def test_same_address_strict_on_substance(left, right):
    assert not same_address(left, right)


def test_codes_ignore_width_case_and_separators():
    assert same_code("91371002ma3c5x8e1x", "９１３７１００２ＭＡ３Ｃ５Ｘ８Ｅ１Ｘ")
    assert same_code("9137 1002-MA3C5X8E1X", "91371002MA3C5X8E1X")
    assert not same_code("91371002MA3C5X8E1X", "91371002MA3C5X8E1Y")
    assert normalise_code(None) == ""


def test_normalisers_and_mentions():
    assert normalise_name(" 威海·康宁 诊所 ") == "威海康宁诊所"
    assert normalise_address("文化中路No.8") == "文化中路8号"
    assert mentions_name("山东省威海市康宁诊所（第一执业地点）", "威海市康宁诊所")
    assert not mentions_name("威海市仁和诊所", "威海市康宁诊所")


def test_institution_names_may_leave_out_the_place_prefix_but_people_may_not():
    from validator.extract.text_match import same_person
    assert same_name("威海市环翠区康宁诊所", "环翠区康宁诊所")
    assert mentions_name("康宁诊所", "威海市康宁诊所")
    assert not mentions_name("宁诊所", "威海市康宁诊所")  # "威海市康" is not an administrative prefix
    assert mentions_name("环翠区康宁诊所", "山东省威海市环翠区康宁诊所")
    assert same_person("王 伟", "王伟") and not same_person("王伟", "王伟伟")
