"""Required sections recognised by their core terms in real .docx headings."""
from __future__ import annotations

import pytest

from samples.synth.office import sections_docx
from validator.checklists.model import ChecklistItem
from validator.check.presence import assess_item
from validator.extract import extract_path
from validator.extract.section_terms import heading_names, term_groups

YANGZHOU_PHARMACY = ("进销存制度", "财务管理制度")  # checklists/yangzhou.yaml, seed 001 一(二)1, 5


def _item(sections: tuple[str, ...]) -> ChecklistItem:
    return ChecklistItem(material="management_systems", title="药品“进销存”制度及财务管理制度", source="test",
                         kinds=frozenset({"pharmacy"}), schemes=frozenset(), procedures=frozenset({"application"}),
                         document_types=("management_system",), sections=sections)


def _missing(tmp_path, headings: list[str], sections=YANGZHOU_PHARMACY) -> list[str]:
    document = extract_path(sections_docx(tmp_path / "制度.docx", "内部管理制度", headings))[0]
    _, findings = assess_item(_item(sections), "required", [document], set(), {})
    return [f.expected for f in findings if f.code == "missing_section"]


def test_sections_titled_in_the_applicants_own_words_are_found(tmp_path):
    assert _missing(tmp_path, ["一、药品和医用材料进销存管理制度", "二、财务会计管理办法"]) == []


def test_a_section_no_heading_names_is_still_missing(tmp_path):
    assert _missing(tmp_path, ["一、药品和医用材料进销存管理制度", "二、人员培训制度"]) == ["财务管理制度"]


def test_near_miss_terms_spread_over_two_headings_do_not_make_a_section(tmp_path):
    # 医保 in one heading and 审批 in another are not a 医保相关审批管理制度.
    sections = ("医保相关审批管理制度",)
    assert _missing(tmp_path, ["一、医保政策宣传制度", "二、药品采购审批流程"], sections) == ["医保相关审批管理制度"]


@pytest.mark.parametrize("heading, section, found", [
    ("医疗保障办公室工作制度", "医保办工作制度", True),
    ("医保管理人员岗位职责", "医保人员职责", True),
    ("门诊病历和处方点评制度", "医保病历处方审核制度", True),
    ("药品进、销、存管理制度", "进销存管理制度", True),
    ("医疗质量安全核心制度及工作流程", "医疗质量安全核心制度", True),
    ("医疗质量管理制度", "医疗质量安全核心制度", False),  # not the 核心制度
    ("医师考勤制度", "医保医师管理考核制度", False),
    ("消毒隔离管理制度", "消毒隔离制度", True),  # not in the table: core 消毒隔离
    ("消毒管理制度", "消毒隔离制度", False),
])
def test_one_heading_names_a_section(heading, section, found):
    assert heading_names(heading, section) is found


def test_every_checklist_section_has_terms():
    from validator.checklists.loader import list_cities, load_checklist
    for city in list_cities():
        for item in load_checklist(city).items:
            for section in item.sections:
                assert all(group and all(group) for group in term_groups(section)), (city, section)
