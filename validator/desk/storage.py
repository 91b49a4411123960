"""Content-addressed, read-only storage of what users upload and what the desk issues.

A blob lives at ``<data>/blobs/<sha[:2]>/<sha256>``, mode 0400 in 0700 folders, written to a temporary
file first and renamed, so a killed server leaves either the whole file or none. The
name a user gave is never part of a path: nothing a user sends can write outside the
data folder.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable

from validator.desk.private import private_dir
from validator.desk.refusals import Refusal
from validator.errors import InputError
from validator.intake.package import open_package

CHUNK = 1 << 20
_SHA256 = re.compile(r"[0-9a-f]{64}")


class UploadRefused(Refusal):
    """An upload the desk does not take (422 unless said otherwise)."""

    def __init__(self, key: str, status: int = 422, **values: object) -> None:
        super().__init__(key, status, **values)


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        private_dir(root / "tmp")
        root.chmod(0o700)

    def path(self, sha256: str) -> Path:
        if not _SHA256.fullmatch(sha256):
            raise ValueError(f"not a sha256: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def put_stream(self, stream: BinaryIO, limit: int,
                   accept: Callable[[Path], None] | None = None) -> tuple[str, int]:
        """Stores ``stream`` (at most ``limit`` bytes) if ``accept`` does not refuse it; (sha256, size)."""
        digest, size = hashlib.sha256(), 0
        handle, temporary = tempfile.mkstemp(dir=self.root / "tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise UploadRefused("too_large", status=413, mb=limit // (1024 * 1024))
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if accept is not None:
                accept(Path(temporary))
            return self._keep(Path(temporary), digest.hexdigest()), size
        finally:
            Path(temporary).unlink(missing_ok=True)

    def put_bytes(self, data: bytes) -> str:
        import io

        return self.put_stream(io.BytesIO(data), len(data))[0]

    def _keep(self, temporary: Path, sha256: str) -> str:
        target = self.path(sha256)
        if not target.exists():
            target.parent.mkdir(mode=0o700, exist_ok=True)
            temporary.chmod(0o400)
            os.replace(temporary, target)
        return sha256


def guard_package(path: Path) -> None:
    """The same guards as ``dingdian check``: it must open as a package and hold no unsafe entry."""
    try:
        package = open_package(path)
    except InputError as error:
        raise UploadRefused("not_a_package") from error  # its detail names the temporary file
    unsafe = [f for f in package.findings if f.code == "unsafe_archive_entry" and f.severity == "error"]
    if unsafe:
        names = "、".join(sorted({f"{f.file or '?'}（{f.evidence.get('zh', '')}）" for f in unsafe})[:5])
        raise UploadRefused("unsafe_package", names=names)
    if not package.files:
        raise UploadRefused("empty_package")
