"""Opening a package (a folder or an archive: zip, 7z, rar, tar) safely: the inventory tier of a check.

``open_package`` lists the files without modifying or writing anything: symlinks
are reported, never followed; special files (pipes, devices) are never opened;
archives (the package itself or archives inside a folder) are listed by
validator.intake.archive with its path-escape and bomb limits; OS and Office litter is ignored. The
listing gives findings: ``unsafe_archive_entry``, ``empty_file``, ``encrypted_file``
(password-protected Office files; encrypted PDFs are the PDF reader's),
``wrong_extension`` (the file is still read by its real format), ``duplicate_file``.
A package that cannot be opened at all (missing, unreadable, corrupt or encrypted
archive, not a folder or archive) raises InputError (exit 4) with a one-line message.
"""
from __future__ import annotations

import os
from collections import defaultdict, deque
from pathlib import Path

from validator.catalogue import t
from validator.intake.archive import Budget, Place, list_archive, list_nested_archive, open_package_archive
from validator.intake.archive_base import ARCHIVE_KINDS
from validator.intake.entry_names import fs_display_name, is_ignored, is_ignored_folder
from validator.errors import InputError
from validator.findings import Finding
from validator.intake.limits import DEFAULT_LIMITS, Limits
from validator.intake.package_files import Package, PackageFile, encrypted, open_regular_file, unsafe
from validator.intake.sniff import encrypted_office, extension_matches, sniff_stream

__all__ = ["Package", "PackageFile", "open_package"]


def open_package(path: Path, limits: Limits | None = None) -> Package:
    """Lists a package folder or archive (told by content, not by extension)."""
    limits = limits or DEFAULT_LIMITS
    path = Path(path)
    budget = Budget(limits)
    try:
        if path.is_dir():
            files = _list_folder(path, budget)
        elif path.is_file():
            files = _list_archive_package(path, budget)
        else:
            raise InputError(t("no_such_file_or_folder", path=fs_display_name(str(path))))
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise InputError(t("cannot_be_read", path=fs_display_name(str(path)), reason=reason)) from None
    files.sort(key=lambda f: f.path)
    return Package(root=path, files=files, findings=[*budget.findings, *_file_findings(files)])


def _list_archive_package(path: Path, budget: Budget) -> list[PackageFile]:
    with open_regular_file(path) as stream:
        kind = sniff_stream(stream)
    label = fs_display_name(path.name)
    if kind not in ARCHIVE_KINDS:
        raise InputError(t("package_not_folder_or_archive", path=label, kind=kind),
                         hint=t("hint_extract", path=fs_display_name(str(path))))
    archive = open_package_archive(path, kind, label, budget.limits)
    try:
        return list_archive(archive, Place(path, (), "", label + "!", 0), budget)
    finally:
        archive.close()


def _list_folder(root: Path, budget: Budget) -> list[PackageFile]:
    """Walks the folder breadth-first, in name order, without following symlinks."""
    limits = budget.limits
    files: list[PackageFile] = []
    pending: deque[tuple[Path, str, int]] = deque([(root, "", 0)])
    while pending and not budget.full:
        folder, prefix, depth = pending.popleft()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            if folder == root:
                raise
            budget.findings.append(Finding("unreadable_file", file=prefix.rstrip("/"),
                                           evidence={"reason": error.strerror or "OSError"}))
            continue
        for entry in entries:
            shown = prefix + fs_display_name(entry.name)
            if entry.is_symlink():
                budget.findings.append(unsafe("symlink", shown))
            elif entry.is_dir(follow_symlinks=False):
                if is_ignored_folder(entry.name):
                    continue
                if depth + 1 > limits.max_depth:
                    budget.findings.append(unsafe("folder_too_deep", shown, limit=limits.max_depth))
                else:
                    pending.append((Path(entry.path), shown + "/", depth + 1))
            elif not entry.is_file(follow_symlinks=False):
                budget.findings.append(unsafe("special_file", shown))
            elif not is_ignored(shown):
                files.extend(_folder_file(Path(entry.path), shown, entry.stat(follow_symlinks=False).st_size, budget))
            if budget.full:
                break
    return files


def _folder_file(disk_path: Path, path: str, size: int, budget: Budget) -> list[PackageFile]:
    if not budget.admit(path, size):
        return []
    try:
        with open_regular_file(disk_path) as stream:
            kind = sniff_stream(stream)
            if kind == "ole" and encrypted_office(stream):
                budget.findings.append(encrypted(path))
    except OSError as error:
        budget.findings.append(Finding("unreadable_file", file=path, evidence={"reason": error.strerror or "OSError"}))
        return []
    budget.bytes += size
    if kind in ARCHIVE_KINDS:
        return list_nested_archive(disk_path, kind, path, 1, budget)
    budget.files += 1
    return [PackageFile(path=path, size=size, origin=path, locator=(str(disk_path), ()), limits=budget.limits,
                        _format=kind)]


def _file_findings(files: list[PackageFile]) -> list[Finding]:
    """empty_file, wrong_extension and duplicate_file (same content; hashed only when sizes collide)."""
    findings = []
    by_size: dict[int, list[PackageFile]] = defaultdict(list)
    for pfile in files:
        if pfile.size == 0:
            findings.append(Finding("empty_file", file=pfile.path))
            continue
        by_size[pfile.size].append(pfile)
        if not extension_matches(pfile.path, pfile.format):
            findings.append(Finding("wrong_extension", file=pfile.path, found=pfile.format,
                                    expected=Path(pfile.path).suffix.lower().lstrip(".")))
    for same_size in by_size.values():
        findings.extend(_duplicates(same_size))
    return findings


def _duplicates(candidates: list[PackageFile]) -> list[Finding]:
    by_hash: dict[str, list[PackageFile]] = defaultdict(list)
    for pfile in candidates if len(candidates) > 1 else ():
        try:
            by_hash[pfile.sha256].append(pfile)
        except InputError:
            continue
    return [Finding("duplicate_file", file=copy.path, evidence={"same_as": group[0].path})
            for group in by_hash.values() for copy in group[1:]]
