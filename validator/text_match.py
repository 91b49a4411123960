"""Comparing names, addresses, people and codes as an intake clerk does: tolerant of form, strict
on substance (issue 4: full/half width, spaces, brackets, a 省/市/区 prefix present in one and
absent in the other, 号 vs No.).

Every ``normalise_*`` returns a canonical string; ``same_*`` compares two values.  Nothing here
guesses: two values that differ after normalisation are different.
"""
from __future__ import annotations

import re
import unicodedata

# Brackets and separators that carry no meaning in a name or an address.
_NOISE = re.compile(r"[\s\u3000·•.,，、。:：;；\"'“”‘’()（）\[\]【】〔〕<>《》_\-—–~～/]")
_NUMBER_SIGN = re.compile(r"(?:no\.?|#|＃)\s*(\d+)", re.IGNORECASE)
# Administrative prefixes an address may leave out: province, city, district or county.
_ADMIN_PREFIX = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,7}?(?:省|自治区))?(?:[\u4e00-\u9fff]{1,7}?市)?"
    r"(?:[\u4e00-\u9fff]{1,7}?(?:区|县|旗))?")


def width(text: str) -> str:
    """Full-width letters, digits and punctuation to half width (NFKC), lower case."""
    return unicodedata.normalize("NFKC", str(text)).lower()


def normalise_code(value: str | None) -> str:
    """USCC, ID and registration numbers: width, case, spaces and dashes do not count."""
    return re.sub(r"[\s\-]", "", width(value or "")).upper()


def normalise_name(value: str | None) -> str:
    """Institution and person names: width, spaces, brackets and punctuation do not count."""
    return _NOISE.sub("", width(value or ""))


def normalise_address(value: str | None) -> str:
    """Addresses: as names, plus "No. 12" / "#12" → "12号" and "12号院" kept as it is."""
    text = _NUMBER_SIGN.sub(lambda m: f"{m.group(1)}号", width(value or ""))
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
