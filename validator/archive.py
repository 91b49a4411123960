"""Listing a zip without extracting it: safe names, zip-bomb limits, one level of nesting.

Every member is decompressed once here (with a byte cap) so that its real size, its
CRC and its format are known before anything trusts it; the bytes are then dropped
and read again on demand (PackageFile.read_bytes). Nothing is written to disk.
"""
from __future__ import annotations

import hashlib
import io
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from validator.entry_names import is_ignored, normalise, unsafe_reason, zip_entry_name
from validator.errors import InputError
from validator.findings import Finding
from validator.limits import Limits
from validator.package_files import ZIP_ERRORS, PackageFile, encrypted, read_member, unsafe
from validator.sniff import encrypted_office, sniff

# A central directory record is >= 46 bytes; a directory this large means far more
# entries than any package has, and parsing it would cost memory before any limit applies.
_MAX_CENTRAL_DIRECTORY = 8 << 20
# The end record (22 bytes) follows an archive comment of at most 64 KiB.
_END_SCAN = 22 + (1 << 16)


@dataclass
class Budget:
    """What the whole package has used so far (files and uncompressed bytes)."""

    limits: Limits
    files: int = 0
    bytes: int = 0
    findings: list[Finding] = field(default_factory=list)
    full: bool = False

    def admit(self, path: str, size: int, compressed: int | None = None) -> bool:
        """False (with a finding) when a file of ``size`` bytes may not be read; the count and
        total limits stop the listing, the size and ratio limits skip the file."""
        limits = self.limits
        if self.files >= limits.max_files:
            return self._stop("too_many_files", path, limits.max_files)
        if size > limits.max_file_bytes:
            self.findings.append(unsafe("file_too_large", path, limit=limits.max_file_bytes))
            return False
        if compressed is not None and size > limits.ratio_floor_bytes and size > limits.max_ratio * max(compressed, 1):
            self.findings.append(unsafe("compression_ratio", path, limit=limits.max_ratio))
            return False
        if self.bytes + size > limits.max_total_bytes:
            return self._stop("total_too_large", path, limits.max_total_bytes)
        return True

    def _stop(self, reason: str, file: str, limit: int) -> bool:
        if not self.full:
            self.findings.append(unsafe(reason, file, limit=limit))
        self.full = True
        return False


@dataclass(frozen=True)
class Place:
    """Where a zip sits: the disk file it starts from, member indexes leading to it, the
    display prefix of its entries and the origin prefix ("pkg.zip!")."""

    disk_path: Path
    members: tuple[int, ...]
    prefix: str
    origin: str
    depth: int


def open_zip(source: Path | BinaryIO, label: str) -> zipfile.ZipFile:
    """A ZipFile, or InputError for a damaged, encrypted or oversized archive."""
    try:
        if _directory_size(source) > _MAX_CENTRAL_DIRECTORY:
            raise InputError(f"{label}: the zip directory is too large to be a package")
        archive = zipfile.ZipFile(source)
    except ZIP_ERRORS as error:
        raise InputError(f"{label}: not a readable zip archive ({type(error).__name__})") from None
    if any(info.flag_bits & 0x1 for info in archive.infolist()):
        archive.close()
        raise InputError(f"{label}: the zip is encrypted (password-protected); unpack it and check the folder")
    return archive


def list_zip(archive: zipfile.ZipFile, place: Place, budget: Budget) -> list[PackageFile]:
    """The files of an open zip (and of zips inside it, up to ``max_nesting``)."""
    files: list[PackageFile] = []
    seen: set[str] = set()
    for index, info in enumerate(archive.infolist()):
        if budget.full:
            break
        name = zip_entry_name(info.orig_filename, info.flag_bits, info.extra)
        shown = place.prefix + name
        if info.is_dir() or name.endswith("/"):
            continue
        reason = unsafe_reason(name)
        if reason:
            budget.findings.append(unsafe(reason, shown))
            continue
        path = place.prefix + normalise(name)
        if not normalise(name) or is_ignored(path):
            continue
        if stat.S_ISLNK(info.external_attr >> 16):
            budget.findings.append(unsafe("symlink", path))
            continue
        if path in seen:
            budget.findings.append(unsafe("duplicate_entry", path))
            continue
        seen.add(path)
        files.extend(_entry(archive, info, index, path, place, budget))
    return files


def _entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, index: int, path: str, place: Place,
           budget: Budget) -> list[PackageFile]:
    limits = budget.limits
    if not budget.admit(path, info.file_size, info.compress_size):
        return []
    try:
        data = read_member(archive, info, limits.max_file_bytes)
    except ZIP_ERRORS as error:
        budget.findings.append(Finding("unreadable_file", file=path, evidence={"reason": type(error).__name__}))
        return []
    budget.bytes += len(data)
    members = place.members + (index,)
    origin = f"{place.origin}{path[len(place.prefix):]}"
    kind = sniff(data)
    if kind == "ole" and encrypted_office(io.BytesIO(data)):
        budget.findings.append(encrypted(path))
    if kind == "zip":
        return _nested(data, path, Place(place.disk_path, members, path + "/", origin + "!", place.depth + 1), budget)
    budget.files += 1
    return [PackageFile(path=path, size=len(data), origin=origin, locator=(str(place.disk_path), members),
                        limits=limits, _sha256=hashlib.sha256(data).hexdigest(), _format=kind)]


def list_nested_zip(disk_path: Path, path: str, depth: int, budget: Budget) -> list[PackageFile]:
    """A zip file found in a package folder, opened like a nested zip."""
    place = Place(disk_path, (), path + "/", path + "!", depth)
    try:
        archive = open_zip(disk_path, path)
    except InputError as error:
        budget.findings.append(_zip_problem(path, error))
        return []
    with archive:
        return list_zip(archive, place, budget)


def _nested(data: bytes, path: str, place: Place, budget: Budget) -> list[PackageFile]:
    if place.depth > budget.limits.max_nesting:
        budget.findings.append(unsafe("nesting_too_deep", path, limit=budget.limits.max_nesting))
        return []
    try:
        archive = open_zip(io.BytesIO(data), path)
    except InputError as error:
        budget.findings.append(_zip_problem(path, error))
        return []
    with archive:
        return list_zip(archive, place, budget)


def _zip_problem(path: str, error: InputError) -> Finding:
    code = "encrypted_file" if "encrypted" in error.message else "unreadable_file"
    return Finding(code, file=path, evidence={"reason": error.message.split(": ", 1)[-1]})


def _directory_size(source: Path | BinaryIO) -> int:
    """Size of the central directory from the end record (0 when there is none: zipfile will say)."""
    stream = open(source, "rb") if isinstance(source, Path) else source
    try:
        stream.seek(0, 2)
        end = stream.tell()
        stream.seek(max(end - _END_SCAN, 0))
        tail = stream.read()
    finally:
        if isinstance(source, Path):
            stream.close()
        else:
            stream.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 16:
        return 0
    return int.from_bytes(tail[at + 12:at + 16], "little")
