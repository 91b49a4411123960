"""Field values as printed (or as OCR read them) into canonical values.

Dates become ISO 8601 strings; validity ranges 自…至… become (start, end) with
长期 meaning no end; codes lose full-width characters and blanks; 诊疗科目 become
a list; beds an int.  OCR confusions in codes (O/0, I/1, Z/2, S/5, B/8) are
corrected only where the check digit then validates (python-stdnum), so a
wrong correction cannot make an invalid code look valid by chance of one flip.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from datetime import date

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "元": 1}
_CN_NUMBER = "〇零○Ｏ一二三四五六七八九十"
_DATE = re.compile(
    r"(?P<y>\d{4})\s*(?:年|[.\-/．。,，])\s*(?P<m>\d{1,2})\s*(?:月|[.\-/．。,，])\s*(?P<d>\d{1,2})\s*日?"
    r"|(?P<compact>(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(?!\d)"
)
# 二〇二三年六月二十一日, 二〇二二年元月八日 (元月: January), as a licence prints its issue date.
CN_DATE = re.compile(rf"(?P<y>[{_CN_NUMBER}]{{4}})\s*年\s*(?P<m>元|[{_CN_NUMBER}]{{1,3}})\s*月"
                     rf"\s*(?P<d>[{_CN_NUMBER}]{{1,3}})\s*日")
# A date and nothing else (a line that is only a date: the issue date under a licence's seal).
DATE_ALONE = re.compile(rf"(?:\d{{4}}(?:年\d{{1,2}}月\d{{1,2}}日?|[-./]\d{{1,2}}[-./]\d{{1,2}})|{CN_DATE.pattern})$")
_OPEN_END = re.compile(r"长期|永久|无固定期限|不约定期限")
_RANGE_SPLIT = re.compile(r"至|到|—|–|~|～|\s-{1,2}\s")
_LIST_SPLIT = re.compile(r"[；;、，,／/\s]+")
# Letters OCR reads in place of digits and the reverse.
_TO_DIGIT = {"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "Z": "2", "S": "5", "B": "8", "G": "6"}
_TO_LETTER = {"0": "O", "1": "I", "2": "Z", "5": "S", "8": "B", "6": "G"}
_MAX_FLIPS = 2


_BLANKS = re.compile(r"\s+")  # str patterns: \s covers the ideographic space U+3000 too


def squeeze(text: str) -> str:
    """Text with every blank removed, so 营 业 执 照 compares equal to 营业执照."""
    return _BLANKS.sub("", text)

def half_width(text: str) -> str:
    """Full-width letters, digits and punctuation to ASCII (NFKC), ideographic space to space."""
    return unicodedata.normalize("NFKC", text).replace("\u3000", " ")


def compact(text: str) -> str:
    """Half-width, upper-case, without blanks, dashes and dots (how codes are compared)."""
    return re.sub(r"[\s\-.·_]", "", half_width(text)).upper()


def _cn_number(text: str) -> int:
    """二〇二三 → 2023 (digit by digit); 十二 → 12; 二十一 → 21; 三十 → 30."""
    if "十" not in text:
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    tens, _, units = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_dates(text: str) -> list[str]:
    """Every date in ``text`` as ISO strings, in order of appearance."""
    text = half_width(text)
    found: list[tuple[int, str]] = []
    for match in _DATE.finditer(text):
        if match.group("compact"):
            value = _valid(int(match.group("compact")[:4]), int(match.group("compact")[4:6]),
                           int(match.group("compact")[6:]))
        else:
            value = _valid(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        if value:
            found.append((match.start(), value))
    for match in CN_DATE.finditer(text):
        try:
            value = _valid(_cn_number(match.group("y")), _cn_number(match.group("m")), _cn_number(match.group("d")))
        except (KeyError, ValueError):
            continue
        if value:
            found.append((match.start(), value))
    return [value for _, value in sorted(found)]


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as an ISO string, or None."""
    dates = find_dates(text)
    return dates[0] if dates else None


def parse_range(text: str) -> tuple[str | None, str | None, bool]:
    """自2021年5月1日至2026年4月30日 → (start, end, open_ended); 至长期 gives end None, open True."""
    parts = _RANGE_SPLIT.split(half_width(text), maxsplit=1)
    start = parse_date(parts[0])
    rest = parts[1] if len(parts) > 1 else ""
    open_ended = bool(_OPEN_END.search(rest or text))
    end = None if open_ended else parse_date(rest)
    if start and end is None and not open_ended and len(find_dates(text)) >= 2:
        start, end = find_dates(text)[:2]
    return start, end, open_ended


def parse_int(text: str) -> int | None:
    """床位 20张 → 20; 二十 → 20; 无 → 0."""
    text = half_width(text)
    digits = re.search(r"\d+", text)
    if digits:
        return int(digits.group())
    chinese = re.search(rf"[{_CN_NUMBER}]+", text)
    if chinese:
        try:
            return _cn_number(chinese.group())
        except (KeyError, ValueError):
            return None
    return 0 if re.search(r"^\s*[无/—\-]\s*$", text) else None


def split_list(text: str) -> list[str]:
    """诊疗科目：内科；外科、儿科 → ['内科', '外科', '儿科'] (bracketed sub-items kept whole)."""
    text = text.replace("\u3000", " ").strip().rstrip("。.")
    items, depth, current = [], 0, ""
    for char in text:
        depth += char in "(（[【"
        depth -= char in ")）]】"
        if depth <= 0 and _LIST_SPLIT.fullmatch(char):
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    return [item.strip() for item in items if item.strip()]


def _variants(code: str, positions: list[int], flips: int) -> set[str]:
    """Codes with exactly ``flips`` look-alike characters swapped at the given positions."""
    def swaps(index: int) -> list[str]:
        char = code[index]
        return [swap for swap in (_TO_DIGIT.get(char), _TO_LETTER.get(char)) if swap]
    flippable = [i for i in positions if swaps(i)]
    variants = set()
    for chosen in itertools.combinations(flippable, flips):
        for replacement in itertools.product(*(swaps(i) for i in chosen)):
            chars = list(code)
            for index, char in zip(chosen, replacement):
                chars[index] = char
            variants.add("".join(chars))
    return variants


def _digits_at(code: str, positions: range) -> str:
    return "".join(_TO_DIGIT.get(ch, ch) if i in positions else ch for i, ch in enumerate(code))


def resident_id_is_valid(code: str) -> bool:
    """Check digit and birth date of an 18-digit resident ID.

    Not stdnum's ``ric.is_valid``: that also looks the area code up in a table (slow to load,
    and an unknown or retired area code is no reason to doubt a real ID)."""
    from validator.check_digits import resident_id_birth_date, resident_id_check_digit

    if len(code) != 18 or not code[:17].isdigit() or resident_id_check_digit(code) != code[17]:
        return False
    return resident_id_birth_date(code) is not None


def correct_code(raw: str, kind: str) -> tuple[str, str | None]:
    """(code, reading before correction or None). ``kind`` is "uscc" or "ric" (resident ID).

    A code that already validates is kept.  Positions that can only hold digits
    (a resident ID's first 17, a USCC's region code) take the digit look-alike;
    elsewhere the fewest swaps (at most two) that make the check digit validate
    win, provided exactly one variant does (an ambiguous correction is not made).
    """
    from validator.check_digits import uscc_is_valid

    is_valid = {"uscc": uscc_is_valid, "ric": resident_id_is_valid}[kind]
    code = compact(raw)
    if is_valid(code):
        return code, None
    if kind == "ric":
        code = _digits_at(code, range(17))
        code = code[:17] + ("X" if code[17:] in ("x", "×") else _TO_DIGIT.get(code[17:], code[17:]))
        return (code, raw) if is_valid(code) else (compact(raw), None)
    code = _digits_at(code, range(2, 8))
    if is_valid(code):
        return code, raw
    for flips in range(1, _MAX_FLIPS + 1):
        valid = {variant for variant in _variants(code, list(range(len(code))), flips) if is_valid(variant)}
        if len(valid) == 1:
            return valid.pop(), raw
        if valid:
            break
    return compact(raw), None
