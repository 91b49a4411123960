"""The desk's files are its owner's only: folders 0700, files 0600 (blobs 0400, never rewritten).

The database holds password hashes and unmasked reports, the blobs the applicants' packages
with ID numbers: no other local user may read them, whatever the umask (the audit found
0644 files under 0755 folders).
"""
from __future__ import annotations

import os
from pathlib import Path


def private_dir(path: Path) -> Path:
    """``path`` made 0700, with every folder this call creates on the way (mkdir's ``parents``
    would leave those to the umask)."""
    if not path.parent.exists():
        private_dir(path.parent)
    path.mkdir(mode=0o700, exist_ok=True)
    path.chmod(0o700)
    return path


def private_file(path: Path) -> Path:
    """Creates ``path`` empty when missing; either way it is left 0600."""
    private_dir(path.parent)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    path.chmod(0o600)
    return path


def write_private(path: Path, text: str) -> None:
    """Writes ``text`` atomically (a partial file renamed) as a 0600 file."""
    private_dir(path.parent)
    partial = path.with_name(f".{path.name}.partial")
    descriptor = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(partial, path)
