"""Groups of document types are the `tags` of validator/data/document_types.yaml, declared in
vocabulary.yaml `document_type_tags` and checked as the file loads; the code asks for a group by
its tag, so a group has one member list (issue 10, domain tables as data)."""
from __future__ import annotations

import pytest
from PIL import Image

from generators.profile_draft import draft_profile
from validator import vocabulary
from validator.extract.facts import for_profit
from validator.report.render.thumbnails import Thumbnails
from validator.check.target import infer_kind, several_packages

from rule_fixtures import document


@pytest.fixture
def shipped_with(monkeypatch):
    """document_types.yaml as shipped with ``changes`` made to one type's entry."""
    original = vocabulary.load_data_yaml
    shipped = original("document_types.yaml")

    def load(type_id: str, **changes):
        data = {**shipped, type_id: {**shipped[type_id], **changes}}
        monkeypatch.setattr(vocabulary, "load_data_yaml",
                            lambda name: data if name == "document_types.yaml" else original(name))
        vocabulary.document_types.cache_clear()
        vocabulary.document_types_tagged.cache_clear()
        return vocabulary.document_types
    yield load
    vocabulary.document_types.cache_clear()
    vocabulary.document_types_tagged.cache_clear()


def test_the_shipped_types_load_and_every_declared_tag_has_members():
    assert vocabulary.document_types()
    for tag in vocabulary.vocabulary()["document_type_tags"]:
        assert vocabulary.document_types_tagged(tag), tag


@pytest.mark.parametrize("changes, message", [
    ({"tags": ["identity", "personal_dat"]}, r"practice_license\.tags: 'personal_dat' is not declared"),
    ({"tag": ["identity"]}, r"practice_license\.tag: unknown key"),
])
def test_a_mistyped_tag_or_key_stops_the_load(shipped_with, changes, message):
    with pytest.raises(ValueError, match=message):
        shipped_with("practice_license", **changes)()


def test_a_declared_tag_loads(shipped_with):
    types = shipped_with("gsp_certificate", tags=["always_dated", "personal_data"])()
    assert "personal_data" in types["gsp_certificate"]["tags"]
    assert "gsp_certificate" in vocabulary.document_types_tagged("personal_data")


def test_asking_for_an_undeclared_group_is_a_bug_not_an_empty_group():
    with pytest.raises(KeyError, match="not declared"):
        vocabulary.document_types_tagged("licences")


def _image_page(document_type: str):
    image = Image.new("RGB", (200, 200), "white")
    for x in range(0, 200, 4):  # sharp stripes: a blur changes them
        for y in range(200):
            image.putpixel((x, y), (0, 0, 0))
    return document(document_type, file=f"{document_type}.jpg", is_scan=True, render=lambda number: image)


def test_a_nurses_certificate_is_blurred_like_a_physicians():
    """personal_data: the nurse's and technician's certificate carries an ID number too."""
    pages = [_image_page(t) for t in ("medical_staff_certificate", "physician_certificate", "practice_license")]
    blurred, shown = Thumbnails(pages, blur_personal=True), Thumbnails(pages, blur_personal=False)
    nurse, physician, licence = (f"{t}.jpg" for t in ("medical_staff_certificate", "physician_certificate",
                                                       "practice_license"))
    assert blurred.uri(nurse, 1) != shown.uri(nurse, 1) and blurred.uri(physician, 1) != shown.uri(physician, 1)
    assert blurred.uri(licence, 1) == shown.uri(licence, 1)  # the institution's licence is not personal


@pytest.mark.parametrize("document_type", ["clinic_record", "tcm_clinic_record", "practice_license"])
def test_every_licence_naming_the_institution_tells_a_folder_of_packages(document_type):
    """names_institution: a clinic with a 诊所备案凭证 instead of a practice license is still told apart."""
    documents = [document(document_type, {"institution_name": name}, file=f"{folder}/licence.pdf")
                 for folder, name in (("甲", "威海市环翠区仁和诊所"), ("乙", "哈尔滨市道里区康宁中医诊所"))]
    assert several_packages([d.file for d in documents], documents) == ["乙", "甲"]


def test_a_personal_paper_naming_a_person_does_not_tell_a_package():
    documents = [document("physician_certificate", {"institution_name": name}, file=f"{folder}/证书.pdf")
                 for folder, name in (("甲", "威海市环翠区仁和诊所"), ("乙", "哈尔滨市道里区康宁中医诊所"))]
    assert several_packages([d.file for d in documents], documents) == []


def test_the_kind_is_read_off_a_clinic_record_name():
    kind, why = infer_kind([document("clinic_record", {"institution_name": "威海市环翠区仁和诊所"})])
    assert kind == "clinic" and "仁和诊所" in why
    assert infer_kind([document("labor_contract", {"institution_name": "威海市环翠区仁和诊所"})])[0] is None


@pytest.mark.parametrize("document_type, expected", [
    ("public_institution_certificate", False), ("private_non_enterprise_certificate", False),
    ("gsp_certificate", None),  # near miss: a certificate that says nothing about profit
])
def test_a_non_profit_registration_says_not_for_profit(document_type, expected):
    assert for_profit([document(document_type)], None) is expected


def test_a_drafted_profile_takes_the_licence_before_the_form_and_never_a_personal_paper(monkeypatch):
    """names_institution, most trustworthy first: the clinic's record, then the application form."""
    import validator.check.pipeline
    import validator.intake.package

    documents = [
        document("physician_certificate", {"institution_name": "某医院", "address": "某地"}, file="证书.pdf"),
        document("application_form", {"institution_name": "仁和诊所（申请表）", "beds": "3"}, file="申请表.pdf"),
        document("clinic_record", {"institution_name": "威海市环翠区仁和诊所"}, file="备案凭证.pdf"),
    ]
    monkeypatch.setattr(validator.intake.package, "open_package", lambda path: path)
    monkeypatch.setattr(validator.check.pipeline, "read_package", lambda package, ocr: ([], documents, []))
    data, origins = draft_profile("pkg", city="weihai", kind="clinic", ocr=False)
    assert (data["institution_name"], origins["institution_name"]) == ("威海市环翠区仁和诊所", "备案凭证.pdf")
    assert origins["beds"] == "申请表.pdf" and "address" not in data
