"""Archives as packages send them: zip, 7z (py7zr), rar (rarfile) and tar (.tar, .tar.gz/.bz2/.xz),
behind one small interface (:class:`Archive`: ``entries()`` and ``read(index, max_bytes)``).

Entry names come back decoded (GBK names of Chinese Windows tools included, see
validator.intake.entry_names) and "/"-separated; an entry says whether it is a file, a folder,
a link (symbolic or hard: never followed) or something special. Every library's own
failures become InputError with one line; nothing is extracted to disk.

rarfile reads stored members itself and runs ``unrar``, ``unar`` or ``bsdtar`` (whichever is
installed; .ci/run installs unar and libarchive-tools) for compressed ones.
"""
from __future__ import annotations

import shutil
import stat
import tarfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from validator.intake.entry_names import decode_name, printable, zip_entry_name
from validator.errors import InputError
from validator.intake.parser_errors import ARCHIVES

ARCHIVE_KINDS = frozenset({"zip", "7z", "rar", "tar"})
# Errors that reading a damaged zip member can raise besides BadZipFile.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError,
              RuntimeError, KeyError, IndexError)


class ArchiveError(InputError):
    """An archive that cannot be listed or read (damaged, encrypted, unsupported method)."""


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


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int) -> bytes:
    """One zip member, never more than ``max_bytes`` (declared sizes may lie)."""
    with archive.open(info) as stream:
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise OSError("entry larger than the size limit")
    return data


def _capped(stream: BinaryIO, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ArchiveError("entry larger than the size limit")
    return data


class ZipArchive:
    def __init__(self, source: Path | BinaryIO) -> None:
        self.source = source
        self.zip = zipfile.ZipFile(source)
        self.infos = self.zip.infolist()

    def entries(self) -> list[Entry]:
        entries = []
        for index, info in enumerate(self.infos):
            name = zip_entry_name(info.orig_filename, info.flag_bits, info.extra)
            kind = ("folder" if info.is_dir() or name.endswith("/") else
                    "link" if stat.S_ISLNK(info.external_attr >> 16) else "file")
            entries.append(Entry(index, name, info.file_size, info.compress_size, kind, bool(info.flag_bits & 0x1)))
        return entries

    def read(self, index: int, max_bytes: int) -> bytes:
        return read_member(self.zip, self.infos[index], max_bytes)

    def close(self) -> None:
        self.zip.close()


class TarArchive:
    def __init__(self, source: Path | BinaryIO, max_entries: int) -> None:
        self.source = source
        self.tar = (tarfile.open(source, "r:*", errors="surrogateescape") if isinstance(source, Path)
                    else tarfile.open(fileobj=source, mode="r:*", errors="surrogateescape"))
        self.members: list[tarfile.TarInfo] = []
        while len(self.members) <= max_entries:  # never the whole list of a million-entry tar
            member = self.tar.next()
            if member is None:
                break
            self.members.append(member)

    def entries(self) -> list[Entry]:
        entries = []
        for index, member in enumerate(self.members):
            name = printable(decode_name(member.name.encode("utf-8", "surrogateescape")))
            kind = ("folder" if member.isdir() else "link" if member.issym() else "hardlink" if member.islnk() else
                    "file" if member.isreg() else "special")
            entries.append(Entry(index, name, member.size, None, kind))
        return entries

    def read(self, index: int, max_bytes: int) -> bytes:
        stream = self.tar.extractfile(self.members[index])
        if stream is None:
            raise ArchiveError("not a regular file")
        return _capped(stream, max_bytes)

    def close(self) -> None:
        self.tar.close()


class SevenZipArchive:
    """py7zr decompresses a solid block from its start to reach an entry, so reading entries one
    by one costs O(n²); each extraction therefore also decodes the entries that follow, up to
    READ_AHEAD bytes, kept until they are read (packages are read in entry order)."""

    READ_AHEAD = 32 << 20

    def __init__(self, source: Path | BinaryIO) -> None:
        self.source = source
        import py7zr

        self.archive = py7zr.SevenZipFile(source, "r")
        if self.archive.needs_password():
            self.archive.close()
            raise ArchiveError("the 7z archive is encrypted (password-protected)")
        self.infos = self.archive.list()
        self.ahead: dict[int, bytes] = {}

    def entries(self) -> list[Entry]:
        return [Entry(index, printable(info.filename.replace("\\", "/")), info.uncompressed or 0, None,
                      "folder" if info.is_directory else "link" if getattr(info, "is_symlink", False) else "file")
                for index, info in enumerate(self.infos)]

    def read(self, index: int, max_bytes: int) -> bytes:
        from py7zr.io import BytesIOFactory

        if index in self.ahead:
            return self.ahead.pop(index)
        names = {self.infos[index].filename: index}
        budget = self.READ_AHEAD
        for following in range(index + 1, len(self.infos)):
            info = self.infos[following]
            budget -= info.uncompressed or 0
            if budget < 0:
                break
            if not info.is_directory and info.filename not in names:  # a repeated name: not read ahead
                names[info.filename] = following
        factory = BytesIOFactory(max_bytes + 1)
        self.archive.reset()
        self.archive.extract(targets=list(names), factory=factory)
        self.ahead = {}
        data = None
        for name, number in names.items():
            product = factory.products.get(name)
            if product is None:
                continue
            product.seek(0)
            if number == index:
                data = _capped(product, max_bytes)
            elif product.size() <= max_bytes:
                self.ahead[number] = product.read()
        if data is None:
            raise ArchiveError("entry not found in the 7z archive")
        return data

    def close(self) -> None:
        self.archive.close()


class RarArchive:
    """rarfile reads stored members itself and compressed ones through an external tool: unar
    first (it reads RAR 3 solid archives, which libarchive cannot), then bsdtar (libarchive reads
    some RAR 5 archives unar 1.10 cannot)."""

    def __init__(self, source: Path | BinaryIO) -> None:
        self.source = source
        import rarfile

        self.rar = rarfile.RarFile(str(source) if isinstance(source, Path) else source)
        if self.rar.needs_password():
            raise ArchiveError("the rar archive is encrypted (password-protected)")
        self.infos = self.rar.infolist()

    def entries(self) -> list[Entry]:
        entries = []
        for index, info in enumerate(self.infos):
            name = info.filename
            if isinstance(info.orig_filename, bytes) and not info.flags & 0x200:  # RAR 4, OEM code page
                name = decode_name(info.orig_filename)
            # file_redir: RAR 5 symbolic links, junctions, hard links and file copies, never followed
            kind = ("folder" if info.is_dir() else "link" if info.is_symlink() else
                    "hardlink" if info.file_redir else "file")
            entries.append(Entry(index, printable(name.replace("\\", "/")), info.file_size, info.compress_size,
                                 kind, info.needs_password()))
        return entries

    def read(self, index: int, max_bytes: int) -> bytes:
        import rarfile

        try:
            return self._read(index, max_bytes)
        except (rarfile.BadRarFile, rarfile.RarExecError) as error:
            if self.infos[index].compress_type == rarfile.RAR_M0 or not shutil.which("bsdtar"):
                raise
            first = error
        try:
            rarfile.tool_setup(unrar=False, unar=False, sevenzip=False, sevenzip2=False, force=True)
            return self._read(index, max_bytes)
        except (rarfile.BadRarFile, rarfile.RarExecError):
            raise first from None
        finally:
            rarfile.tool_setup(force=True)

    def _read(self, index: int, max_bytes: int) -> bytes:
        with self.rar.open(self.infos[index]) as stream:
            return _capped(stream, max_bytes)

    def close(self) -> None:
        self.rar.close()


def open_archive(source: Path | BinaryIO, kind: str, label: str, max_entries: int) -> Archive:
    """An open archive of ``kind`` (one of ARCHIVE_KINDS); ArchiveError (one line) when it is
    damaged, encrypted or of an unsupported method."""
    try:
        if kind == "zip":
            return ZipArchive(source)
        if kind == "tar":
            return TarArchive(source, max_entries)
        if kind == "7z":
            return SevenZipArchive(source)
        if kind == "rar":
            return RarArchive(source)
    except ArchiveError as error:
        raise ArchiveError(f"{label}: {error.message}") from None
    except Exception as error:
        if not ARCHIVES.owns(error):
            raise  # a bug in dingdian, not a damaged archive
        raise ArchiveError(f"{label}: not a readable {kind} archive ({type(error).__name__})") from None
    raise ArchiveError(f"{label}: {kind} is not an archive format")


def read_entry(archive: Archive, index: int, max_bytes: int, label: str) -> bytes:
    """One entry's bytes (at most ``max_bytes``); ArchiveError when it cannot be read."""
    try:
        return archive.read(index, max_bytes)
    except ArchiveError:
        raise
    except Exception as error:
        if not ARCHIVES.owns(error):
            raise
        raise ArchiveError(f"{label}: cannot be read ({type(error).__name__})") from None

