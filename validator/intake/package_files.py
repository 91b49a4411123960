"""The values a package listing produces: PackageFile, Package, and the findings about entries.

A PackageFile knows where its bytes are (a file on disk, or a chain of archive entry
indexes starting at a file on disk: zip, 7z, rar or tar, see validator.intake.archive_formats)
and reads them only when asked, within the per-file byte limit. Locators are plain
tuples, so files can be sent to worker processes.
"""
from __future__ import annotations

import hashlib
import io
import os
import stat
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from validator.intake.archive_base import ZIP_ERRORS, Archive
from validator.intake.archive_formats import open_archive, read_entry
from validator.catalogue import t
from validator.errors import InputError
from validator.findings import Finding
from validator.intake.limits import DEFAULT_LIMITS, Limits

# reason -> (Chinese, English) for unsafe_archive_entry findings; "warning" ones are notes.
REASONS = {
    "absolute_path": ("绝对路径", "absolute path"),
    "drive_letter": ("含盘符的路径", "path with a drive letter"),
    "path_traversal": ("路径穿越（含“..”）", "path escapes the package (\"..\")"),
    "symlink": ("符号链接，未跟随", "symbolic link, not followed"),
    "hardlink": ("硬链接，未跟随", "hard link, not followed"),
    "special_file": ("非普通文件（设备、管道等）", "not a regular file (device, pipe ...)"),
    "too_many_files": ("文件数超过上限，其余未读取", "more files than the limit; the rest were not read"),
    "total_too_large": ("解压后总大小超过上限，其余未读取", "total size over the limit; the rest were not read"),
    "file_too_large": ("文件大小超过上限", "file larger than the limit"),
    "compression_ratio": ("压缩比异常，疑似压缩炸弹", "compression ratio too high (zip bomb)"),
    "nesting_too_deep": ("压缩包嵌套过深，未展开", "archive nested too deep; not opened"),
    "folder_too_deep": ("文件夹层级过深，未读取", "folders nested too deep; not read"),
    "duplicate_entry": ("条目名称重复，仅读取第一个", "entry name repeated; only the first was read"),
}
_WARNINGS = {"symlink", "hardlink", "nesting_too_deep", "duplicate_entry"}
# ArchiveError.why -> (Chinese, English) for archive_member_unreadable: an entry that is not
# damaged and still cannot be read here, and what the applicant can do.
MEMBER_REASONS = {
    "method": ("该文件以{method}方式压缩，本系统无法解压（文件本身未必损坏），请改用zip或常规7z格式重新打包后提交",
               "it is compressed with {method}, which cannot be decompressed here (the file itself need not be "
               "damaged); please repack it as a zip or an ordinary 7z"),
    "volume_missing": ("分卷压缩包缺少分卷“{volume}”，请将全部分卷一并提交",
                       "the split archive lacks its volume '{volume}'; please submit every volume"),
    "later_volume": ("这是分卷压缩包的后续分卷，未见其第一卷，请将全部分卷一并提交",
                     "it is a later volume of a split archive whose first volume is missing; please submit every volume"),
}


def encrypted(file: str) -> Finding:
    return Finding("encrypted_file", file=file, evidence={"reason": "password-protected Office file"})


def unsafe(reason: str, file: str, **evidence: Any) -> Finding:
    """An ``unsafe_archive_entry`` finding; ``file`` is the display name of the entry."""
    zh, en = REASONS[reason]
    return Finding("unsafe_archive_entry", file=file, evidence={"reason": reason, "zh": zh, "en": en, **evidence},
                   severity="warning" if reason in _WARNINGS else "")


def member_unreadable(file: str, why: str, **details: str) -> Finding:
    """An ``archive_member_unreadable`` finding (MEMBER_REASONS); ``file`` is the entry's display name."""
    zh, en = (sentence.format(**details) for sentence in MEMBER_REASONS[why])
    return Finding("archive_member_unreadable", file=file, evidence={"reason": why, "zh": zh, "en": en, **details})


@dataclass(eq=False)
class PackageFile:
    """One file of a package. ``path`` is relative, "/"-separated and printable; ``origin`` says
    where it came from ("docs/a.pdf", "pkg.zip!docs/a.pdf", "pkg.zip!inner.zip!a.pdf")."""

    path: str
    size: int
    origin: str
    locator: tuple[str, tuple[int, ...]]
    limits: Limits = field(default=DEFAULT_LIMITS, repr=False)
    _sha256: str | None = field(default=None, repr=False)
    _format: str | None = field(default=None, repr=False)

    def read_bytes(self) -> bytes:
        """The file's bytes; InputError (one line) if it vanished, changed or cannot be read."""
        disk_path, members = self.locator
        try:
            if not members:
                return read_regular_file(Path(disk_path), self.limits.max_file_bytes)
            status = os.stat(disk_path)
            with _ARCHIVE_LOCK:  # open archives are shared, and py7zr/rarfile readers keep state
                archive = _archive_at(disk_path, status.st_mtime_ns, status.st_size, members[:-1],
                                      self.limits.max_file_bytes, self.limits.max_files)
                return read_entry(archive, members[-1], self.limits.max_file_bytes, self.path)
        except ZIP_ERRORS as error:
            raise InputError(t("cannot_be_read", path=self.path, reason=type(error).__name__)) from None

    @property
    def sha256(self) -> str:
        if self._sha256 is None:
            self._sha256 = hashlib.sha256(self.read_bytes()).hexdigest()
        return self._sha256

    @property
    def format(self) -> str:
        if self._format is None:
            from validator.intake.sniff import sniff
            self._format = sniff(self.read_bytes())
        return self._format


@dataclass
class Package:
    """A listed package: ``root`` as given, ``files`` sorted by path, findings of the listing."""

    root: Path
    files: list[PackageFile]
    findings: list[Finding]


def open_regular_file(path: Path) -> io.BufferedReader:
    """Opens a regular file without following a symlink in its last component."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise OSError(f"{path.name}: not a regular file")
    return os.fdopen(descriptor, "rb")


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    with open_regular_file(path) as stream:
        # Asked for its size, not for max_bytes: read(n) allocates n bytes first (200 MB for a 20 kB file).
        expected = min(os.fstat(stream.fileno()).st_size, max_bytes)
        data = stream.read(expected + 1)
        if len(data) > expected:  # it grew since: on up to the limit, as one read would have
            data += stream.read(max_bytes + 1 - len(data))
    if len(data) > max_bytes:
        raise OSError("file grew beyond the size limit")
    return data


_ARCHIVE_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _archive_at(disk_path: str, mtime_ns: int, size: int, members: tuple[int, ...], max_bytes: int,
                max_entries: int) -> Archive:
    """The archive at ``disk_path`` (``members`` empty) or nested in it. A few are kept open, so
    that reading each of 2000 entries does not parse the directory 2000 times, and an inner
    archive is decompressed once for all of its entries; a changed file (mtime, size) is
    opened afresh."""
    from validator.intake.sniff import sniff_stream

    if not members:
        with open(disk_path, "rb") as stream:
            kind = sniff_stream(stream)
        return open_archive(Path(disk_path), kind, disk_path, max_entries)
    parent = _archive_at(disk_path, mtime_ns, size, members[:-1], max_bytes, max_entries)
    stream = io.BytesIO(read_entry(parent, members[-1], max_bytes, disk_path))
    kind = sniff_stream(stream)
    stream.seek(0)
    return open_archive(stream, kind, disk_path, max_entries)
