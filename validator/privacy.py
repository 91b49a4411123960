"""Masking of resident ID numbers and phone numbers in everything a person or a log sees."""
from __future__ import annotations

import re
from typing import Any

# 18-digit resident ID (last may be X), 15-digit old IDs; mobiles; landlines with area code.
_ID = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8}|\d{6})(\d{3}[\dXx]|\d{1})(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3}-?)(\d{3,4})(\d{4})(?!\d)")


def mask_text(text: str) -> str:
    """``370602199001011234`` → ``370602********1234``; ``13812345678`` → ``138****5678``."""
    text = _ID.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3)[-4:].rjust(len(m.group(3)), "*")
                   if len(m.group(3)) >= 4 else m.group(0), text)
    text = _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text)
    return _LANDLINE.sub(lambda m: f"{m.group(1)}{'*' * len(m.group(2))}{m.group(3)}", text)


def mask_value(value: Any) -> Any:
    """Masks every string inside a JSON-like value."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, list):
        return [mask_value(item) for item in value]
    if isinstance(value, tuple):
        return tuple(mask_value(item) for item in value)
    if isinstance(value, dict):
        return {key: mask_value(item) for key, item in value.items()}
    return value
