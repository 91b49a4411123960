"""The child process of validator.readers.xls_worker: one .xls/.et on stdin, its sheets as JSON on
stdout. Standard library and python-calamine only, so that it starts fast."""
from __future__ import annotations

import io
import json
import sys
from datetime import date, datetime, time, timedelta
from typing import Any


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, (time, timedelta)):
        return str(value)
    return value


def main() -> None:
    from python_calamine import CalamineError, CalamineWorkbook

    max_rows = int(sys.argv[1])
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(sys.stdin.buffer.read()))
        sheets = []
        for name in workbook.sheet_names:
            rows = workbook.get_sheet_by_name(name).iter_rows()
            sheets.append((name, [[_encode(value) for value in row] for _, row in zip(range(max_rows), rows)]))
    except (CalamineError, ValueError, TypeError) as error:
        sys.exit(f"{type(error).__name__}: {str(error)[:160]}")
    json.dump(sheets, sys.stdout)  # ASCII: whatever the locale encodes stdout as


if __name__ == "__main__":
    main()
