"""Excel 97 (.xls) and WPS (.et) cells by python-calamine, in a child process.

calamine is fast and reads both, but on a damaged file it can panic (pyo3 raises a
BaseException) or abort the process outright (a Rust allocation failure of hundreds of
GB, found by fuzzing). The parent sends the bytes on stdin to calamine_child.py and reads
the cells back as JSON; a child that fails, dies, runs out of its memory limit or time is a damaged file
(InputError), never a crash of dingdian.
"""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from validator.catalogue import t
from validator.errors import InputError

MEMORY_LIMIT = 2 << 30  # bytes of address space for the child


class SheetUnreadable(InputError):
    """calamine could not read the spreadsheet (its own error, a panic, a crash or the time limit)."""


def sheets_of(data: bytes, max_rows: int, timeout: float) -> list[tuple[str, list[list[Any]]]]:
    """[(sheet name, rows of cell values)]: str, int, float, bool, date or datetime values."""
    try:
        result = subprocess.run(_command(max_rows), input=data,
                                capture_output=True, timeout=timeout, preexec_fn=_limit_memory, check=False)
    except subprocess.TimeoutExpired:
        raise SheetUnreadable(t("sheet_too_slow", seconds=f"{timeout:g}")) from None
    if result.returncode != 0:
        said = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SheetUnreadable(t("sheet_unreadable", reason=said[-1][:160] if said else result.returncode))
    return [(name, [[_decode(value) for value in row] for row in rows]) for name, rows in json.loads(result.stdout)]


def _command(max_rows: int) -> list[str]:
    # Run by path in isolated mode: the child imports calamine and the standard library only.
    return [sys.executable, "-I", str(Path(__file__).with_name("calamine_child.py")), str(max_rows)]


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        return datetime.fromisoformat(value["datetime"]) if "datetime" in value else date.fromisoformat(value["date"])
    return value
