"""name_mismatch, address_mismatch, legal_rep_mismatch, uscc_mismatch across real documents and --profile."""
from __future__ import annotations

from rule_fixtures import context, document, license_pdf, read_documents, run
from validator.report.messages import message
from test_rule_validity import GOOD_USCC

SAME = {"institution_name": "威海康宁诊所", "address": "山东省威海市环翠区文化中路8号", "legal_representative": "王伟"}


def _package(tmp_path, business_overrides):
    practice = license_pdf(tmp_path / "执业许可证.pdf", "practice_license", SAME)
    business = license_pdf(tmp_path / "营业执照.pdf", "business_license",
                           {**SAME, "address": "威海市环翠区文化中路８号", "uscc": GOOD_USCC, **business_overrides})
    return read_documents(practice, business)


def test_same_institution_in_different_form_gives_nothing(tmp_path):
    docs = _package(tmp_path, {"institution_name": "威海康宁 诊所"})
    for code in ("name_mismatch", "address_mismatch", "legal_rep_mismatch", "uscc_mismatch"):
        assert run(code, context(docs)) == [], code


def test_each_difference_names_both_values_and_files(tmp_path):
    docs = _package(tmp_path, {"institution_name": "威海康宁门诊部", "address": "威海市环翠区文化中路18号",
                               "legal_representative": "李娜"})
    (name,) = run("name_mismatch", context(docs))
    assert (name.expected, name.found, name.file) == ("威海康宁诊所", "威海康宁门诊部", "营业执照.pdf")
    assert name.evidence["file_a"] == "执业许可证.pdf" and name.evidence["file_b"] == "营业执照.pdf"
    assert "执业许可证.pdf" in message(name) and "威海康宁门诊部" in message(name, "en")
    (address,) = run("address_mismatch", context(docs))
    assert address.found == "威海市环翠区文化中路18号"
    (legal,) = run("legal_rep_mismatch", context(docs))
    assert legal.found == "李娜"


def test_profile_is_compared_too():
    doc = document("business_license", {"uscc": GOOD_USCC, "registration_number": "PDY12345637100217A1001"})
    profile = {"uscc": GOOD_USCC[:-2] + "00", "registration_number": "PDY12345637100217A1001"}
    (finding,) = run("uscc_mismatch", context([doc], profile=profile))
    assert finding.evidence["file_b"] == "profile" and finding.file == "business_license.pdf"
    assert run("uscc_mismatch", context([doc], profile={"uscc": GOOD_USCC.lower()})) == []


def test_registration_number_of_the_old_and_new_license():
    old = document("practice_license", {"registration_number": "PDY12345637100217A1001"}, file="旧证.pdf")
    new = document("practice_license", {"registration_number": "PDY12345637100217A1002"}, file="新证.pdf")
    (finding,) = run("uscc_mismatch", context([old, new]))
    assert (finding.code, finding.field) == ("registration_number_mismatch", "registration_number")
    assert "登记号前后不一致" in message(finding) and "统一社会信用代码" not in message(finding)


def test_a_weak_reading_is_not_called_a_mismatch():
    strong = document("practice_license", {"institution_name": "威海康宁诊所"})
    weak = document("application_form", {"institution_name": "威海康字诊所"}, is_scan=True, confidence=0.4)
    (finding,) = run("name_mismatch", context([strong, weak]))
    assert finding.code == "could_not_verify"


def test_certificates_of_people_are_not_compared():
    licence = document("practice_license", {"institution_name": "威海康宁诊所"})
    doctor = document("physician_certificate", {"institution_name": "威海市立医院"})
    assert run("name_mismatch", context([licence, doctor])) == []


def test_a_signature_placeholder_before_the_entry_is_not_part_of_it():
    """weihai 八(五)1 prints 法定代表人（签字按手印）：; the entry after it is the name."""
    form = document("suspension_termination_form", {"legal_representative": "（签字）：刘建国"}, file="中止申请表.docx")
    licence = document("practice_license", {"legal_representative": "刘建国"})
    assert run("legal_rep_mismatch", context([licence, form])) == []
    other = document("suspension_termination_form", {"legal_representative": "（签字）：李娜"}, file="中止申请表.docx")
    (finding,) = run("legal_rep_mismatch", context([licence, other]))
    assert finding.found == "李娜"


WRAPPED = "PDY60051337100217D1002"  # 22 characters, wrapped after the 19th on the audit's form


def _numbers(form_reading: str):
    license_ = document("practice_license", {"registration_number": WRAPPED}, file="执业许可证.pdf")
    form = document("application_form", {"registration_number": form_reading}, file="申请表.pdf")
    return run("uscc_mismatch", context([license_, form]))


def test_a_character_lost_or_doubled_at_a_line_break_is_doubt_with_both_readings():
    # audit: …017D1 / 002 read as …017D002; the break may fall anywhere, and a reading may double
    for reading in (WRAPPED[:18] + WRAPPED[19:], WRAPPED[:19] + WRAPPED[18:], WRAPPED[:5] + WRAPPED[7:]):
        (finding,) = _numbers(reading)
        assert finding.code == "could_not_verify" and finding.evidence["near_miss"] == "line_break"
        assert {finding.evidence["value_a"], finding.evidence["value_b"]} == {WRAPPED, reading}
        assert "换行" in message(finding)


def test_the_same_number_read_whole_gives_nothing():
    assert _numbers(WRAPPED) == []


def test_near_miss_another_number_or_three_characters_lost_is_still_a_mismatch():
    for reading in (WRAPPED[:-1] + "3", WRAPPED[:10] + WRAPPED[13:]):
        (finding,) = _numbers(reading)
        assert finding.code == "registration_number_mismatch"


def _addresses(form_source: str | None):
    from validator.readers.documents import ExtractedField

    licence = document("practice_license", {"address": "威海市环翠区文化中路18号"}, file="执业许可证.pdf")
    form = document("application_form", {"address": "威海市环翠区文化中路8号"}, file="申请表.pdf")
    if form_source:
        form.fields["address"] = ExtractedField("address", "威海市环翠区文化中路8号", 1, form_source)
    return run("address_mismatch", context([licence, form]))


def test_an_address_read_over_a_line_break_with_a_character_lost_is_doubt():
    (finding,) = _addresses("地址 威海市环翠区文化中路\n8号")
    assert finding.code == "could_not_verify" and finding.evidence["near_miss"] == "line_break"


def test_near_miss_the_same_addresses_read_on_one_line_are_two_addresses():
    (finding,) = _addresses("地址 威海市环翠区文化中路8号")
    assert finding.code == "address_mismatch"
