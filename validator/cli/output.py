"""What a command shows and writes: colour only on a terminal without NO_COLOR, a progress line on a
terminal's stderr, and files written whole or not at all (every failure is exit 6, one line)."""
from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path
from time import perf_counter
from typing import IO, Any, Callable, Iterator

from validator.cli.i18n import catalogue, pick, t
from validator.errors import OutputError


def colour_on(stream: IO[Any]) -> bool:
    """https://no-color.org: any non-empty NO_COLOR turns colour off; so does a pipe or TERM=dumb."""
    return (stream.isatty() and not os.environ.get("NO_COLOR")
            and os.environ.get("TERM") != "dumb")


def os_reason(error: OSError) -> str:
    """"Read-only file system" as the user's language says it."""
    name = errno.errorcode.get(error.errno or 0, "")
    reasons = catalogue().get("os_errors", {})
    if name in reasons:
        return pick(reasons[name])
    return error.strerror or str(error)


def cannot_write(path: Path, error: OSError) -> OutputError:
    return OutputError(t("cannot_write", path=path, reason=os_reason(error)))


def write_text_atomic(path: Path, text: str) -> None:
    """Writes beside the target and renames, so a failure never leaves half a report. The folder is
    created when missing; cleaning up after a failure never hides the failure itself."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except OSError as error:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise cannot_write(path, error) from error


def ensure_writable(path: Path) -> None:
    """Fails before the work, not after it: the folder is created and a probe file written and removed."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".probe"):
            pass
    except OSError as error:
        raise cannot_write(path, error) from error


@contextlib.contextmanager
def progress_reporter(enabled: bool = True) -> Iterator[Callable[[int, int, int], None] | None]:
    """On a terminal: a transient line on stderr (files read, pages OCR'd, elapsed), refreshed by a
    rich live display. Off a terminal (pipes, CI logs) nothing at all: the callback is None."""
    import sys

    if not (enabled and sys.stderr.isatty()):
        yield None
        return
    from rich.console import Console
    from rich.status import Status

    started = perf_counter()
    console = Console(stderr=True)
    status = Status(t("progress_reading"), console=console)

    def update(done: int, total: int, pages: int) -> None:
        status.update(t("progress_line", files=done, total=total, pages=pages, seconds=perf_counter() - started))

    status.start()
    try:
        yield update
    finally:
        status.stop()
