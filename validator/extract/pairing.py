"""Finding the value printed for a label: right of it, below it, or wrapped onto the next line.

Works on the boxed lines of a text PDF or an OCR page (a row is the boxes that
share a line) and on unboxed lines (Word paragraphs, table rows joined by tabs).
A label may be spread over several boxes (名　　称 drawn as two, 法 定 代 表 人 as
one with blanks) and may be glued to its value in one box (OCR often reads
“统一社会信用代码91370…” as one line).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from validator.readers.documents import TextLine
from validator.extract.normalize import squeeze
from validator.readers.layout import rows as boxed_rows

_CELL_SPLIT = re.compile(r"\t|\s{3,}|\u3000{2,}(?=\S{2,}[:：])")
_LEADING = re.compile(r"^[\s\u3000:：;；,，.。]+")
BELOW_LINES = 2.6  # how far below a label (in label heights) its value may sit


@dataclass(frozen=True)
class Item:
    text: str
    box: tuple[float, float, float, float] | None
    confidence: float

    @property
    def height(self) -> float:
        return (self.box[3] - self.box[1]) if self.box else 0.0


@dataclass(frozen=True)
class Candidate:
    text: str
    source_text: str
    confidence: float
    items: tuple[Item, ...]


def layout_rows(lines: list[TextLine]) -> list[list[Item]]:
    """Rows of items: boxed lines by geometry; unboxed lines split into cells at tabs and wide gaps."""
    if lines and all(line.box for line in lines):
        return [[Item(line.text, line.box, line.confidence) for line in row] for row in boxed_rows(lines)]
    return [[Item(cell, None, line.confidence) for cell in _CELL_SPLIT.split(line.text) if cell.strip()]
            for line in lines if line.text.strip()]


def _prefix(text: str, label: str, tolerant: bool) -> int | None:
    """Characters of ``text`` that spell ``label`` at its start; when ``tolerant``, one stray
    character may sit inside the label (a seal's character read into 营业理期限 or 住一所)."""
    if text.startswith(label):
        return len(label)
    if tolerant:
        for cut in range(1, len(label)):
            if text[:cut] == label[:cut] and text[cut + 1:].startswith(label[cut:]):
                return len(label) + 1
    return None


def _label_at(row: list[Item], start: int, label: str) -> tuple[int, str] | None:
    """(index of the item where the label ends, text after the label) if the label starts at ``start``.

    A label may be spread over several items (名　　称 drawn as two boxes). Labels of four or
    more characters, and spread labels, tolerate one stray character."""
    joined = ""
    for index in range(start, len(row)):
        combined = joined + squeeze(row[index].text)
        consumed = _prefix(combined, label, tolerant=len(label) >= 4 or index > start)
        if consumed is not None and consumed > len(joined):
            return index, _rest(row[index].text, consumed - len(joined))
        if len(combined) > len(label) or not combined:
            return None
        joined = combined
    return None


def _tail_box(item: Item, rest: str) -> tuple[float, float, float, float] | None:
    """The part of a box holding its last characters ``rest`` (a value glued to its label), by share
    of characters, so a wrapped continuation is looked for under the value and not under the label."""
    if not item.box:
        return None
    x0, y0, x1, y1 = item.box
    share = len(squeeze(rest)) / max(1, len(squeeze(item.text)))
    return (x1 - (x1 - x0) * share, y0, x1, y1)


def _rest(text: str, consumed: int) -> str:
    """Text of an item after its first ``consumed`` non-blank characters, leading colons stripped."""
    seen = 0
    for position, char in enumerate(text):
        if seen == consumed:
            return _LEADING.sub("", text[position:]).strip()
        if not char.isspace():
            seen += 1
    return ""


class Layout:
    """The rows of one page and the labels of the template, so values are never taken from labels."""

    def __init__(self, lines: list[TextLine], all_labels: set[str]) -> None:
        self.rows = layout_rows(lines)
        self.labels = sorted({squeeze(label) for label in all_labels}, key=len, reverse=True)

    def is_label(self, item: Item) -> bool:
        text = _LEADING.sub("", squeeze(item.text))
        return any(text == label or text.startswith(label + "：") or text.startswith(label + ":")
                   for label in self.labels)

    def candidates(self, label: str, multiline: bool) -> list[Candidate]:
        """Values for ``label`` in reading order of preference, for every place the label occurs."""
        label = squeeze(label)
        found = []
        for row_index, row in enumerate(self.rows):
            for start in range(len(row)):
                match = _label_at(row, start, label)
                if match is None:
                    continue
                end, rest = match
                head = row[start:end + 1]
                found.extend(self._values(row_index, row, end, rest, head, multiline))
        return found

    def _values(self, row_index: int, row: list[Item], end: int, rest: str, head: list[Item],
                multiline: bool) -> list[Candidate]:
        label_text = " ".join(item.text for item in head)
        values: list[Candidate] = []
        if rest:
            first = Item(rest, _tail_box(row[end], rest), row[end].confidence)
            values.append(self._candidate(first, label_text, row_index, multiline))
        for item in row[end + 1:]:  # right of the label, up to the next label (stray seal text skipped)
            if self.is_label(item):
                break
            values.append(self._candidate(item, label_text, row_index, multiline))
        below = self._below(row_index, head)
        if below is not None:
            values.append(self._candidate(below[1], label_text, below[0], multiline))
        return values

    def _candidate(self, item: Item, label_text: str, row_index: int, multiline: bool) -> Candidate:
        items = [item]
        if multiline and item.box:
            items.extend(self._continuation(item, row_index))
        text = "".join(part.text.strip() for part in items)
        return Candidate(text, f"{label_text} {' '.join(p.text for p in items)}".strip(),
                         min(part.confidence for part in items), tuple(items))

    def _below(self, row_index: int, head: list[Item]) -> tuple[int, Item] | None:
        """The nearest item under the label (value printed below its label)."""
        if not head[0].box:
            return None
        x0, bottom, x1 = head[0].box[0], head[-1].box[3], head[-1].box[2]
        height = max(item.height for item in head)
        for index in range(row_index + 1, len(self.rows)):
            for item in self.rows[index]:
                if item.box[1] - bottom > BELOW_LINES * height:
                    return None
                if item.box[0] < x1 + height and item.box[2] > x0 and not self.is_label(item):
                    return index, item
                if item.box[0] < x1 and item.box[2] > x0:
                    return None  # another label sits under this one: the value is not below
        return None

    def _continuation(self, first: Item, row_index: int) -> list[Item]:
        """Lines that continue a wrapped value: under its start, nothing but blank to their left."""
        parts, last = [], first
        for index in range(row_index + 1, len(self.rows)):
            row = self.rows[index]
            # OCR boxes of a wrapped value start within a character of the first line's start
            # (a box can reach further left where a seal's ring touches the first line).
            under = [item for item in row if -0.6 * first.height < item.box[0] - first.box[0] < 1.5 * first.height]
            if not under or under[0].box[1] - last.box[3] > 1.8 * last.height or self.is_label(under[0]):
                break
            reach = first.box[0] - 4 * first.height
            if any(item.box[0] < under[0].box[0] and item.box[2] > reach for item in row if item is not under[0]):
                break  # a label (or another value) heads this row: it is the next field
            parts.append(under[0])
            last = under[0]
        return parts

    def text_items(self) -> list[Item]:
        return [item for row in self.rows for item in row]
