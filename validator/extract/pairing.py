"""Finding the value printed for a label: right of it, below it, or wrapped onto the next line.

Works on the boxed lines of a text PDF or an OCR page (a row is the boxes that
share a line) and on unboxed lines (Word paragraphs, table rows joined by tabs).
A label may be spread over several boxes (名　　称 drawn as two, 法 定 代 表 人 as
one with blanks) and may be glued to its value in one box (OCR often reads
“统一社会信用代码91370…” as one line).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from validator.readers.documents import TextLine
from validator.extract.normalize import DATE_ALONE, squeeze
from validator.readers.layout import rows as boxed_rows

_CELL_SPLIT = re.compile(r"\t|\s{3,}|\u3000{2,}(?=\S{2,}[:：])")
_LEADING = re.compile(r"^[\s\u3000:：;；,，.。]+")
BELOW_LINES = 2.6  # how far below a label (in label heights) its value may sit


@dataclass(frozen=True)
class Item:
    text: str
    box: tuple[float, float, float, float] | None
    confidence: float
    slack: float = 0.0  # how far the left edge may be off: estimated for a value glued to its label

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


def _split_at_labels(item: Item, labels: re.Pattern[str]) -> list[Item]:
    """An item cut before each label printed with its colon after other text, as one run prints
    发证机关：…局　签发人：…　发证日期：…; each piece boxed by its share of the printed width."""
    edges = [0, *(hit.start() for hit in labels.finditer(item.text) if item.text[:hit.start()].strip()), len(item.text)]
    em = (item.box[2] - item.box[0]) / max(0.5, _width(item.text)) if item.box else 0.0
    return [item] if len(edges) == 2 else [
        Item(item.text[start:end].strip(), item.box and (item.box[0] + em * _width(item.text[:start]), item.box[1],
                                                         item.box[0] + em * _width(item.text[:end]), item.box[3]),
             item.confidence) for start, end in zip(edges, edges[1:])]


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


def _label_at(row: list[Item], start: int, label: str) -> tuple[int, str, list[Item]] | None:
    """(index of the item where the label ends, text after the label, the label's items) if the label
    starts at ``start``.

    A label may be spread over several items (名　　称 drawn as two boxes). Labels of four or
    more characters, and spread labels, tolerate one stray character."""
    joined = ""
    for index in range(start, len(row)):
        combined = joined + squeeze(row[index].text)
        consumed = _prefix(combined, label, tolerant=len(label) >= 4 or index > start)
        if consumed is not None and consumed > len(joined):
            return index, _rest(row[index].text, consumed - len(joined)), row[start:index + 1]
        if len(combined) > len(label) or not combined:
            return None
        joined = combined
    return None


def _width(text: str) -> float:
    """Printed width in ems: a Chinese character or full-width sign one, a letter, digit or blank half."""
    return sum(1.0 if unicodedata.east_asian_width(char) in "WF" else 0.5 for char in text)


def _tail_box(item: Item, rest: str) -> tuple[float, float, float, float] | None:
    """The part of a box holding its last characters ``rest`` (a value glued to its label), by share
    of printed width (blanks spreading a label, 经 营 范 围, count), so a wrapped continuation is looked
    for under the value and not under the label."""
    if not item.box:
        return None
    x0, y0, x1, y1 = item.box
    text = item.text.rstrip()
    start = text.rfind(rest)
    share = _width(text[start:]) / max(0.5, _width(text)) if start >= 0 else len(rest) / max(1, len(text))
    # A reader may keep one blank of many (名        称 read as 名 称): the share then puts the value
    # too far left; its own width, a character about a line high, does not.
    return (max(x1 - (x1 - x0) * share, x1 - _width(rest) * (y1 - y0)), y0, x1, y1)


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
        self.labels = sorted({squeeze(label) for label in all_labels}, key=len, reverse=True)
        inner = re.compile("|".join(f"{re.escape(label)}[：:]" for label in self.labels) or "(?!)")
        self.rows = [[piece for item in row for piece in _split_at_labels(item, inner)] for row in layout_rows(lines)]
        self._row_of = {id(item): index for index, row in enumerate(self.rows) for item in row}

    def is_label(self, item: Item) -> bool:
        text = _LEADING.sub("", squeeze(item.text))
        return any(text == label or text.startswith(label + "：") or text.startswith(label + ":")
                   for label in self.labels)

    def _label_start(self, item: Item) -> bool:
        """A label's first character or two alone (类 of 类　　型: OCR boxes a spread label apart)."""
        text = squeeze(item.text).rstrip(":：")
        return 0 < len(text) <= 2 and any(label.startswith(text) for label in self.labels)

    def candidates(self, label: str, multiline: bool | str) -> list[Candidate]:
        """Values for ``label`` in reading order of preference, for every place the label occurs
        (``multiline``: "code" joins only continuation lines made of code characters)."""
        label = squeeze(label)
        found = []
        for row_index, row in enumerate(self.rows):
            for start in range(len(row)):
                match = _label_at(row, start, label) or self._wrapped_label(row_index, start, label)
                if match is None:
                    continue
                end, rest, head = match
                found.extend(self._values(row_index, row, end, rest, head, multiline))
        return found

    def _wrapped_label(self, row_index: int, start: int, label: str) -> tuple[int, str, list[Item]] | None:
        """A label wrapped inside its cell (执业许可证 / 登记号): the item starts with the label's
        first part and the item just under it, at the same left edge, holds the rest and nothing else."""
        item = self.rows[row_index][start]
        first = squeeze(item.text)
        if not item.box or len(first) < 2 or len(first) >= len(label) or not label.startswith(first):
            return None
        for below in self.rows[row_index + 1:row_index + 3]:
            for under in below:
                if (abs(under.box[0] - item.box[0]) < 0.6 * item.height and under.box[1] - item.box[3] < item.height
                        and squeeze(under.text).rstrip(":：") == label[len(first):]):
                    return start, "", [item, under]
        return None

    def _values(self, row_index: int, row: list[Item], end: int, rest: str, head: list[Item],
                multiline: bool | str) -> list[Candidate]:
        values: list[Candidate] = []
        if rest:
            box = _tail_box(row[end], rest)
            first = Item(rest, box, row[end].confidence, 0.15 * (box[2] - box[0]) if box else 0.0)
            values.append(self._candidate(first, head, row_index, multiline))
        for index, item in enumerate(self._right(row_index, row, end, head)):
            if self.is_label(item):  # right of the label, up to the next label (stray seal text skipped)
                break
            values.append(self._candidate(item, head, self._row_of[id(item)], multiline, upward=index == 0))
        below = self._below(row_index, head)
        if below is not None:
            values.append(self._candidate(below[1], head, below[0], multiline))
        return values

    def _right(self, row_index: int, row: list[Item], end: int, head: list[Item]) -> list[Item]:
        """Items right of the label, left to right: those of its row, and where its cell is taller
        than one line (a label or value wrapped and centred in a form's cell), the top line of each
        block beside it that overlaps the label's height but fell into a neighbouring row."""
        items = list(row[end + 1:])
        if head[0].box:
            top, bottom = min(i.box[1] for i in head), max(i.box[3] for i in head)
            height = min(i.height for i in head)
            for index in range(max(0, row_index - 2), min(len(self.rows), row_index + 4)):
                for item in self.rows[index]:
                    overlap = min(bottom, item.box[3]) - max(top, item.box[1])
                    if (index != row_index and item not in head and item.box[0] > head[-1].box[2] - 0.5 * height
                            and overlap > 0.25 * min(height, item.height)
                            and not any(o is not item and abs(o.box[0] - item.box[0]) < 0.6 * height
                                        and 0 <= item.box[1] - o.box[1] < 3 * height for o in items)):
                        items.append(item)
            items.sort(key=lambda i: (i.box[0], i.box[1]))
        return items

    def _candidate(self, item: Item, head: list[Item], row_index: int, multiline: bool | str,
                   upward: bool = False) -> Candidate:
        label_text = " ".join(part.text for part in head)
        items = [item]
        if multiline and item.box:
            if upward:
                items[:0] = self._above(item, row_index)
            items.extend(self._continuation(item, row_index, head))
            if multiline == "code":
                items = _code_run(items, item)
        text = "".join(part.text.strip() for part in items)
        # one line of the source a line of the value, so a rule can tell a value read over a break
        return Candidate(text, f"{label_text} {chr(10).join(p.text.strip() for p in items)}".strip(),
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

    def _continuation(self, first: Item, row_index: int, head: list[Item]) -> list[Item]:
        """Lines that continue a wrapped value: under its start, nothing but blank to their left.
        Once the value's own line spacing is seen, a wider gap is the next cell's value."""
        parts, last, spacing = [], first, 1.8 * first.height
        for index in range(row_index + 1, len(self.rows)):
            row = self.rows[index]
            # OCR boxes of a wrapped value start within a character of the first line's start
            # (a box can reach further left where a seal's ring touches the first line).
            under = [item for item in row if -0.6 * first.height - first.slack < item.box[0] - first.box[0]
                     < 1.5 * first.height + first.slack]
            if not under and not any(item.box[0] < first.box[2] and item.box[2] > first.box[0] for item in row):
                continue  # a row of other cells, interleaved with this one where cells centre their text
            if (not under or under[0].box[1] - last.box[3] > spacing or self.is_label(under[0])
                    or DATE_ALONE.match(squeeze(under[0].text))):
                break  # a date alone is the issue date under the authority's name, not more of it
            gap = under[0].box[1] - last.box[3]
            if gap > 0:  # OCR boxes of one value's lines may overlap: that sets no spacing
                spacing = min(spacing, max(1.6 * gap, 0.5 * last.height))
            reach = first.box[0] - 4 * first.height
            left = [item for item in row if item.box[0] < under[0].box[0] and item is not under[0] and item not in head]
            nearest = max(left, key=lambda item: item.box[2], default=None)
            if nearest is not None and (nearest.box[2] > reach or self.is_label(nearest) or self._label_start(nearest)
                                        or nearest.text.rstrip().endswith(("：", ":"))):
                break  # a label (or another value) heads this row: it is the next field; a label with
                # its own value between (the other column of a licence) heads something else
            parts.append(under[0])
            last = under[0]
        return parts

    def _above(self, first: Item, row_index: int) -> list[Item]:
        """Lines of a value that begin above its label's row (a cell's text centred on its height):
        at the same left edge, closely spaced, alone in their row, and no label."""
        parts: list[Item] = []
        top = first
        for index in range(row_index - 1, -1, -1):
            row = self.rows[index]
            over = [item for item in row if abs(item.box[0] - first.box[0]) < 0.6 * first.height]
            if not over and not any(item.box[0] < first.box[2] and item.box[2] > first.box[0] for item in row):
                continue  # a row of other cells, interleaved with this one
            if (len(over) != 1 or not 0 <= top.box[1] - over[0].box[3] < 0.8 * top.height
                    or self.is_label(over[0]) or any(item.box[0] < over[0].box[0] for item in row)):
                break
            parts.insert(0, over[0])
            top = over[0]
        return parts

    def text_items(self) -> list[Item]:
        return [item for row in self.rows for item in row]


_CODE_CHARS = re.compile(r"^[0-9A-Za-z\-]+$")


def _code_run(items: list[Item], first: Item) -> list[Item]:
    """A code's lines: ``first`` and the wrapped lines around it that hold code characters only."""
    at = next(index for index, item in enumerate(items) if item is first)
    start = at
    while start > 0 and _CODE_CHARS.match(squeeze(items[start - 1].text)):
        start -= 1
    end = at + 1
    while end < len(items) and _CODE_CHARS.match(squeeze(items[end].text)):
        end += 1
    return items[start:end]
