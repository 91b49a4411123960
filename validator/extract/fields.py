"""Applying a template: find each field's value by its labels (tables, then page layout) and normalise it."""
from __future__ import annotations

import re
from typing import Any

from validator.extract import normalize
from validator.readers.documents import Document, ExtractedField, Page, Table
from validator.extract.pairing import Candidate, Layout
from validator.extract.templates import FieldSpec, Template
from validator.extract.normalize import squeeze

_SPACE_NEAR_CJK = re.compile(r"(?<=[\u3400-\u9fff（）])\s+|\s+(?=[\u3400-\u9fff（）])")
# Punctuation and symbols (a stray ☑ or • read from a speck) at either end of a text value;
# brackets that belong to it stay: 有限责任公司（自然人投资或控股）.
_OUTER = re.compile(r"^[^\w（(【\[]+|[^\w)）】\]]+$")
OPEN_ENDED = "长期"
_TICKED = re.compile(r"[☑■√✔✓☒▇]")
_RANGE_MARK = re.compile(r"至|到|~|～|—|–|\s-{1,2}\s")
# Nothing but numerals and 年/月/日, with 年 before 月: a date, though OCR lost a character of it
# under the seal (〇二三年六月二十一日), and never a name.
_DATE_LIKE = re.compile(r"[\d〇零○一二三四五六七八九十元]*年[\d〇零○一二三四五六七八九十元]+月[\d〇零○一二三四五六七八九十]*日?")
_OPEN_TERM = re.compile(r"[自从]?(?:成立之日起)?(?:至|到)?(?:长期|永久|无固定期限)")


def clean_text(text: str) -> str:
    """Blanks OCR puts between Chinese characters removed; outer punctuation and symbols trimmed."""
    return _OUTER.sub("", _SPACE_NEAR_CJK.sub("", text).strip())


def _code(spec: FieldSpec, text: str) -> str | None:
    compacted = re.sub(r"\s", "", normalize.half_width(text)).upper()  # dashes stay: SD-19-0123
    if spec.pattern:
        match = re.search(spec.pattern, compacted)
        return match.group() if match else None
    return compacted or None


def convert(spec: FieldSpec, text: str, label: str = "") -> tuple[Any, str | None] | None:
    """(value, reading before a check-digit correction) or None when ``text`` holds no such value."""
    kind = spec.type
    if kind in ("uscc", "ric"):
        # Look-alike letters are allowed through the pattern so the correction can see them.
        raw = _code(FieldSpec(spec.name, (), pattern=spec.pattern and r"[0-9A-Z]{17}[0-9A-Z]"), text)
        return normalize.correct_code(raw, kind) if raw else None
    if kind == "code":
        value = _code(spec, text)
        return (value, None) if value else None
    if kind == "date":
        value = normalize.parse_date(text)
    elif kind in ("range_start", "range_end"):
        value = _range(kind, text, label)
    elif kind == "int":
        value = normalize.parse_int(text)
    elif kind == "list":
        value = normalize.split_list(clean_text(text)) or None
    elif kind == "choice":
        value = _choice(spec.choices, squeeze(text))
    else:
        value = clean_text(text) or None
        if value is not None and (normalize.DATE_ALONE.match(squeeze(value)) or _DATE_LIKE.fullmatch(squeeze(value))):
            value = None  # a date under 登记机关 (the authority itself in the seal above it) names no one
    return None if value is None else (value, None)


def _choice(choices: tuple[str, ...], text: str) -> str | None:
    """The option printed, or on a form the one ticked (☑营利性 □非营利性 → 营利性)."""
    if _TICKED.search(text):
        return next((choice for choice in choices if re.search(f"{_TICKED.pattern}{choice}", text)), None)
    return next((choice for choice in choices if choice in text), None)


def _range(kind: str, text: str, label: str) -> str | None:
    """One end of a validity period; a single date is the end only under a label like 有效期至;
    长期 alone (营业期限 长期) is an end known to be open."""
    if kind == "range_end" and normalize.parse_date(text) is None and _OPEN_TERM.fullmatch(squeeze(text)):
        return OPEN_ENDED
    if _RANGE_MARK.search(text):
        start, end, open_ended = normalize.parse_range(text)
        if kind == "range_end" and open_ended:
            return OPEN_ENDED  # 营业期限 …至长期: known to have no end, unlike a field not found
        return start if kind == "range_start" else end
    ends_only = squeeze(label).endswith("至")
    if (kind == "range_end") != ends_only:
        return None
    return normalize.parse_date(text)


def _from_tables(tables: list[Table], spec: FieldSpec, template: Template) -> ExtractedField | None:
    """Label cell followed by its value cell (merged cells already collapsed), or the cell below."""
    labels = {squeeze(label) for label in template.labels}
    for table in tables:
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row):
                key = squeeze(cell).rstrip(":：")
                label = next((label for label in spec.labels if key == squeeze(label)), None)
                if label is None:
                    continue
                right = [v for v in row[c + 1:c + 2] if squeeze(v).rstrip(":：") not in labels]
                for value_text in right:
                    found = convert(spec, value_text, label)
                    if found is not None:
                        return ExtractedField(spec.name, found[0], table.page, f"{cell} {value_text}",
                                              1.0, found[1])
    return None


def _from_page(page: Page, layout: Layout, spec: FieldSpec) -> ExtractedField | None:
    for label in spec.labels:
        for candidate in layout.candidates(label, spec.multiline):
            field = _accept(spec, candidate, page, label)
            if field is not None:
                return field
    if spec.anywhere and spec.type == "date":
        return _lone_date(page, layout, spec)
    if spec.anywhere:
        for item in layout.text_items():
            found = convert(spec, item.text)
            if found is not None and _validates(spec, found[0]):
                return ExtractedField(spec.name, found[0], page.number, item.text, item.confidence, found[1])
    return None


def _lone_date(page: Page, layout: Layout, spec: FieldSpec) -> ExtractedField | None:
    """The lowest line of the page that is a date and nothing else, alone in its row and below every
    label: the issue date a licence prints under its seal without a label (the label's own words
    hidden by the ink), never the second line of a labelled 营业期限."""
    labelled = [index for index, row in enumerate(layout.rows) if any(layout.is_label(item) for item in row)]
    below = layout.rows[labelled[-1] + 1:] if labelled else layout.rows
    lone = [row[0] for row in below if len(row) == 1 and normalize.DATE_ALONE.match(squeeze(row[0].text))]
    for item in reversed(lone):
        found = convert(spec, item.text)
        if found is not None:
            return ExtractedField(spec.name, found[0], page.number, item.text, item.confidence, found[1])
    return None


def _validates(spec: FieldSpec, value: Any) -> bool:
    if spec.type == "uscc":
        from validator.check_digits import uscc_is_valid

        return uscc_is_valid(value)
    from stdnum.cn import ric  # an ID found anywhere on the page must also have a known area code

    return ric.is_valid(value)


def _accept(spec: FieldSpec, candidate: Candidate, page: Page, label: str) -> ExtractedField | None:
    found = convert(spec, candidate.text, label)
    if found is None:
        return None
    return ExtractedField(spec.name, found[0], page.number, candidate.source_text, candidate.confidence, found[1])


def _history(page: Page, template: Template) -> bool:
    """A page of past values (变更记录 at its head): what was, not what is."""
    head = squeeze("".join(line.text for line in page.lines[:3]) if page.lines else page.text[:60])
    return any(word in head for word in template.history)


def apply_template(document: Document, template: Template) -> dict[str, ExtractedField]:
    """Every field of the template found in the document (first page that has it wins)."""
    pages = [page for page in document.read.pages if page.number in document.pages and not _history(page, template)]
    tables = [table for table in document.read.tables if (table.page is None or table.page in document.pages)
              and not any(word in squeeze(cell) for row in table.rows for cell in row for word in template.history)]
    layouts = [(page, Layout(page.lines, template.labels)) for page in pages]
    results: dict[str, ExtractedField] = {}
    for spec in template.fields:
        field = _from_tables(tables, spec, template)
        for page, layout in layouts:
            if field is not None:
                break
            field = _from_page(page, layout, spec)
        if field is not None:
            results[spec.name] = field
    _open_term_start(results)
    return results


def _open_term_start(results: dict[str, ExtractedField]) -> None:
    """营业期限 printed as 长期 alone (the 电子营业执照's print) runs from the establishment: the term is
    counted from the 成立日期 (《市场主体登记管理条例》第二十一条 makes the first licence's date of issue
    the date of establishment), so the start is that date, read where it is printed."""
    end, founded = results.get("valid_to"), results.get("established_date")
    if ("valid_from" in results or end is None or founded is None or end.value != OPEN_ENDED
            or normalize.find_dates(end.source_text)):
        return
    results["valid_from"] = ExtractedField("valid_from", founded.value, founded.page, founded.source_text,
                                           min(founded.confidence, end.confidence))
