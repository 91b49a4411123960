"""What every archive reader shares, below them all: the entry record, the interface, the
errors an archive raises and the capped read (validator.intake.archive_formats, sevenzip)."""
from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from validator.catalogue import t
from validator.errors import InputError

ARCHIVE_KINDS = frozenset({"zip", "7z", "rar", "tar"})
# Errors that reading a damaged zip member can raise besides BadZipFile.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError,
              RuntimeError, KeyError, IndexError)


class ArchiveError(InputError):
    """An archive that cannot be listed or read (damaged, encrypted, unsupported method).

    ``why`` names a cause that is not damage (validator.intake.package_files.MEMBER_REASONS:
    "method", "volume_missing", "later_volume"), with the values its sentence needs in ``details``."""

    def __init__(self, message: str, why: str | None = None, **details: str) -> None:
        super().__init__(message)
        self.why = why
        self.details = details


class EncryptedArchive(ArchiveError):
    """An archive whose entries or whose very directory need a password."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


def unsupported_method(method: str) -> ArchiveError:
    """An intact entry compressed with a method no installed decoder reads (7z LZ4)."""
    return ArchiveError(t("archive_method_unsupported", method=method), "method", method=method)


@dataclass(frozen=True)
class Entry:
    index: int
    name: str
    size: int  # declared uncompressed size
    compressed: int | None  # None: not known per entry (solid 7z, tar)
    kind: str = "file"  # file | folder | link | hardlink | special
    encrypted: bool = False


class Archive(Protocol):
    source: Path | BinaryIO

    def entries(self) -> list[Entry]: ...

    def read(self, index: int, max_bytes: int) -> bytes: ...

    def close(self) -> None: ...


def capped(stream: BinaryIO, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ArchiveError(t("archive_entry_too_large"))
    return data
