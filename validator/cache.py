"""The user's cache directory (OCR results, batch results): outside every package, owner-only."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from platformdirs import user_cache_path


def cache_dir(*parts: str) -> Path:
    """``$DINGDIAN_CACHE_DIR`` or the platform's user cache dir, created with mode 0700."""
    root = Path(os.environ.get("DINGDIAN_CACHE_DIR") or user_cache_path("dingdian"))
    path = root.joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    for folder in [root, *(root.joinpath(*parts[:i + 1]) for i in range(len(parts)))]:
        folder.chmod(0o700)
    return path


def clear_cache() -> int:
    """Removes the whole cache; returns the number of files removed."""
    root = cache_dir()
    count = sum(1 for item in root.rglob("*") if item.is_file())
    shutil.rmtree(root)
    return count
