"""Check characters of unified social credit codes (GB 32100-2015) and resident ID numbers
(GB 11643-1999): python-stdnum's answers, without importing stdnum for a plain ASCII code.

Importing stdnum brings ssl and pydoc with it, which cost a text check more than all its codes'
arithmetic.  For a code of ASCII digits and capitals these functions compute what
``stdnum.cn.uscc`` and ``stdnum.cn.ric`` compute; anything else (full-width or other Unicode
digits, the separators and look-alikes stdnum cleans) is handed to stdnum itself, so the answer
is stdnum's for every input (tests/test_check_digits.py compares them).  Where stdnum also looks
an ID's area code up (``ric.is_valid``), callers still use stdnum.
"""
from __future__ import annotations

import re
from datetime import date

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_PLAIN = re.compile(r"[0-9A-Z]+")  # ASCII only: str.isdigit() and \d also take other scripts' digits
_DIGITS = re.compile(r"[0-9]+")
_DATE_DIGITS = re.compile(r"[0-9]{14}")


def uscc_check_digit(number: str) -> str:
    """The check character for the first 17 characters of ``number`` (``uscc.calc_check_digit``)."""
    if not _PLAIN.fullmatch(number) or any(char not in _USCC_ALPHABET for char in number[:17]):
        from stdnum.cn import uscc

        return uscc.calc_check_digit(number)
    total = sum(_USCC_ALPHABET.index(char) * weight for char, weight in zip(number, _USCC_WEIGHTS))
    return _USCC_ALPHABET[(31 - total) % 31]


def uscc_is_valid(code: str) -> bool:
    """Length 18, a numeric region part, the alphabet and the check character (``uscc.is_valid``)."""
    number = code.replace(" ", "").replace("-", "").upper().strip() if code.isascii() else ""
    if not (len(number) == 18 and _PLAIN.fullmatch(number)):
        from stdnum.cn import uscc

        return uscc.is_valid(code)
    return (_DIGITS.fullmatch(number[:8]) is not None and all(char in _USCC_ALPHABET for char in number[8:])
            and uscc_check_digit(number) == number[17])


def resident_id_check_digit(number: str) -> str:
    """The check character for the first 17 digits of an 18-character ID (``ric.calc_check_digit``:
    ``number`` includes its last character, which is not used)."""
    if not _DIGITS.fullmatch(number[:-1]):
        from stdnum.cn import ric

        return ric.calc_check_digit(number)
    digits = number[:-1]
    total = sum(int(digit) * pow(2, len(digits) - index, 11) for index, digit in enumerate(digits))
    check = (1 - total) % 11
    return "X" if check == 10 else str(check)


def resident_id_birth_date(number: str) -> date | None:
    """The birth date written in an ID (``ric.get_birth_date``), None where it is no date."""
    if not _DATE_DIGITS.match(number):
        from stdnum.cn import ric
        from stdnum.exceptions import ValidationError

        try:
            return ric.get_birth_date(number)
        except ValidationError:
            return None
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
