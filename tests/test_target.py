"""City, kind and scheme come from the options, else the profile, else the application form."""
from __future__ import annotations

import pytest

from validator.readers.documents import Document, ExtractedField, Page, ReadFile
from validator.errors import UsageError
from validator.check.target import require, resolve_target


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


# --- without a profile: the papers alone ------------------------------------------------------------

import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import yaml  # noqa: E402

from validator.check.pipeline import read_package  # noqa: E402
from validator.intake.package import open_package  # noqa: E402
from validator.check.target import infer_target, several_packages  # noqa: E402

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "packages"


@pytest.mark.slow
@pytest.mark.parametrize("sample", sorted(path.name for path in SAMPLES.iterdir() if path.is_dir()))
def test_every_sample_without_its_profile_is_told_by_its_papers(tmp_path, sample):
    expected = yaml.safe_load((SAMPLES / sample / "profile.yaml").read_text(encoding="utf-8"))
    copy = tmp_path / sample
    shutil.copytree(SAMPLES / sample, copy)
    (copy / "profile.yaml").unlink()
    _, documents, _ = read_package(open_package(copy, None))
    target = infer_target(None, None, None, documents, None)
    assert target.as_tuple() == (expected["city"], expected["kind"], expected.get("scheme"))
    assert target.evidence["city"] and target.evidence["kind"]  # the report says what each came from
    assert "profile.yaml" not in target.evidence.values()


def test_contradicting_papers_stop_with_the_candidates():
    weihai = _form("威海市卫生健康局 威海市环翠区", institution_type="门诊部")
    harbin = _form("哈尔滨市医疗保障服务中心 哈尔滨市南岗区", institution_type="门诊部")
    with pytest.raises(UsageError, match="--city") as stopped:
        infer_target(None, None, None, [weihai, harbin], None)
    assert "weihai" in str(stopped.value) and "harbin" in str(stopped.value)


def test_one_strong_signal_outweighs_a_passing_mention():
    licence = _form("发证机关 威海市卫生健康局 地址 威海市环翠区青岛北路 威海", institution_type="门诊部")
    letter = _form("参照哈尔滨经验", institution_type="门诊部")
    assert infer_target(None, None, None, [licence, letter], None).city == "weihai"


def test_weihai_scheme_from_the_materials_only_one_scheme_asks_for():
    form = _form("威海市卫生健康局", institution_type="诊所")
    statement = Document(file="02-基本情况文字说明.docx", document_type="basic_info_statement", pages=(1,),
                         read=form.read)
    his = Document(file="HIS.pdf", document_type="his_materials", pages=(1,), read=form.read)
    assert infer_target(None, None, None, [form, statement], None).scheme == "pooled"
    assert infer_target(None, None, None, [form, his], None).scheme == "personal-account"
    with pytest.raises(UsageError, match="--scheme"):
        infer_target(None, None, None, [form, statement, his], None)


def test_a_folder_of_packages_is_told_by_profiles_or_by_different_institutions():
    assert several_packages(["a/profile.yaml", "a/x.pdf", "b/profile.yaml"], []) == ["a", "b"]
    assert several_packages(["证照/执照.pdf", "证照/许可证.pdf"], []) == []
    zipped = ["收件/a/profile.yaml", "收件/a/x.pdf", "收件/b/profile.yaml"]  # one root folder, as zips often have
    assert several_packages(zipped, []) == ["收件/a", "收件/b"]
    one = _form("x", institution_name="威海市环翠区仁和门诊部")
    one.file = "a/01.docx"
    other = _form("x", institution_name="哈尔滨市南岗区康宁诊所")
    other.file = "b/01.docx"
    same = _form("x", institution_name="威海市环翠区仁和门诊部")
    same.file = "c/01.docx"
    assert several_packages([], [one, other]) == ["a", "b"]
    assert several_packages([], [one, same]) == []  # sub-folders of one institution's package
    misread = _form("x", institution_name="威海市环翠区仁和门诊")  # OCR dropped a character
    misread.file = "d/许可证.jpg"
    assert several_packages([], [one, misread]) == []
