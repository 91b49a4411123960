"""Decoding text files as Chinese offices write them."""
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
