"""City, kind and scheme come from the options, else the profile, else the application form."""
from __future__ import annotations

import pytest

from validator.documents import Document, ExtractedField, Page, ReadFile
from validator.errors import UsageError
from validator.target import require, resolve_target


def _form(text: str, **fields: str) -> Document:
    read = ReadFile(file="01-申请表.docx", format="docx", sha256="0" * 64, pages=[Page(1, text)])
    return Document(file=read.file, document_type="application_form", pages=(1,), read=read,
                    fields={name: ExtractedField(name, value) for name, value in fields.items()})


def test_options_win_over_everything():
    form = _form("威海市定点医疗机构申请表 统筹", institution_type="医院")
    assert resolve_target("harbin", "clinic", "pooled", [form], {"city": "weihai"}) == ("harbin", "clinic", "pooled")


def test_the_profile_fills_what_the_options_leave_open():
    profile = {"city": "weihai", "kind": "clinic", "scheme": "personal-account"}
    assert resolve_target(None, None, None, [], profile) == ("weihai", "clinic", "personal-account")


def test_the_application_form_tells_city_kind_and_scheme():
    form = _form("黑龙江省哈尔滨市医疗机构申请定点协议管理申请表", institution_type="门诊部")
    assert resolve_target(None, None, None, [form], None) == ("harbin", "clinic", None)  # Harbin has no schemes
    form = _form("威海市新增医疗保障定点医疗机构 申请个人账户支付协议定点", institution_type="门诊部")
    assert resolve_target(None, None, None, [form], None) == ("weihai", "clinic", "personal-account")


def test_a_pharmacy_is_told_by_its_name():
    form = _form("扬州市医保定点书面申请", institution_name="扬州市广陵区百姓大药房")
    assert resolve_target(None, None, None, [form], None)[:2] == ("yangzhou", "pharmacy")


def test_nothing_to_go_on_names_the_option_to_give():
    with pytest.raises(UsageError, match="--city"):
        require(*resolve_target(None, None, None, [], None)[:2])
    with pytest.raises(UsageError, match="--kind"):
        require("weihai", None)
