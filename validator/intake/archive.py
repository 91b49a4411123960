"""Listing an archive (zip, 7z, rar, tar) without extracting it: safe names, bomb limits, one
level of nesting.

Every entry is decompressed once here (with a byte cap) so that its real size, its
checksum and its format are known before anything trusts it; the bytes are then dropped
and read again on demand (PackageFile.read_bytes). Nothing is written to disk. Links
(symbolic or hard) and special entries are never followed; an archive inside the
package is opened one level deep; an OFD (a zip of XML) is a document, not an archive.
"""
from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from validator.catalogue import say_again, t
from validator.intake.archive_base import ARCHIVE_KINDS, Archive, ArchiveError, Entry
from validator.intake.archive_formats import open_archive, read_entry
from validator.intake.entry_names import is_ignored, normalise, unsafe_reason
from validator.errors import InputError
from validator.findings import Finding
from validator.intake.limits import Limits
from validator.intake.package_files import PackageFile, encrypted, member_unreadable, unsafe
from validator.intake.sniff import encrypted_office, sniff

# A central directory record is >= 46 bytes; a directory this large means far more
# entries than any package has, and parsing it would cost memory before any limit applies.
_MAX_CENTRAL_DIRECTORY = 8 << 20
# The end record (22 bytes) follows an archive comment of at most 64 KiB.
_END_SCAN = 22 + (1 << 16)
# Entry kinds that are never read, and the reason an unsafe_archive_entry finding gives.
_NOT_FOLLOWED = {"link": "symlink", "hardlink": "hardlink", "special": "special_file"}


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
        if self.bomb(path, size, compressed):
            return False
        if self.bytes + size > limits.max_total_bytes:
            return self._stop("total_too_large", path, limits.max_total_bytes)
        return True

    def bomb(self, path: str, size: int, compressed: int | None) -> bool:
        """True (with a finding) when ``size`` bytes came out of far fewer (a zip bomb)."""
        limits = self.limits
        if compressed is None or size <= limits.ratio_floor_bytes or size <= limits.max_ratio * max(compressed, 1):
            return False
        self.findings.append(unsafe("compression_ratio", path, limit=limits.max_ratio))
        return True

    def _stop(self, reason: str, file: str, limit: int) -> bool:
        if not self.full:
            self.findings.append(unsafe(reason, file, limit=limit))
        self.full = True
        return False


@dataclass(frozen=True)
class Place:
    """Where an archive sits: the disk file it starts from, entry indexes leading to it, the
    display prefix of its entries and the origin prefix ("pkg.zip!")."""

    disk_path: Path
    members: tuple[int, ...]
    prefix: str
    origin: str
    depth: int


def open_package_archive(source: Path | BinaryIO, kind: str, label: str, limits: Limits) -> Archive:
    """An open archive, or InputError for a damaged, encrypted or oversized one."""
    if kind == "zip" and _directory_size(source) > _MAX_CENTRAL_DIRECTORY:
        raise InputError(t("archive_directory_too_large", label=label))
    archive = open_archive(source, kind, label, limits.max_files)
    try:
        entries = archive.entries()
    except (ArchiveError, UnicodeError, ValueError) as error:
        archive.close()
        raise ArchiveError(t("archive_directory_unreadable", label=label, kind=kind, reason=type(error).__name__)) from None
    if any(entry.encrypted for entry in entries):
        archive.close()
        raise ArchiveError(t("archive_encrypted", label=label, kind=kind))
    return archive


def list_archive(archive: Archive, place: Place, budget: Budget) -> list[PackageFile]:
    """The files of an open archive (and of archives inside it, up to ``max_nesting``)."""
    files: list[PackageFile] = []
    seen: set[str] = set()
    whole = _archive_size(archive)
    for entry in archive.entries():
        if budget.full:
            break
        shown = place.prefix + entry.name
        if entry.kind == "folder":
            continue
        reason = unsafe_reason(entry.name)
        if reason:
            budget.findings.append(unsafe(reason, shown))
            continue
        path = place.prefix + normalise(entry.name)
        if not normalise(entry.name) or is_ignored(path):
            continue
        if entry.kind != "file":
            budget.findings.append(unsafe(_NOT_FOLLOWED[entry.kind], path))
            continue
        if path in seen:
            budget.findings.append(unsafe("duplicate_entry", path))
            continue
        seen.add(path)
        files.extend(_entry(archive, entry, path, place, budget, whole))
    damage = getattr(archive, "damage", None)
    if damage:  # the entries before the damage were read; the archive itself is reported
        budget.findings.append(Finding("unreadable_file", file=place.prefix.rstrip("/") or place.origin.rstrip("!"),
                                       evidence={"reason": damage[:200]}))
    return files


def _entry(archive: Archive, entry: Entry, path: str, place: Place, budget: Budget,
           whole: int | None) -> list[PackageFile]:
    limits = budget.limits
    # Solid 7z blocks and tar streams give no size per entry: an entry far larger than the
    # whole archive is a bomb all the same.
    compressed = entry.compressed if entry.compressed is not None else whole
    if not budget.admit(path, entry.size, compressed):
        return []
    try:
        data = read_entry(archive, entry.index, limits.max_file_bytes, path)
    except ArchiveError as error:
        budget.findings.append(_archive_problem(path, error))
        return []
    if budget.bomb(path, len(data), compressed):  # declared sizes may lie
        return []
    budget.bytes += len(data)
    members = place.members + (entry.index,)
    origin = f"{place.origin}{path[len(place.prefix):]}"
    kind = sniff(data)
    if kind == "ole" and encrypted_office(io.BytesIO(data)):
        budget.findings.append(encrypted(path))
    if kind in ARCHIVE_KINDS:
        return _nested(data, kind, path, Place(place.disk_path, members, path + "/", origin + "!", place.depth + 1),
                       budget)
    budget.files += 1
    return [PackageFile(path=path, size=len(data), origin=origin, locator=(str(place.disk_path), members),
                        limits=limits, _sha256=hashlib.sha256(data).hexdigest(), _format=kind)]


def list_nested_archive(disk_path: Path, kind: str, path: str, depth: int, budget: Budget) -> list[PackageFile]:
    """An archive file found in a package folder, opened like a nested archive."""
    return _listed(disk_path, kind, path, Place(disk_path, (), path + "/", path + "!", depth), budget)


def _nested(data: bytes, kind: str, path: str, place: Place, budget: Budget) -> list[PackageFile]:
    if place.depth > budget.limits.max_nesting:
        budget.findings.append(unsafe("nesting_too_deep", path, limit=budget.limits.max_nesting))
        return []
    return _listed(io.BytesIO(data), kind, path, place, budget)


def _listed(source: Path | BinaryIO, kind: str, path: str, place: Place, budget: Budget) -> list[PackageFile]:
    try:
        archive = open_package_archive(source, kind, path, budget.limits)
    except InputError as error:
        if getattr(error, "why", None) == "later_volume" and _first_volume_beside(source):
            return []  # its entries are read through the first volume, which lies beside it
        budget.findings.append(_archive_problem(path, error))
        return []
    try:
        return list_archive(archive, place, budget)
    finally:
        archive.close()


def _archive_problem(path: str, error: InputError) -> Finding:
    """What keeps an archive, or an entry of one, from being read: a cause that is not damage
    (ArchiveError.why: a method nothing here decodes, a missing volume) says so; else the file is
    encrypted or unreadable."""
    why = getattr(error, "why", None)
    if why:
        return member_unreadable(path, why, **error.details)
    english = say_again(error.message, "en")  # evidence is data: the same words in either language
    code = "encrypted_file" if "encrypted" in english else "unreadable_file"
    return Finding(code, file=path, evidence={"reason": english.split(": ", 1)[-1]})


def _first_volume_beside(source: Path | BinaryIO) -> bool:
    """Whether a later RAR volume (x.part2.rar) has its first volume (x.part1.rar, x.part01.rar …)
    in the same folder."""
    if not isinstance(source, Path):
        return False
    found = re.fullmatch(r"(.*\.part)(\d+)\.rar", source.name, re.IGNORECASE)
    return bool(found) and any((source.parent / f"{found.group(1)}{1:0{width}d}.rar").is_file()
                               for width in range(1, len(found.group(2)) + 1))


def _archive_size(archive: Archive) -> int | None:
    """Bytes of the archive itself, where its entries carry no compressed size of their own."""
    source = getattr(archive, "source", None)
    if isinstance(source, Path):
        return source.stat().st_size
    if isinstance(source, io.BytesIO):
        return len(source.getbuffer())
    return None


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
