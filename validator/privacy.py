"""Masking of resident ID numbers and phone numbers in everything a person or a log sees.

Masked: 18-digit resident IDs (last character may be X; first six and last four kept,
``370602********1234``) and 15-digit old IDs (``370602******123``), the birth date
always hidden; mobiles, with or
without +86 and separators (``138****5678``); landlines with an area code
(``0631-****1234``). Never masked: SHA-256 hex digests and other hex or alphanumeric
codes (a number must stand alone, not inside a run of letters and digits), unified
social credit codes (an 18-digit all-numeric USCC is told from an ID by its check
character and birth date), license numbers with letters, dates and amounts.
A masked number keeps its length so that tables stay aligned.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

_EDGE_BEFORE = r"(?<![0-9A-Za-z])"
_EDGE_AFTER = r"(?![0-9A-Za-z])"
_ID18 = re.compile(_EDGE_BEFORE + r"(\d{6})(\d{8})(\d{3}[\dXx])" + _EDGE_AFTER)
_ID15 = re.compile(_EDGE_BEFORE + r"(\d{6})(\d{6})(\d{3})" + _EDGE_AFTER)
_MOBILE = re.compile(_EDGE_BEFORE + r"((?:\+?86[- ]?)?1[3-9]\d)([- ]?\d{4}[- ]?)(\d{4})" + _EDGE_AFTER)
_LANDLINE = re.compile(_EDGE_BEFORE + r"(\(?0\d{2,3}\)?[- ]?)(\d{3,4})(\d{4})" + _EDGE_AFTER)
_DIGIT = re.compile(r"\d")


def mask_text(text: str) -> str:
    """``370602199001011234`` → ``370602********1234``; ``13812345678`` → ``138****5678``."""
    text = _ID18.sub(_mask_id18, text)
    text = _ID15.sub(_mask_id15, text)
    text = _MOBILE.sub(lambda m: m.group(1) + _DIGIT.sub("*", m.group(2)) + m.group(3), text)
    return _LANDLINE.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3), text)


def mask_value(value: Any) -> Any:
    """Masks every string inside a JSON-like value, and integers that are phone or ID
    numbers (spreadsheets store those as numbers)."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 10**10:
        masked = mask_text(str(value))
        return value if masked == str(value) else masked
    if isinstance(value, list):
        return [mask_value(item) for item in value]
    if isinstance(value, tuple):
        return tuple(mask_value(item) for item in value)
    if isinstance(value, dict):
        return {key: mask_value(item) for key, item in value.items()}
    return value


def _mask_id18(match: re.Match) -> str:
    from validator.check_digits import resident_id_check_digit, uscc_is_valid

    number = match.group(0)
    id_check_digit_ok = resident_id_check_digit(number) == number[-1].upper()  # uses number[:-1]
    if uscc_is_valid(number) and not id_check_digit_ok or not _plausible_birth(number[6:14]):
        return number
    return match.group(1) + "*" * 8 + match.group(3)


def _mask_id15(match: re.Match) -> str:
    number = match.group(0)
    if not _plausible_birth("19" + number[6:12]):
        return number
    return match.group(1) + "*" * 6 + match.group(3)


def _plausible_birth(digits: str) -> bool:
    """True for a YYYYMMDD from 1880 to today (IDs with a typo in the check digit stay masked)."""
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return False
    return date(1880, 1, 1) <= born <= date.today()
