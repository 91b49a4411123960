"""The user's cache directory (OCR results, batch results, checklist validations, parsed data files):
outside every package, owner-only.

Folders are created 0700 and files written through :func:`write_private` are 0600, so
recognised ID numbers in OCR text are not readable by other users of the machine.
The root holds a marker file; :func:`clear_cache` removes only a folder that has it (or
the platform's own dingdian cache folder), so a mistaken ``DINGDIAN_CACHE_DIR=$HOME``
cannot wipe a home directory.

A cache that cannot be written (a read-only home, a locked-down PC, a bad ``DINGDIAN_CACHE_DIR``)
never stops a check: the run says so once on stderr and goes on without a cache.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from platformdirs import user_cache_path

from validator.errors import UsageError

MARKER = "CACHEDIR.TAG"
# https://bford.info/cachedir/ — also tells backup tools to skip the folder.
_MARKER_TEXT = "Signature: 8a477f597d28d172789f06886806bc55\n# dingdian cache (OCR and batch results)\n"


def cache_root() -> Path:
    """``$DINGDIAN_CACHE_DIR`` or the platform's user cache dir (not created)."""
    return Path(os.environ.get("DINGDIAN_CACHE_DIR") or user_cache_path("dingdian"))


_WARNED: set[Path] = set()
# How the one warning is said: validator.catalogue puts its words here when it is imported. The
# cache sits below the catalogue (which reads its YAML through validator.yaml_cache), so it does not
# import it; until the catalogue is loaded, the path and the system's reason are said plainly.
UNWRITABLE = [lambda root, reason: f"dingdian: {root}: {reason}"]


def cache_dir(*parts: str) -> Path:
    """A folder below the cache root, created (with the root) owner-only, mode 0700. Where it cannot be
    created the path is returned all the same, after one warning: reads then miss and writes fail
    quietly in the callers, i.e. the run goes on without a cache."""
    root = cache_root()
    try:
        return _make(root, parts)
    except OSError as error:
        if root not in _WARNED:
            _WARNED.add(root)
            print(UNWRITABLE[-1](root, error.strerror or type(error).__name__), file=sys.stderr)
        return root.joinpath(*parts)


def _make(root: Path, parts: tuple[str, ...]) -> Path:
    path = root.joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    for folder in [root, *(root.joinpath(*parts[:i + 1]) for i in range(len(parts)))]:
        folder.chmod(0o700)
    if not (root / MARKER).exists():
        write_private(root / MARKER, _MARKER_TEXT.encode("ascii"))
    return path


def write_private(path: Path, data: bytes | str) -> None:
    """Writes a cache file atomically with mode 0600 (a reader never sees half a file)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")  # created 0600
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(payload)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def installed_release(package: str, distribution: str | None = None) -> str:
    """``jsonschema-4.26.0``, for the keys of what a library computed: the name of the package's
    dist-info folder beside it (``distribution`` when it is named otherwise: yaml's is PyYAML),
    else the version importlib.metadata finds (whose import would cost a text check more than
    reading its files)."""
    name = distribution or package
    spec = find_spec(package)
    if spec is not None and spec.origin is not None:
        folder = Path(spec.origin).parent.parent
        prefix = f"{name.lower().replace('-', '_')}-"
        found = [entry.name for entry in os.scandir(folder)
                 if entry.name.lower().startswith(prefix) and entry.name.endswith(".dist-info")]
        if len(found) == 1:
            return found[0].removesuffix(".dist-info")
    from importlib.metadata import version

    return f"{name}-{version(name)}"


@dataclass(frozen=True)
class CacheUsage:
    root: Path
    exists: bool
    files: int
    bytes: int


def cache_usage() -> CacheUsage:
    """Where the cache is, how many files it holds (the marker not counted) and their total size
    (links not followed)."""
    root = cache_root()
    files = size = 0
    for folder, _, names in os.walk(root):
        for name in names:
            status = os.lstat(os.path.join(folder, name))
            files += not (name == MARKER and Path(folder) == root)  # counted as `cache clear` counts
            size += status.st_size
    return CacheUsage(root=root, exists=root.is_dir(), files=files, bytes=size)


def clear_cache() -> int:
    """Removes the whole cache; returns the number of files removed (the marker not counted)."""
    root = cache_root()
    if not root.exists():
        return 0
    ours = (root / MARKER).is_file() or root == user_cache_path("dingdian") or not any(root.iterdir())
    if root.is_symlink() or not ours:
        raise UsageError(f"{root} does not look like a dingdian cache (no {MARKER}); not removing it")
    count = sum(1 for item in root.rglob("*") if item.is_file() and item.name != MARKER)
    shutil.rmtree(root)
    return count
