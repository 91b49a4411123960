"""Decoding text as Chinese offices write it, and how plausible a decoded text is as Chinese."""
from __future__ import annotations

from contextlib import suppress


def decode_chinese_text(data: bytes) -> str | None:
    """UTF-8 (with or without BOM), UTF-16 with its BOM (Excel's "Unicode text"), else GBK
    (GB18030) as Excel and Notepad write on Chinese Windows; None when none of them fits."""
    encodings = ("utf-16",) if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "gb18030")
    for encoding in encodings:
        with suppress(UnicodeDecodeError):
            return data.decode(encoding)
    return None


def chinese_plausibility(text: str) -> float:
    """How much ``text`` (blanks ignored) looks like Chinese as offices write it, 0..1: printable
    ASCII, CJK punctuation, full-width forms, the symbols forms print (□ ☑ √ ① → ※ ℃ …) and
    GB2312 characters count fully, other CJK characters (GBK extensions: what mis-decoded
    bytes mostly give) less, anything else (controls, Latin-1 letters, private-use and
    replacement characters) not at all."""
    chars = [ch for ch in text if not ch.isspace()]
    return sum(_char_weight(ch) for ch in chars) / len(chars) if chars else 1.0


def _char_weight(ch: str) -> float:
    if ch.isascii():
        return 1.0 if ch.isprintable() else 0.0
    if "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or "\u2000" <= ch <= "\u2bff" or ch in "·×÷":
        return 1.0
    if "\u4e00" <= ch <= "\u9fff":
        try:
            ch.encode("gb2312")
            return 1.0
        except UnicodeEncodeError:
            return 0.3
    return 0.0
