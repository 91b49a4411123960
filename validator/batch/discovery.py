"""Which entries below a batch's folder are packages, as a person sorting them sees it.

A package is a ``.zip`` anywhere below DIR, or a folder that holds files directly (other
than zips and a sample's ``NAME.expected.json``).  Everything below such a folder belongs to
it (applicants sort their scans into sub-folders).  A folder that holds only folders and zips
groups packages (by month, by district, ``samples/packages``) and is searched further, at any
depth.  A folder with no package material anywhere below it -- code, profiles, notes; material
being a document (PDF, scan, photo, Office/WPS, OFD, video ...), a file without an extension
(phones save photos so) or a ``profile.yaml`` -- is skipped with a note, never checked as a
package that then fails.  So are loose files that are not zips, hidden entries, links to
folders and the output folder when it lies inside DIR.
"""
from __future__ import annotations

import os
from pathlib import Path

from validator.catalogue import t
from validator.errors import InputError, UsageError
from validator.intake.sniff import expected_format

SIDECAR = ".expected.json"  # samples/packages/NAME.expected.json beside a sample package
PROFILE_NAMES = ("profile.yaml", "profile.yml")
# What an extension promises that is never an applicant's document: notes, data and code
# (expected_format gives None for .py and any extension it does not know).
NOT_MATERIAL = (None, "text")


def find_packages(root: Path, outdir: Path | None = None) -> tuple[list[Path], list[str]]:
    """(packages, skipped paths below ``root``), both sorted; see the module docstring."""
    if not root.is_dir():
        if root.exists():
            raise UsageError(t("batch_not_a_folder", root=root), hint=t("hint_check_one", path=root))
        raise InputError(t("no_such_folder", root=root))
    packages: list[Path] = []
    found: list[Path] = []
    _search(root, outdir.resolve() if outdir else None, packages, found)
    skipped = [path.relative_to(root).as_posix() for path in found]
    if not packages:
        raise UsageError(t("batch_no_packages", root=root), hint=t("hint_check_one", path=root))
    return packages, skipped


def is_material(path: Path) -> bool:
    """Whether a file is something an applicant hands in (see the module docstring)."""
    name = path.name
    if name.lower() in PROFILE_NAMES or "." not in name.strip("."):
        return True
    return expected_format(name) not in NOT_MATERIAL


def _holds_material(folder: Path) -> bool:
    for top, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        if any(not name.startswith(".") and is_material(Path(top, name)) for name in files):
            return True
    return False


def _search(folder: Path, out: Path | None, packages: list[Path], skipped: list[Path]) -> None:
    entries = [entry for entry in sorted(folder.iterdir(), key=lambda path: path.name)
               if not entry.name.startswith(".") and entry.resolve() != out]
    names = {entry.name for entry in entries}
    for entry in entries:
        if entry.is_dir():
            children = [child for child in _visible(entry) if not _sidecar(child, entry)]
            if any(child.is_file() and child.suffix.lower() != ".zip" for child in children):
                (packages if _holds_material(entry) else skipped).append(entry)
            elif children and not entry.is_symlink():  # a grouping folder (a link could loop)
                _search(entry, out, packages, skipped)
            else:
                skipped.append(entry)
        elif entry.is_file() and entry.suffix.lower() == ".zip":
            packages.append(entry)
        elif not _sidecar(entry, folder, names):
            skipped.append(entry)


def _visible(folder: Path) -> list[Path]:
    return [child for child in folder.iterdir() if not child.name.startswith(".")]


def _sidecar(entry: Path, folder: Path, names: set[str] | None = None) -> bool:
    """``NAME.expected.json`` beside a package ``NAME`` (the samples' expected reports)."""
    if not entry.name.endswith(SIDECAR):
        return False
    names = {child.name for child in _visible(folder)} if names is None else names
    return entry.name[:-len(SIDECAR)] in names
