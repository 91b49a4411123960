"""Comparing names, addresses, people and codes as an intake clerk does: tolerant of form, strict
on substance (full/half width, spaces, brackets, a 省/市/区 prefix present in one and
absent in the other, 号 vs No.).

Every ``normalise_*`` returns a canonical string; ``same_*`` compares two values.  Nothing here
guesses: two values that differ after normalisation are different.  ``near_miss`` says when two
different values may still be one text read twice (traditional and simplified forms,
OCR-confusable characters, a value cut short at a line break or a cell's edge), so a rule can
report doubt with both readings instead of a mismatch.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Callable

from validator.resources import load_data_yaml

# Brackets and separators that carry no meaning in a name or an address.
_NOISE = re.compile(r"[\s\u3000·•.,，、。:：;；\"'“”‘’()（）\[\]【】〔〕<>《》_\-—–~～/]")
_NUMBER_SIGN = re.compile(r"(?:no\.?|#|＃)\s*(\d+)", re.IGNORECASE)
# Administrative prefixes an address may leave out: province, city, district or county.
_ADMIN_PREFIX = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,7}?(?:省|自治区))?(?:[\u4e00-\u9fff]{1,7}?市)?"
    r"(?:[\u4e00-\u9fff]{1,7}?(?:区|县|旗))?")


def _fold(text: str) -> str:
    """Full-width letters, digits and punctuation to half width (NFKC), and lower case: the form every
    comparison below starts from."""
    return unicodedata.normalize("NFKC", str(text)).lower()


def normalise_code(value: str | None) -> str:
    """USCC, ID and registration numbers: width, case, spaces and dashes do not count."""
    return re.sub(r"[\s\-]", "", _fold(value or "")).upper()


def normalise_name(value: str | None) -> str:
    """Institution and person names: width, spaces, brackets and punctuation do not count."""
    return _NOISE.sub("", _fold(value or ""))


def normalise_address(value: str | None) -> str:
    """Addresses: as names, plus "No. 12" / "#12" → "12号" and "12号院" kept as it is."""
    text = _NUMBER_SIGN.sub(lambda m: f"{m.group(1)}号", _fold(value or ""))
    return _NOISE.sub("", text)


def _same_but_prefix(a: str, b: str) -> bool:
    """Equal, or equal once the longer drops an administrative prefix the shorter leaves out:
    山东省威海市环翠区文化中路8号 = 威海市环翠区文化中路8号 = 环翠区文化中路8号."""
    if not a or not b:
        return False
    if a == b:
        return True
    longer, shorter = (a, b) if len(a) >= len(b) else (b, a)
    if not longer.endswith(shorter):
        return False
    # What the shorter leaves out must be a whole administrative prefix, not part of the street.
    return _ADMIN_PREFIX.fullmatch(longer[: len(longer) - len(shorter)]) is not None


def same_code(left: str | None, right: str | None) -> bool:
    return bool(left and right) and normalise_code(left) == normalise_code(right)


def same_name(left: str | None, right: str | None) -> bool:
    """Institution names: 威海市环翠区康宁诊所 = 环翠区康宁诊所 (the place prefix left out)."""
    return _same_but_prefix(normalise_name(left), normalise_name(right))


def same_person(left: str | None, right: str | None) -> bool:
    """People: equal after normalisation, nothing more."""
    return bool(left and right) and normalise_name(left) == normalise_name(right)


def same_address(left: str | None, right: str | None) -> bool:
    return _same_but_prefix(normalise_address(left), normalise_address(right))


def mentions_name(text: str | None, name: str | None) -> bool:
    """Whether ``text`` (a 执业地点, a heading) names the institution ``name``, with or without the
    place prefix."""
    needle, hay = normalise_name(name), normalise_name(text)
    return bool(needle) and (needle in hay or _same_but_prefix(hay, needle))


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    import opencc  # OpenCC's own tables (traditional → simplified), shipped in the wheel

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """Traditional characters folded to simplified ones (醫療機構 → 医疗机构)."""
    return _converter().convert(text)


@lru_cache(maxsize=1)
def _confusable_groups() -> dict[str, frozenset[int]]:
    """Character → the groups of validator/data/ocr_confusables.yaml it belongs to (either case)."""
    groups: dict[str, set[int]] = {}
    for index, group in enumerate(load_data_yaml("ocr_confusables.yaml")):
        for char in map(str, group):
            for form in {char, char.lower(), char.upper()}:
                groups.setdefault(form, set()).add(index)
    return {char: frozenset(found) for char, found in groups.items()}


def _confusable(left: str, right: str) -> bool:
    """Same length, and every differing position holds two characters of one confusable group."""
    if len(left) != len(right) or left == right:
        return False
    groups = _confusable_groups()
    return all(a == b or groups.get(a, frozenset()) & groups.get(b, frozenset()) for a, b in zip(left, right))


def confusable_readings(value: str) -> list[str]:
    """``value`` with one character replaced by another of its confusable group: what OCR may
    have misread (91…X0A read as 91…XOA)."""
    groups = _confusable_groups()
    members: dict[int, set[str]] = {}
    for char, found in groups.items():
        for index in found:
            members.setdefault(index, set()).add(char)
    readings = []
    for position, char in enumerate(value):
        for other in sorted({o for index in groups.get(char, ()) for o in members[index]} - {char}):
            readings.append(value[:position] + other + value[position + 1:])
    return readings


def _truncated(left: str, right: str) -> bool:
    """One is the other cut short (at a line break, a cell's edge): a prefix of at least two
    characters, with or without the administrative prefix of an address."""
    shorter, longer = sorted((left, right), key=len)
    if len(shorter) < 2 or shorter == longer:
        return False
    bare, stem = _ADMIN_PREFIX.sub("", longer, count=1), _ADMIN_PREFIX.sub("", shorter, count=1)
    return longer.startswith(shorter) or (len(stem) >= 2 and bare.startswith(stem))


def _slipped(left: str, right: str) -> bool:
    """One is the other with one or two neighbouring characters lost or doubled, as a reading does at
    a line break inside a cell (…017D1 / 002 read as …017D002): wherever the break falls, the rest of
    both readings must agree (at least eight characters of it)."""
    shorter, longer = sorted((left, right), key=len)
    lost = len(longer) - len(shorter)
    if not 1 <= lost <= 2 or len(shorter) < 8:
        return False
    return any(longer[:cut] + longer[cut + lost:] == shorter for cut in range(len(shorter) + 1))


NEAR_MISS_REASONS = {
    "traditional": ("仅繁简字形不同", "they differ only in traditional and simplified forms"),
    "confusable": ("仅在易被识别错的字符上不同", "they differ only in characters OCR confuses"),
    "truncated": ("其中一个像是被截断（换行或表格边界）", "one looks cut short (at a line break or a cell's edge)"),
    "line_break": ("仅在一处相差一两个字符（像是换行处漏读或重复）",
                   "they differ only by one or two characters lost or doubled at one place (as at a line break)"),
}


def near_miss(left: str | None, right: str | None, same: Callable[[str, str], bool],
              normalise: Callable[[str | None], str] = normalise_name) -> str | None:
    """Why ``left`` and ``right`` (which ``same`` finds different) may be one text read twice: a key
    of NEAR_MISS_REASONS, or None when they differ in substance."""
    if not left or not right:
        return None
    a, b = simplified(str(left)), simplified(str(right))
    if same(a, b):
        return "traditional"
    bare_a, bare_b = normalise(a), normalise(b)
    if _confusable(bare_a, bare_b):
        return "confusable"
    if _truncated(bare_a, bare_b):
        return "truncated"
    if _slipped(bare_a, bare_b):
        return "line_break"
    return None
