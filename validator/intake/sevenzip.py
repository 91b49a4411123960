"""7z archives through py7zr, with the codecs of 7-Zip's zstd fork that py7zr misreads or lacks.

* Zstandard: 7-Zip-zstd (the 7-Zip build that writes zstd 7z files) compresses a block as several
  zstd frames, one per thread; py7zr feeds the block to one decompressor, which stops at the end
  of the first frame ("Already at the end of a Zstandard frame"). :class:`_Frames` starts a new
  decompressor at each frame boundary (RFC 8878 §3.1: a stream is a sequence of frames).
* LZ4: py7zr dropped it (commit 4133211 "Drop lz4/brotli because of non majority") and neither
  libarchive nor unar decodes it, so such an entry is reported as an intact entry in a method
  that cannot be decoded (unsupported_method), never as a damaged file.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, BinaryIO

from validator.catalogue import t
from validator.intake.archive_base import ArchiveError, EncryptedArchive, Entry, capped, unsupported_method
from validator.intake.entry_names import printable


def _multi_frame_zstd() -> None:
    import py7zr.compressor as codecs

    class _Frames(codecs.ZstdDecompressor):
        def decompress(self, data: Any, max_length: int = -1) -> bytes:
            out, data = [], bytes(data)
            while data:
                if self.decompressor.eof:
                    self.decompressor = type(self.decompressor)()
                out.append(self.decompressor.decompress(data))
                data = self.decompressor.unused_data if self.decompressor.eof else b""
            return b"".join(out)

    codecs.algorithm_class_map[codecs.FILTER_ZSTD] = (codecs.ZstdCompressor, _Frames)


_multi_frame_zstd()


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
            raise EncryptedArchive(t("archive_entries_encrypted"))
        self.infos = self.archive.list()
        self.ahead: dict[int, bytes] = {}

    def entries(self) -> list[Entry]:
        return [Entry(index, printable(info.filename.replace("\\", "/")), info.uncompressed or 0, None,
                      "folder" if info.is_directory else "link" if getattr(info, "is_symlink", False) else "file")
                for index, info in enumerate(self.infos)]

    def read(self, index: int, max_bytes: int) -> bytes:
        from py7zr.exceptions import UnsupportedCompressionMethodError
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
        try:
            self.archive.extract(targets=list(names), factory=factory)
        except UnsupportedCompressionMethodError as error:
            found = re.search(r"unsupported algorithm (\w+)", " ".join(str(arg) for arg in error.args))
            raise unsupported_method(found.group(1) if found else "an unknown method") from None
        self.ahead = {}
        data = None
        for name, number in names.items():
            product = factory.products.get(name)
            if product is None:
                continue
            product.seek(0)
            if number == index:
                data = capped(product, max_bytes)
            elif product.size() <= max_bytes:
                self.ahead[number] = product.read()
        if data is None:
            raise ArchiveError(t("archive_entry_not_found"))
        return data

    def close(self) -> None:
        self.archive.close()
