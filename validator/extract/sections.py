"""Section headings (management systems, basic statements, reports) and score sheets (self-assessments)."""
from __future__ import annotations

import re

from validator.readers.documents import Document, ExtractedField, Table
from validator.extract.grid import document_tables
from validator.readers.office import HeadingLine
from validator.extract.normalize import squeeze

MAX_HEADING = 30
# 第一章 / 第一条 / 一、 / （一） / 1. / 1、 at the start of a short line
_OUTLINE = re.compile(r"^(第[一二三四五六七八九十百\d]+[章节部分篇]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[、.．](?!\d))")  # noqa: E501
_SCORE_HEADERS = ("评估分数", "自评分数", "自评得分", "评估得分", "实得分", "得分", "评分", "自评分")
_MAX_HEADERS = ("分值", "标准分", "满分")
# 总分：92分 / 合计 92 分 / 此医疗机构得__92__分 (the blank of seed 004's sheet filled in)
_TOTAL = re.compile(r"(?:总分|合计|总得分|(?<!的)得)[\s_:：]*(\d{1,3}(?:\.\d+)?)[\s_]*分")
_NUMBER = re.compile(r"^\s*(\d{1,3}(?:\.\d+)?)\s*分?\s*$")
# A pass/fail cell as filled in: "不合格", "☑不合格 □合格", "√不合格" (seed 004 附件1-2 item 1
# prints "□合格 □不合格" for the evaluator to tick).
_TICK = "☑■√✓✔☒✗×"
_MARK = re.compile(rf"^(不合格|合格)$|[{_TICK}]\s*(不合格|合格)")


def headings(document: Document) -> list[str]:
    """Headings in order: Word heading styles, numbered outline lines, short lines naming a 制度."""
    found: list[str] = []
    for page in document.read.pages:
        if page.number not in document.pages:
            continue
        for line in page.lines:
            text = line.text.strip()
            if isinstance(line, HeadingLine) or _looks_like_heading(text):
                if text not in found:
                    found.append(text)
    return found


def _looks_like_heading(text: str) -> bool:
    bare = squeeze(text)
    if not bare or len(bare) > MAX_HEADING or bare.endswith(("。", "；", ";", "，")):
        return False
    return bool(_OUTLINE.match(bare)) or bare.endswith(("制度", "办法", "规定", "职责", "流程", "预案"))


def _column(row: list[str], names: tuple[str, ...]) -> int | None:
    for index, cell in enumerate(row):
        if any(name in squeeze(cell) for name in names):
            return index
    return None


def _is_score_header(row: list[str]) -> bool:
    return _column(row, _SCORE_HEADERS) is not None and _column(row, _MAX_HEADERS) is not None


def _mark(cells: list[str]) -> str | None:
    """合格 / 不合格 where a cell of the row is filled in or ticked as one of them."""
    for cell in cells:
        match = _MARK.search(squeeze(cell))
        if match:
            return match.group(1) or match.group(2)
    return None


def _score_table(table: Table) -> tuple[dict[str, float], dict[str, str]] | None:
    """({item: score}, {item: 合格/不合格}) of a score sheet; items keyed by the printed 序号."""
    for start, row in enumerate(table.rows[:10]):
        if not _is_score_header(row):
            continue
        score_at = _column(row, _SCORE_HEADERS)
        scores: dict[str, float] = {}
        marks: dict[str, str] = {}
        for number, entry in enumerate(table.rows[start + 1:], start=1):
            if score_at >= len(entry):
                continue
            item = squeeze(entry[0]) or str(number)
            match = _NUMBER.match(entry[score_at])
            if match:
                scores[item] = float(match.group(1))
            mark = _mark(entry[score_at:])
            if mark:
                marks[item] = mark
        return scores, marks
    return None


def extract_scores(document: Document) -> None:
    """extra.scores ({item: score}) and extra.marks ({item: 合格/不合格}, the pass/fail items)
    from a table with 分值 and 得分 columns (rebuilt from the OCR boxes of a scanned sheet); the
    total from the text."""
    for table in document_tables(document, _is_score_header)[0]:
        sheet = _score_table(table)
        if sheet is not None:
            document.extra.scores, marks = sheet
            if marks:
                document.extra.marks = marks
            break
    for page in document.read.pages:
        total = _TOTAL.search(squeeze(page.text)) if page.number in document.pages else None
        if total:
            document.fields["total_score"] = ExtractedField("total_score", float(total.group(1)), page.number,
                                                            total.group(0), page.confidence)
            return
