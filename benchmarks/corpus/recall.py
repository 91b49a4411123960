"""dingdian's OCR lines against stock ``RapidOCR()`` (default settings) on the same image (issue 21,
item 6): which of stock's lines dingdian also found, and how many of stock's characters.

A stock line counts as found when some dingdian line holds at least LINE_MATCH of its characters in
order (difflib's matching blocks, after dropping blanks): dingdian may join two of stock's pieces
into one line or split one, and neither is a loss. Character recall is the share of stock's
characters (as a multiset over the page) that dingdian's text also has.
"""
from __future__ import annotations

import difflib
from collections import Counter
from functools import lru_cache
from pathlib import Path
from time import perf_counter
from typing import Any

LINE_MATCH = 0.8


@lru_cache(maxsize=1)
def stock_engine() -> Any:
    from rapidocr import RapidOCR

    return RapidOCR(params={"Global.log_level": "error"})  # rapidocr's defaults, log level aside


def stock_lines(path: Path) -> tuple[list[str], float]:
    """Stock rapidocr's lines of the image file and the seconds it took (image decoding excluded)."""
    import numpy as np
    from PIL import Image, ImageOps

    with Image.open(path) as image:
        array = np.asarray(ImageOps.exif_transpose(image).convert("RGB"))
    started = perf_counter()
    result = stock_engine()(array)
    return [str(text) for text in (result.txts or ())], perf_counter() - started


def _plain(text: str) -> str:
    return "".join(text.split())


def _share_found(line: str, candidates: list[str]) -> float:
    best = 0.0
    for other in candidates:
        matcher = difflib.SequenceMatcher(None, line, other, autojunk=False)
        best = max(best, sum(block.size for block in matcher.get_matching_blocks()) / len(line))
    return best


def compare(stock: list[str], ours: list[str]) -> dict[str, Any]:
    """Line and character recall of ``ours`` against ``stock`` on one page, and stock's lines missed."""
    stock_plain = [line for line in map(_plain, stock) if line]
    ours_plain = [line for line in map(_plain, ours) if line]
    missed = [line for line in stock_plain if _share_found(line, ours_plain) < LINE_MATCH]
    wanted, have = Counter("".join(stock_plain)), Counter("".join(ours_plain))
    chars = sum(wanted.values())
    return {"stock_lines": len(stock_plain), "lines_found": len(stock_plain) - len(missed),
            "stock_chars": chars, "chars_found": sum(min(n, have[c]) for c, n in wanted.items()),
            "missed": missed}


def recall(rows: list[dict[str, Any]]) -> tuple[float | None, float | None]:
    """(line recall, character recall) over several pages' ``compare`` results."""
    lines = sum(row["stock_lines"] for row in rows)
    chars = sum(row["stock_chars"] for row in rows)
    return (sum(row["lines_found"] for row in rows) / lines if lines else None,
            sum(row["chars_found"] for row in rows) / chars if chars else None)
