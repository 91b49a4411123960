"""File and zip-entry names: decoding (GBK zips, non-UTF-8 file systems), safety, noise.

Windows Chinese zip tools write entry names in the ANSI code page (GBK / CP936)
without the zip "UTF-8" flag; Python decodes those as CP437, which turns
``营业执照.pdf`` into mojibake. A USB stick written on Chinese Windows and mounted
with the wrong ``iocharset`` gives file names that are GBK bytes, not UTF-8, which
Python hands over with lone surrogates (surrogateescape). Both come here as bytes.
"""
from __future__ import annotations

import os
import re
import unicodedata
import zlib

from validator.intake.text_decoding import chinese_plausibility

# Files that operating systems and Office leave behind; never part of a submission.
_IGNORED_FILES = {"thumbs.db", "ehthumbs.db", ".ds_store", "desktop.ini"}
_IGNORED_FOLDERS = {"__macosx"}
_DRIVE = re.compile(r"^[A-Za-z]:")
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def decode_name(raw: bytes) -> str:
    """A name from bytes of unknown encoding: ASCII, else UTF-8 or GBK (GB18030), whichever
    reads as more plausible text. Ties go to UTF-8: UTF-8 Chinese often decodes as plausible
    GBK (说书 → 璇翠功), while GBK text is almost never valid UTF-8. Bytes that neither
    decodes become U+FFFD, never an exception.

    UTF-8 in one non-Chinese script (Cyrillic, Latin accents, mathematical letters: rarfile's
    unicode.rar) also decodes as GB18030, into rare characters (уии → 褍懈懈): UTF-8 (with at
    most one stray byte: a pax name mixing UTF-8 and Latin-1, libarchive's
    test_pax_filename_encoding.tar) whose letters are all of one script wins over a GB18030
    reading that is not all common (GB2312) Chinese. A common GBK name that is also valid UTF-8
    (医 = D2 BD = Cyrillic ҽ) stays Chinese."""
    if raw.isascii():
        return raw.decode("ascii")
    lenient = raw.decode("utf-8", errors="replace")
    if lenient.count("\ufffd") <= 1 and _one_script(lenient) and \
            chinese_plausibility(raw.decode("gb18030", errors="replace")) < 1.0:
        return lenient
    candidates = []
    for encoding in ("utf-8", "gb18030"):
        try:
            candidates.append(raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    if not candidates:
        return raw.decode("gb18030", errors="replace")
    return max(candidates, key=chinese_plausibility)


def _one_script(text: str) -> bool:
    scripts = {unicodedata.name(char, "?").split(" ")[0] for char in text
               if not char.isascii() and unicodedata.category(char)[0] in "LM"}
    return len(scripts) == 1


def zip_entry_name(filename: str, flag_bits: int, extra: bytes = b"", local: bytes | None = None) -> str:
    """The real name of a zip entry given zipfile's ``orig_filename`` (CP437-decoded unless
    the UTF-8 flag, bit 11, is set) and its extra field; separators normalised to "/".

    7-Zip, WinRAR and Info-ZIP add the UTF-8 name in an "Info-ZIP Unicode Path" extra field
    (0x7075) next to a GBK name; it wins when its CRC matches the stored name, or the local
    header's name ``local`` (some tools compute it over that one)."""
    if flag_bits & 0x800:
        name = filename
    else:
        raw = filename.encode("cp437")
        name = _unicode_path(extra, {raw, local or raw}) or decode_name(raw)
    return printable(name.replace("\\", "/"))


def _unicode_path(extra: bytes, names: set[bytes]) -> str | None:
    at = 0
    while at + 4 <= len(extra):
        kind, size = int.from_bytes(extra[at:at + 2], "little"), int.from_bytes(extra[at + 2:at + 4], "little")
        body = extra[at + 4:at + 4 + size]
        crc = int.from_bytes(body[1:5], "little") if len(body) > 5 else None
        if kind == 0x7075 and body[0] == 1 and crc in {zlib.crc32(raw) for raw in names}:
            try:
                return body[5:].decode("utf-8")
            except UnicodeDecodeError:
                return None
        at += 4 + size
    return None


def fs_display_name(name: str) -> str:
    """A file-system name fit to print: surrogate-escaped bytes decoded as GBK/UTF-8."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        name = decode_name(os.fsencode(name))
    return printable(name)


def printable(name: str) -> str:
    """Control characters (newlines, terminal escapes) and bidirectional overrides (which make
    "x" U+202E "fdp.exe" show as "xexe.pdf") replaced by U+FFFD, so a name is one safe line."""
    return _UNPRINTABLE.sub("\ufffd", name)


def unsafe_reason(name: str) -> str | None:
    """Why an archive entry name may not be used, or None: ``absolute_path`` ("/x", "//host"),
    ``drive_letter`` ("C:x"), ``path_traversal`` (any ".." component, even one that would
    stay inside: a tool that writes it would not)."""
    if name.startswith("/"):
        return "absolute_path"
    if _DRIVE.match(name):
        return "drive_letter"
    if ".." in name.split("/"):
        return "path_traversal"
    return None


def normalise(name: str) -> str:
    """"./a//b/" → "a/b" (call after :func:`unsafe_reason`), NFC so that macOS names compare equal."""
    parts = [part for part in name.split("/") if part not in ("", ".")]
    return unicodedata.normalize("NFC", "/".join(parts))


def is_ignored(path: str) -> bool:
    """Thumbs.db, .DS_Store, desktop.ini, __MACOSX/, AppleDouble "._x" and Office "~$x" lock files."""
    parts = path.split("/")
    if any(is_ignored_folder(part) for part in parts[:-1]):
        return True
    last = parts[-1]
    return last.lower() in _IGNORED_FILES or last.startswith(("~$", "._"))


def is_ignored_folder(name: str) -> bool:
    return name.lower() in _IGNORED_FOLDERS
