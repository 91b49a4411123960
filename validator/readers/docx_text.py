"""The text of a .docx body as Word shows it: paragraphs and tables in document order, including
text that python-docx's ``Document.paragraphs`` does not see.

* Content controls (``w:sdt``, ECMA-376 Part 1 §17.5.2) and custom XML wrap paragraphs, tables and
  runs; their content is ordinary text of the document.
* Text boxes (``w:txbxContent`` §17.6.19, in a DrawingML shape or a VML ``v:textbox``) hold whole
  paragraphs inside a run: WPS Office and LibreOffice put entire résumés and forms in them.
* A shape is usually written twice in ``mc:AlternateContent``: the DrawingML choice and a VML
  fallback (Part 3 §10.2). The fallback copy is never read, or every text box would be doubled.
* Strict OOXML (Part 1 §M, Word's "Strict Open XML Document") names the same elements in
  ``purl.oclc.org`` namespaces; :func:`transitional` rewrites them so python-docx can open it.
"""
from __future__ import annotations

import io
import re
import zipfile
from typing import Any, Iterator

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
P, TBL, TBOX = W + "p", W + "tbl", W + "txbxContent"
# Never the document's current text: properties, the VML copy of a shape, deleted or moved-away text,
# and a ruby's phonetic guide (w:rt: its base text, w:rubyBase, is read; apache/poi's stress019.docx).
_SKIPPED = {W + "pPr", W + "rPr", W + "sdtPr", W + "sdtEndPr", W + "tblPr", W + "tcPr", W + "trPr",
            _MC + "Fallback", W + "del", W + "moveFrom", W + "instrText", W + "delText", W + "rt"}
_CHARACTERS = {W + "tab": "\t", W + "ptab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-"}

_STRICT = re.compile(rb"http://purl\.oclc\.org/ooxml/(officeDocument|drawingml|wordprocessingml|"
                     rb"spreadsheetml|presentationml)/")
# Relationship types whose names differ between Strict and transitional, not just their namespace.
_RENAMED = ((b"/relationships/extendedProperties", b"/relationships/extended-properties"),
            (b"/relationships/customProperties", b"/relationships/custom-properties"))


def is_strict(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            return b"purl.oclc.org/ooxml/" in archive.read("_rels/.rels")
        except KeyError:
            return False


def transitional(data: bytes) -> bytes:
    """A Strict OOXML package with its namespaces and relationship types rewritten to the
    transitional ones python-docx knows (the element names are the same in both)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename.lower().endswith((".xml", ".rels")):
                part = _STRICT.sub(rb"http://schemas.openxmlformats.org/\1/2006/", part)
                for strict, usual in _RENAMED:
                    part = part.replace(strict, usual)
            target.writestr(info, part)
    return out.getvalue()


def blocks(container: Any) -> Iterator[Any]:
    """The paragraphs and tables of a body, cell or text box in document order, looking inside
    content controls and custom XML; each paragraph is followed by the blocks of its text boxes."""
    for child in container:
        if child.tag == P:
            yield child
            for box in _text_boxes(child):
                yield from blocks(box)
        elif child.tag == TBL:
            yield child
        elif child.tag not in _SKIPPED and isinstance(child.tag, str):
            yield from blocks(child)


def _text_boxes(element: Any) -> Iterator[Any]:
    """The outermost text boxes inside a paragraph, the fallback copies left out."""
    for child in element:
        if child.tag == TBOX:
            yield child
        elif child.tag not in _SKIPPED and isinstance(child.tag, str):
            yield from _text_boxes(child)


def paragraph_text(paragraph: Any) -> str:
    """The paragraph's own text (runs, hyperlinks, inline content controls, fields' results),
    its text boxes left out (blocks() gives them as paragraphs of their own)."""
    parts: list[str] = []
    _collect(paragraph, parts)
    return "".join(parts)


def _collect(element: Any, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag in _CHARACTERS:
            parts.append(_CHARACTERS[tag])
        elif tag == W + "br":
            # python-docx's reading: a line break is a newline, a page or column break is nothing
            parts.append("" if child.get(W + "type") in ("page", "column") else "\n")
        elif tag != TBOX and tag not in _SKIPPED and isinstance(tag, str):
            _collect(child, parts)


def cell_text(cell: Any) -> str:
    """A table cell's text: its paragraphs (and text boxes), then the rows of nested tables."""
    lines = []
    for block in blocks(cell):
        if block.tag == P:
            lines.append(paragraph_text(block).strip())
        else:
            lines.extend("\t".join(cell_text(tc) for tc in tr.findall(W + "tc")) for tr in block.findall(W + "tr"))
    return "\n".join(line for line in lines if line)


def style_id(paragraph: Any) -> str | None:
    found = paragraph.find(f"{W}pPr/{W}pStyle")
    return found.get(W + "val") if found is not None else None
