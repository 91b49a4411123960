"""The batch result cache: a second run over unchanged packages re-reads nothing.

A package's result is stored under a key made of a digest of the tool (version, code,
checklists, templates), the options, the package's name and the SHA-256 of each of its
files.  Hashing is itself cached by (path, size, mtime, inode), so an unchanged
package costs one ``stat`` per file.  Everything lives in ``cache_dir("batch")``, outside
the packages, owner-only (the results hold applicants' data).
"""
from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from validator import __version__
from validator.cache import cache_dir, write_private
from validator.resources import checklists_dir, extra_dirs, forms_dir

OUTCOME = "outcome.json"
CODE_AND_DATA = frozenset({".py", ".yaml", ".yml", ".json", ".csv", ".docx", ".xlsx"})


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class FileHashes:
    """SHA-256 per file, remembered by (size, mtime_ns, inode) in one JSON file of the cache."""

    def __init__(self, store: Path | None = None) -> None:
        self.store = store or cache_dir("batch") / "file_hashes.json"
        try:
            self._known: dict[str, list[Any]] = json.loads(self.store.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._known = {}
        self.hashed = 0  # files actually read in this run

    def digest(self, path: Path) -> str:
        status = path.stat()
        stamp = [status.st_size, status.st_mtime_ns, status.st_ino]
        key = str(path.resolve())
        known = self._known.get(key)
        if known and known[:3] == stamp:
            return known[3]
        value = sha256_file(path)
        self._known[key] = [*stamp, value]
        self.hashed += 1
        return value

    def save(self) -> None:
        try:
            write_json_atomic(self.store, self._known)
        except OSError:
            pass  # a cache that cannot be written only means hashing again next time


def package_files(package: Path) -> list[Path]:
    """Every regular file of a folder package (sorted), or the zip itself."""
    if package.is_file():
        return [package]
    return sorted(path for path in package.rglob("*") if path.is_file() and not path.is_symlink())


def package_fingerprint(package: Path, hashes: FileHashes) -> list[tuple[str, str]]:
    root = package if package.is_dir() else package.parent
    return [(path.relative_to(root).as_posix(), hashes.digest(path)) for path in package_files(package)]


def tool_digest(hashes: FileHashes) -> str:
    """A digest of the code and data a check runs on: the validator and generators packages, the
    checklists and the form templates (notices), with the folders DINGDIAN_EXTRA_DATA adds.  A rule
    fixed or a checklist changed makes every cached result stale, not only a new version number;
    unchanged files cost a ``stat`` each."""
    digest = hashlib.sha256(__version__.encode())
    for root in (*_package_dirs("validator", "generators"), Path(str(checklists_dir())), Path(str(forms_dir())),
                 *extra_dirs()):
        for path in sorted(root.rglob("*")):
            if path.suffix in CODE_AND_DATA and path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + hashes.digest(path).encode())
    return digest.hexdigest()


def _package_dirs(*names: str) -> list[Path]:
    from importlib.util import find_spec

    return [Path(folder) for name in names for folder in (find_spec(name).submodule_search_locations or [])]


def result_key(tool: str, name: str, fingerprint: list[tuple[str, str]], options: dict[str, Any]) -> str:
    material = {"tool": tool, "package": name,
                "files": fingerprint, "options": options}
    return hashlib.sha256(json.dumps(material, sort_keys=True, ensure_ascii=False,
                                     default=str).encode()).hexdigest()


class ResultCache:
    """One folder per key: outcome.json plus the files written for the package (report, notice)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or cache_dir("batch", "results")

    def _entry(self, key: str) -> Path:
        return self.root / key[:2] / key

    def get(self, key: str) -> tuple[dict[str, Any], Path] | None:
        entry = self._entry(key)
        try:
            return json.loads((entry / OUTCOME).read_text(encoding="utf-8")), entry
        except (OSError, ValueError):
            return None

    def put(self, key: str, outcome: dict[str, Any], files: list[Path]) -> None:
        """Copies ``files`` and the outcome into a temporary folder, then renames it into place."""
        entry = self._entry(key)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            staging = Path(tempfile.mkdtemp(prefix=".put-", dir=entry.parent))
        except OSError:
            return  # a cache that cannot be written is only slower
        try:
            for path in files:
                shutil.copy2(path, staging / path.name)
            write_json_atomic(staging / OUTCOME, outcome)
            shutil.rmtree(entry, ignore_errors=True)
            staging.rename(entry)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)  # a cache that cannot be written is only slower


def write_json_atomic(path: Path, value: Any) -> None:
    """Cache entries hold report data: owner-only, and never seen half-written."""
    write_private(path, json.dumps(value, ensure_ascii=False, indent=1, default=str))
