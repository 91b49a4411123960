"""Resource limits for reading packages from strangers (uploads, USB sticks).

Defaults (every one configurable by passing another ``Limits``):

===================== ============ =====================================================
field                 default      why
===================== ============ =====================================================
max_files             2000         a real package has tens of files; 2000 leaves room
                                   for scans page by page, and bounds a 10,000-file folder
max_total_bytes       1 GiB        uncompressed bytes of the whole package (zip bombs)
max_file_bytes        200 MiB      one file; a 600 dpi A3 colour TIFF is ~ 200 MB
max_ratio             200          uncompressed / compressed size of one zip entry ...
ratio_floor_bytes     1 MiB        ... checked only above this size (small XML parts
                                   compress well and are harmless)
max_nesting           1            zips inside a package are opened one level deep
max_depth             32           folder levels below the package root
max_pdf_pages         500          pages read per PDF (more are reported, not read)
max_image_pixels      250 M        pixels of one image decoded whole (decompression
                                   bombs); a 600 dpi A3 scan is ~ 70 M, a phone's
                                   200-megapixel HEIC 200 M (JPEGs are decoded scaled
                                   down: validator.readers.image)
max_xml_part_bytes    20 MiB       one XML part of a .docx/.xlsx (validator.intake.xmlsafe);
                                   a sheet of ~100,000 rows
per_file_seconds      60           wall time to read one file (:func:`time_limit`)
===================== ============ =====================================================

:func:`time_limit` uses ``SIGALRM`` (``signal.setitimer``); it works only in the main
thread of a process on POSIX, and only interrupts Python code: a long call inside a C
library (pdfium, Pillow) is interrupted when it returns to Python. Elsewhere it is a
no-op, so limits on pages, pixels and bytes are the first line of defence.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from time import monotonic
from typing import Iterator

from validator.catalogue import t
from validator.errors import InputError

MiB = 1 << 20


@dataclass(frozen=True)
class Limits:
    max_files: int = 2000
    max_total_bytes: int = 1024 * MiB
    max_file_bytes: int = 200 * MiB
    max_ratio: float = 200.0
    ratio_floor_bytes: int = 1 * MiB
    max_nesting: int = 1
    max_depth: int = 32
    max_pdf_pages: int = 500
    max_image_pixels: int = 250_000_000
    max_xml_part_bytes: int = 20 * MiB
    per_file_seconds: float = 60.0


DEFAULT_LIMITS = Limits()


def parse_limits(pairs: tuple[str, ...] | list[str]) -> Limits:
    """``["per_file_seconds=30", "max_pdf_pages=100"]`` → Limits; UsageError names a bad pair."""
    from dataclasses import fields, replace

    from validator.errors import UsageError

    known = {field.name: field.type for field in fields(Limits)}
    changes: dict[str, float | int] = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        name = name.strip().replace("-", "_")
        if name not in known:
            raise UsageError(t("limit_unknown", pair=pair, known=", ".join(known)))
        try:
            number = float(value) if known[name] in (float, "float") else int(value)
        except ValueError as error:
            raise UsageError(t("limit_not_a_number", pair=pair, value=value)) from error
        if number <= 0:
            raise UsageError(t("limit_not_positive", pair=pair))
        changes[name] = number
    return replace(DEFAULT_LIMITS, **changes)


class TimeLimitExceeded(InputError):
    """Reading one file took longer than its time limit (exit 4 if it reaches the CLI)."""


@contextmanager
def time_limit(seconds: float | None, what: str = "reading") -> Iterator[None]:
    """Raises :class:`TimeLimitExceeded` in the block after ``seconds`` of wall time.

    Nests: an outer limit that would expire first still fires, and its remaining
    time is restored afterwards. A no-op outside the main thread, where no
    ``SIGALRM`` exists, or when ``seconds`` is falsy.
    """
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _expired(signum: int, frame: object) -> None:
        raise TimeLimitExceeded(t("time_limit_exceeded", what=what, seconds=f"{seconds:g}"))

    previous_handler = signal.signal(signal.SIGALRM, _expired)
    outer_remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    if outer_remaining and outer_remaining < seconds:
        signal.signal(signal.SIGALRM, previous_handler)  # the outer limit is the tighter one
        yield
        return
    started = monotonic()
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if outer_remaining:
            signal.setitimer(signal.ITIMER_REAL, max(outer_remaining - (monotonic() - started), 0.001))

