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

import copy
import shutil
import stat
import tarfile
import zipfile
from pathlib import Path
from typing import BinaryIO

from validator.catalogue import t
from validator.intake.entry_names import decode_name, printable, zip_entry_name
from validator.intake.parser_errors import ARCHIVES
from validator.intake.archive_base import (Archive, ArchiveError, EncryptedArchive, Entry,
                                           capped, unsupported_method)

def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int) -> bytes:
    """One zip member, never more than ``max_bytes`` (declared sizes may lie)."""
    with archive.open(info) as stream:
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise OSError("entry larger than the size limit")
    return data


class ZipArchive:
    def __init__(self, source: Path | BinaryIO) -> None:
        self.source = source
        self.zip = zipfile.ZipFile(source)
        self.infos = self.zip.infolist()

    def entries(self) -> list[Entry]:
        entries = []
        for index, info in enumerate(self.infos):
            # The Unicode-path field's CRC may be of the local header's name (libarchive's
            # zip_7075_utf8_paths.zip): read that name only for entries that carry the field.
            local = self._local_name(info) if b"up" in info.extra else None
            name = zip_entry_name(info.orig_filename, info.flag_bits, info.extra, local)
            # MS-DOS tools mark a folder by its attribute (0x10) alone, without the trailing "/"
            folder = info.is_dir() or name.endswith("/") or (info.external_attr & 0x10 and info.file_size == 0)
            kind = "folder" if folder else "link" if stat.S_ISLNK(info.external_attr >> 16) else "file"
            entries.append(Entry(index, name, info.file_size, info.compress_size, kind, bool(info.flag_bits & 0x1)))
        return entries

    def _local_name(self, info: zipfile.ZipInfo) -> bytes:
        """The name in the entry's local header (zipfile reads only the central directory's)."""
        self.zip.fp.seek(info.header_offset)
        header = self.zip.fp.read(30)
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            return b""
        return self.zip.fp.read(int.from_bytes(header[26:28], "little"))

    def read(self, index: int, max_bytes: int) -> bytes:
        info = self.infos[index]
        try:
            return read_member(self.zip, info, max_bytes)
        except zipfile.BadZipFile as error:
            if "differ" not in str(error):
                raise
        # Local and central names differ (a tool that wrote a Unicode-path field rewrote one of
        # them): zipfile refuses, libarchive and unar read the entry; the data follows the local header.
        local = copy.copy(info)
        raw = self._local_name(info)
        local.orig_filename = raw.decode("utf-8" if info.flag_bits & 0x800 else "cp437")
        return read_member(self.zip, local, max_bytes)

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
            raise ArchiveError(t("archive_not_regular_file"))
        return capped(stream, max_bytes)

    def close(self) -> None:
        self.tar.close()


class RarArchive:
    """rarfile reads stored members itself and compressed ones through an external tool: unar
    first (it reads RAR 3 solid archives, which libarchive cannot), then bsdtar (libarchive reads
    some RAR 5 archives unar 1.10 cannot)."""

    def __init__(self, source: Path | BinaryIO) -> None:
        self.source = source
        import rarfile

        name = str(source) if isinstance(source, Path) else source
        self.damage: str | None = None  # why the listing stopped early (its entries before are read)
        try:
            # rarfile's default (errors="stop") ends the listing quietly at a broken header: a RAR
            # signature followed by garbage would list as an empty archive and vanish from the report
            self.rar = rarfile.RarFile(name, errors="strict")
        except rarfile.NeedFirstVolume:
            raise ArchiveError(t("archive_later_volume"), "later_volume") from None
        except rarfile.BadRarFile as error:
            if hasattr(source, "seek"):
                source.seek(0)
            self.rar = rarfile.RarFile(name)
            if not self.rar.infolist():
                raise
            # a missing next volume is reported on the entries it cuts (volume_missing), not as damage
            self.damage = None if "next volume" in str(error) else f"{type(error).__name__}: {error}"
        if self.rar.needs_password():
            raise EncryptedArchive(t("archive_entries_encrypted"))
        self.infos = self.rar.infolist()

    def entries(self) -> list[Entry]:
        import rarfile

        entries = []
        for index, info in enumerate(self.infos):
            name = info.filename
            if isinstance(info.orig_filename, bytes) and not info.flags & 0x200:  # RAR 4, OEM code page
                name = decode_name(info.orig_filename)
            # file_redir: RAR 5 symbolic links, junctions and hard links, never followed; a file
            # copy (RAR5_XREDIR_FILE_COPY) is a file whose bytes rarfile reads from its original
            kind = ("folder" if info.is_dir() else "link" if info.is_symlink() else
                    "hardlink" if info.file_redir and info.file_redir[0] != rarfile.RAR5_XREDIR_FILE_COPY else "file")
            entries.append(Entry(index, printable(name.replace("\\", "/")), info.file_size, info.compress_size,
                                 kind, info.needs_password()))
        return entries

    def read(self, index: int, max_bytes: int) -> bytes:
        import rarfile

        try:
            return self._read_all_tools(index, max_bytes)
        except FileNotFoundError as error:  # rarfile opens the next volume by name, next to the first
            volume = Path(error.filename or "").name
            raise ArchiveError(t("archive_volume_missing", volume=volume), "volume_missing", volume=volume) from None
        except (rarfile.BadRarFile, rarfile.RarExecError):
            if self.infos[index].extract_version >= 20:
                raise
            # RAR 1.5's format (unpack15): unar and libarchive fail on some of its entries that
            # rarlab's unrar (not free software, not installed) reads, e.g. rarfile's rar15-comment.rar
            raise unsupported_method("RAR 1.5") from None

    def _read_all_tools(self, index: int, max_bytes: int) -> bytes:
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
            return capped(stream, max_bytes)

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
            from validator.intake.sevenzip import SevenZipArchive

            return SevenZipArchive(source)
        if kind == "rar":
            return RarArchive(source)
    except EncryptedArchive:
        raise ArchiveError(t("archive_encrypted", label=label, kind=kind)) from None
    except ArchiveError as error:
        raise ArchiveError(t("labelled", label=label, message=error.message), error.why, **error.details) from None
    except Exception as error:
        if not ARCHIVES.owns(error):
            raise  # a bug in dingdian, not a damaged archive
        if type(error).__name__ == "PasswordRequired":  # py7zr: a 7z whose directory is encrypted
            raise ArchiveError(t("archive_encrypted", label=label, kind=kind)) from None
        raise ArchiveError(t("archive_unreadable", label=label, kind=kind, reason=type(error).__name__)) from None
    raise ArchiveError(t("archive_not_a_format", label=label, kind=kind))


def read_entry(archive: Archive, index: int, max_bytes: int, label: str) -> bytes:
    """One entry's bytes (at most ``max_bytes``); ArchiveError when it cannot be read."""
    try:
        return archive.read(index, max_bytes)
    except ArchiveError:
        raise
    except Exception as error:
        if not ARCHIVES.owns(error):
            raise
        raise ArchiveError(t("cannot_be_read", path=label, reason=type(error).__name__)) from None

