"""Text boxes into rows and reading order (PDF text runs and OCR lines alike)."""
from __future__ import annotations

from validator.readers.documents import TextLine


def _overlap(a: TextLine, b: TextLine) -> float:
    """Vertical overlap of two boxes as a share of the smaller height."""
    top, bottom = max(a.box[1], b.box[1]), min(a.box[3], b.box[3])
    smaller = min(a.box[3] - a.box[1], b.box[3] - b.box[1]) or 1.0
    return max(0.0, bottom - top) / smaller


def rows(lines: list[TextLine]) -> list[list[TextLine]]:
    """Boxed lines grouped into rows (top to bottom), each row left to right."""
    grouped: list[list[TextLine]] = []
    for line in sorted((line for line in lines if line.box), key=lambda line: (line.box[1], line.box[0])):
        row = grouped[-1] if grouped else None
        if row is not None and any(_overlap(line, other) > 0.5 for other in row):
            row.append(line)
        else:
            grouped.append([line])
    return [sorted(row, key=lambda line: line.box[0]) for row in grouped]


def page_text(lines: list[TextLine]) -> str:
    """The page's text in reading order: one row a line, cells separated by a tab."""
    if not any(line.box for line in lines):
        return "\n".join(line.text for line in lines)
    return "\n".join("\t".join(line.text for line in row) for row in rows(lines))


def merge_runs(runs: list[TextLine], gap_factor: float = 1.5) -> list[TextLine]:
    """Text runs of a PDF joined into lines; a wide horizontal gap starts a new segment (column)."""
    merged: list[TextLine] = []
    for row in rows(runs):
        current = row[0]
        for run in row[1:]:
            height = current.box[3] - current.box[1]
            if run.box[0] - current.box[2] > gap_factor * height:
                merged.append(current)
                current = run
            else:
                box = (current.box[0], min(current.box[1], run.box[1]), run.box[2], max(current.box[3], run.box[3]))
                current = TextLine(current.text + run.text, box, min(current.confidence, run.confidence))
        merged.append(current)
    return merged
