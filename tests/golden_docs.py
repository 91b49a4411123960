"""Normalised JSON of a generated .docx/.xlsx (docs/CONVENTIONS.md item 10: golden data, not golden
bytes): paragraphs, table cells and sheet rows with whitespace collapsed, compared against
tests/golden/<name>.json; ``pytest --update-golden`` rewrites the files."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

GOLDEN_DIR = Path(__file__).parent / "golden"
_SPACES = re.compile(r"[ \t\u3000]+")


def _clean(text: Any) -> str:
    return _SPACES.sub(" ", "" if text is None else str(text)).strip()


def normalise(path: Path) -> dict[str, Any]:
    """What a reader sees in the document, as plain data."""
    if path.suffix == ".xlsx":
        import openpyxl

        workbook = openpyxl.load_workbook(path)
        return {"sheets": {sheet.title: [[_clean(value) for value in row]
                                         for row in sheet.iter_rows(values_only=True)]
                           for sheet in workbook.worksheets}}
    import docx

    document = docx.Document(str(path))
    tables = []
    for table in document.tables:
        rows = []
        for row in table.rows:
            cells, seen = [], []  # ``seen`` keeps the lxml proxies alive, so ``is`` is reliable
            for cell in row.cells:  # a merged cell repeats: keep it once
                if not any(cell._tc is element for element in seen):
                    seen.append(cell._tc)
                    cells.append(_clean(cell.text))
            rows.append(cells)
        tables.append(rows)
    return {"paragraphs": [_clean(p.text) for p in document.paragraphs if _clean(p.text)],
            "tables": tables,
            "images": len(document.inline_shapes)}


def compare(name: str, path: Path, update: bool) -> None:
    """Assert the document matches tests/golden/<name>.json (or rewrite it when ``update``)."""
    actual = normalise(path)
    golden = GOLDEN_DIR / f"{name}.json"
    if update or not golden.exists():
        golden.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if not update:
            raise AssertionError(f"{golden.name} did not exist; written — review and commit it")
        return
    expected = json.loads(golden.read_text(encoding="utf-8"))
    if actual != expected:
        raise AssertionError(f"{path.name} differs from {golden.name} (run pytest --update-golden and review the diff)")
