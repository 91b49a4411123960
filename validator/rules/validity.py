"""Validity of identifiers: USCC and resident ID check digits, phone numbers.

"A false *invalid* is worse than a missed one" (python-stdnum): an area code that is unknown or
retired is not an error (real IDs carry them), nor is a USCC registration-department letter that
stdnum does not list; only the check digit, the length, the alphabet and the birth date count.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Iterable

from validator.check_digits import resident_id_birth_date, resident_id_check_digit, uscc_check_digit
from validator.checklists.model import RuleSetting
from validator.rules.context import CheckContext
from validator.findings import Finding
from validator.rules.declaration import Rule
from validator.rules.common import Value, correction_due, lacking, located, unverified, values, weak
from validator.extract.text_match import confusable_readings, normalise_code
from validator.vocabulary import document_types_tagged

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_MOBILE = re.compile(r"(?:\+?86)?1[3-9]\d{9}")
# Landline with its area code (010, 0xx, 0xxx), optional extension; 400/800 service numbers.
_LANDLINE = re.compile(r"0\d{2,3}\d{7,8}(?:(?:转|ext|x)\d{1,6})?|[48]00\d{7}")
# Certificates that always print a USCC (营业执照, 事业单位法人证书, 民办非企业单位登记证书).
_USCC_CARRIERS = document_types_tagged("carries_uscc")
_PHONE_SEPARATORS = re.compile(r"[/、,，;；]|\s{2,}")


def uscc_problem(value: str) -> str | None:
    """Why ``value`` is not a USCC (length, alphabet, check digit), or None."""
    number = normalise_code(value)
    if len(number) != 18:
        return "length"
    if any(c not in _USCC_ALPHABET for c in number) or not number[2:8].isdigit():
        return "format"
    return None if uscc_check_digit(number[:17]) == number[17] else "check_digit"


def id_number_problem(value: str, as_of: date | None = None) -> str | None:
    """Why ``value`` is not an 18-digit resident ID number (check digit, birth date), or None."""
    number = normalise_code(value)
    if len(number) != 18:
        return "length"
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return "format"
    if resident_id_check_digit(number) != number[17]:  # the whole number: its last character is not used
        return "check_digit"
    born = resident_id_birth_date(number)
    if born is None or born.year < 1900 or (as_of is not None and born > as_of):
        return "birth_date"
    return None


def phone_problem(value: str) -> str | None:
    """None when every number in ``value`` is a mobile or a landline with its area code."""
    numbers = [re.sub(r"[\s\-()（）]", "", part) for part in _PHONE_SEPARATORS.split(str(value))]
    numbers = [number for number in numbers if number]
    if not numbers:
        return "empty"
    for number in numbers:
        if not (_MOBILE.fullmatch(number) or _LANDLINE.fullmatch(number)):
            return "no_area_code" if re.fullmatch(r"\d{7,8}", number) else "format"
    return None


def _check(context: CheckContext, setting: RuleSetting, code: str, fields: Iterable[str],
           problem) -> Iterable[Finding]:
    documents = context.documents
    for field in fields:
        for found in values(documents, field):
            reason = problem(str(found.value))
            if reason is None:
                continue
            if found.weak:
                yield weak(context, setting, found, field)
                continue
            misread = _misread(found, problem) if reason == "format" else None
            if misread is not None:
                yield unverified(context, setting, f"扫描件上识别为“{found.value}”，校验未通过；若为“{misread}”则校验通过，"
                                 "可能是识别混淆，请人工核对。",
                                 f"read from a scan as '{found.value}', which fails; '{misread}' would pass, so it "
                                 "may be an OCR confusion; check by hand.", found, field=field, found=found.value,
                                 evidence={"reading": str(found.value), "alternative": misread})
                continue
            yield located(context, setting, code, found, field=field, found=found.value,
                          evidence={"reason": reason, **correction_due(context)})


def _misread(found: Value, problem) -> str | None:
    """On a scan, a reading one OCR-confusable character away that passes (a value
    differing only by confusable characters is doubt); None on typed documents, where the
    character is what the applicant wrote. Asked only of a reading with a character no code can
    hold (an O or an I in a USCC): replacing it is then the only way to pass, so a code that is
    merely wrong is not excused by one of its many near readings happening to pass."""
    if found.document is None or not found.document.is_scan:
        return None
    code = normalise_code(str(found.value))
    return next((alt for alt in confusable_readings(code) if problem(alt) is None), None)


def invalid_uscc(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """Every 统一社会信用代码 read must have 18 characters of the USCC alphabet and the right
    check digit (GB 32100-2015); a certificate that always prints one and does not show it gives
    ``field_not_found``.

    Example::

        - code: invalid_uscc
          source: 004_b66d6adc241eb53e.txt 六(一)1

    Passes: 营业执照 with 91370100MA3C8K9X1R (check digit right).
    Fails: 营业执照 with 91370100MA3C8K9X1F (check digit wrong).
    """
    yield from _check(context, setting, "invalid_uscc", ("uscc",), uscc_problem)
    yield from lacking(context, setting, _USCC_CARRIERS, "uscc")


def invalid_id_number(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """Every 身份证号码 read must have its check digit right and a possible birth date.

    Example::

        - code: invalid_id_number
          source: 004_b66d6adc241eb53e.txt 附件3

    Passes: an ID card whose number's 18th character is its check digit.
    Fails: the same number with the last digit changed, or born on 19900230.
    """
    yield from _check(context, setting, "invalid_id_number", ("id_number",),
                      lambda value: id_number_problem(value, context.as_of))


def invalid_phone(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """Every phone number (any ``*phone`` field, the roster's 联系方式) must be an 11-digit mobile
    or a landline with its area code.

    Example::

        - code: invalid_phone
          source: 004_b66d6adc241eb53e.txt 附件3

    Passes: 13912345678, 0631-5201234.
    Fails: 5201234 (no area code), 1391234567 (10 digits).
    """
    phone_fields = sorted({name for doc in context.documents for name in doc.fields if name.endswith("phone")})
    yield from _check(context, setting, "invalid_phone", phone_fields, phone_problem)
    for document in context.documents_of("staff_roster"):
        for row in document.extra.roster or []:
            phone = str(row.get("phone") or "").strip()
            if phone and phone_problem(phone):
                yield located(context, setting, "invalid_phone", document, row=row.get("row"),
                              field="phone", found=phone, evidence={"name": row.get("name") or ""})


INVALID_USCC = Rule("invalid_uscc", invalid_uscc)
INVALID_ID_NUMBER = Rule("invalid_id_number", invalid_id_number)
INVALID_PHONE = Rule("invalid_phone", invalid_phone)
