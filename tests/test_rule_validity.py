"""invalid_uscc, invalid_id_number, invalid_phone, expired_document, expiring_soon."""
from __future__ import annotations

from datetime import date

import pytest
from stdnum.cn import uscc

from rule_fixtures import ID_A, context, valid_id, document, license_pdf, read_documents, roster_xlsx, run
from validator.report.messages import message
from validator.rules.validity import id_number_problem, phone_problem, uscc_problem

GOOD_USCC = "91371002MA3C5X8E1" + uscc.calc_check_digit("91371002MA3C5X8E1")
BAD_USCC = GOOD_USCC[:-1] + ("0" if GOOD_USCC[-1] != "0" else "1")
SUPPLEMENT = {"supplement": [{"working_days": 5, "source": "harbin 七(三)"}]}


def test_uscc_check_digit_on_a_real_license(tmp_path):
    bad = read_documents(license_pdf(tmp_path / "营业执照.pdf", "business_license", {"uscc": BAD_USCC}))
    (finding,) = run("invalid_uscc", context(bad, deadlines=SUPPLEMENT))
    assert (finding.code, finding.field, finding.found, finding.file) == ("invalid_uscc", "uscc", BAD_USCC, "营业执照.pdf")
    assert "2026-11-30" in message(finding)  # 5 working days after Monday 2026-11-23
    good = read_documents(license_pdf(tmp_path / "ok.pdf", "business_license", {"uscc": GOOD_USCC}))
    assert run("invalid_uscc", context(good)) == []


def test_uscc_problems_are_specific_and_letters_are_not_errors():
    assert uscc_problem(GOOD_USCC) is None
    assert uscc_problem(BAD_USCC) == "check_digit"
    assert uscc_problem("9137") == "length"
    assert uscc_problem("91371002MA3C5X8E1I") == "format"  # I is not in the alphabet
    body = "N2371002MA3C5X8E1"  # registration department N (农业): stdnum rejects, the code is real
    assert uscc_problem(body + uscc.calc_check_digit(body)) is None


def test_id_numbers_with_unknown_area_codes_are_valid():
    assert id_number_problem(valid_id("99999919850101123")) is None  # no such area code: not an error
    assert id_number_problem(ID_A[:-1] + ("0" if ID_A[-1] != "0" else "1")) == "check_digit"
    assert id_number_problem(valid_id("37100219850230123")) == "birth_date"
    assert id_number_problem(valid_id("37100220990101123"), date(2026, 11, 23)) == "birth_date"


def test_invalid_id_number_rule():
    wrong = ID_A[:-1] + ("0" if ID_A[-1] != "0" else "1")
    (finding,) = run("invalid_id_number", context([document("id_card", {"id_number": wrong})]))
    assert finding.code == "invalid_id_number" and finding.evidence["reason"] == "check_digit"
    assert run("invalid_id_number", context([document("id_card", {"id_number": ID_A})])) == []


def test_low_confidence_gives_could_not_verify_not_an_error():
    doc = document("business_license", {"uscc": BAD_USCC}, is_scan=True, confidence=0.5)
    (finding,) = run("invalid_uscc", context([doc]))
    assert finding.code == "could_not_verify" and finding.severity == "warning"


@pytest.mark.parametrize("phone, problem", [
    ("13812345678", None), ("+86 138-1234-5678", None), ("0631-5865159", None), ("010-12345678", None),
    ("0631-5865159转801", None), ("13812345678/0631-5865159", None),
    ("5865159", "no_area_code"), ("1381234567", "format"), ("电话", "format"),
])
def test_phone_formats(phone, problem):
    assert phone_problem(phone) == problem


def test_invalid_phone_in_a_real_roster(tmp_path):
    path = roster_xlsx(tmp_path / "名册.xlsx", [[1, "王伟", ID_A, "医师", "主治医师", "本科", "5865159"]])
    (finding,) = run("invalid_phone", context(read_documents(path)))
    assert (finding.code, finding.row, finding.found) == ("invalid_phone", 3, "5865159")
    path = roster_xlsx(tmp_path / "ok.xlsx", [[1, "王伟", ID_A, "医师", "主治医师", "本科", "0631-5865159"]])
    assert run("invalid_phone", context(read_documents(path))) == []


def test_expired_and_expiring_on_a_real_license(tmp_path):
    path = license_pdf(tmp_path / "许可证.pdf", "practice_license",
                       {"valid_from": "自2021年04月08日至2026年04月07日"})
    docs = read_documents(path)
    (expired,) = run("expired_document", context(docs))
    assert (expired.code, expired.found, expired.material) == ("expired_document", "2026-04-07", "practice_license")
    assert run("expiring_soon", context(docs, as_of=date(2026, 1, 10)), days=90)
    assert run("expiring_soon", context(docs, as_of=date(2025, 1, 10)), days=90) == []
    assert run("expired_document", context(docs, as_of=date(2026, 4, 7))) == []


def test_expiring_before_the_evaluation_period_ends():
    doc = document("practice_license", {"valid_to": "2027-02-10"})
    ctx = context([doc], scheme="pooled")
    params = {"days": 30, "evaluation_months_by_scheme": {"pooled": 3, "personal-account": 2}}
    (finding,) = run("expiring_soon", ctx, **params)
    assert finding.evidence["before_evaluation_end"] is True
    assert run("expiring_soon", context([doc], scheme="personal-account"), **params) == []


def test_open_ended_and_unreadable_validity():
    assert run("expired_document", context([document("business_license", {"valid_to": "长期"})])) == []
    (finding,) = run("expired_document", context([document("business_license", {"valid_to": "2026年"})]))
    assert finding.code == "could_not_verify"


def test_key_fields_missing_from_documents_that_always_print_them():
    (no_term,) = run("expired_document", context([document("practice_license", {"institution_name": "威海康宁诊所"})]))
    assert (no_term.code, no_term.field) == ("field_not_found", "valid_to")
    (no_code,) = run("invalid_uscc", context([document("business_license", {"institution_name": "威海康宁诊所"})]))
    assert (no_code.code, no_code.field) == ("field_not_found", "uscc")
    assert run("expired_document", context([document("clinic_record", {})])) == []  # 备案凭证 has no term


def test_a_scanned_code_with_an_ocr_confusion_is_doubt_not_invalid():
    """Issue 11: 91…O… read from a scan where a 0 would pass is doubt with both readings; on a
    typed document the same character is the applicant's and an error; a code that is merely
    wrong (valid characters, wrong check digit) stays an error on a scan too (near miss)."""
    code = GOOD_USCC[:5] + "O" + GOOD_USCC[6:]  # the 0 of 371002 read as an O, which no USCC holds
    assert GOOD_USCC[5] == "0"
    scan = document("business_license", {"uscc": code}, is_scan=True)
    (doubt,) = [f for f in run("invalid_uscc", context([scan])) if f.field == "uscc"]
    assert doubt.code == "could_not_verify" and doubt.evidence["reading"] == code
    assert uscc_problem(doubt.evidence["alternative"]) is None
    typed = document("business_license", {"uscc": code})
    (error,) = [f for f in run("invalid_uscc", context([typed])) if f.field == "uscc"]
    assert error.code == "invalid_uscc"
    wrong = GOOD_USCC[:-1] + ("0" if GOOD_USCC[-1] != "0" else "1")
    (still,) = [f for f in run("invalid_uscc", context([document("business_license", {"uscc": wrong}, is_scan=True)]))
                if f.field == "uscc"]
    assert still.code == "invalid_uscc"
