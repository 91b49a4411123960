"""Offline OCR of scans and photos: rapidocr (onnxruntime, the default models inside its wheel).

The engine is created once per process, on first use, with rapidocr's default
configuration only: asking for any other model makes rapidocr download it, which
fails offline.  Pages turned by 90/180/270° are detected from the text-line boxes
and rapidocr's own direction classifier and read again upright (on an upright page its
verdict on a single line is not followed: validator.readers.ocr_steps); a small skew is
removed from the boxes.  The red ink of seals (rings and ovals only, never red print:
validator.readers.ocr_seals) is faded before detection (a ring crossing a line makes the
detector lose the line) and lines written in seal ink inside a seal are dropped.
Results are cached by content hash in the user's cache directory (never in the
package), so a second check re-OCRs nothing.

Speed (benchmarks/ocr_speed.py): detection, two thirds of rapidocr's time on a 200 dpi page,
runs at rapidocr's own size (DET_SIDE: a smaller one lost text that stock rapidocr reads); the
models' activations stay in one onnxruntime arena between pages (validator.readers.ocr_sessions).  A page uses every core,
or one thread on a busy machine (``threads``); a check OCRs on a thread of its own while it
reads the next files (validator.readers.ocr_pages), one page at a time.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import threading
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from validator.cache import cache_dir, write_private
from validator.readers.documents import TextLine
from validator.readers.ocr_seals import fade_seals, is_seal_text
from validator.readers.ocr_sessions import load_models
from validator.readers.ocr_steps import detect_lock, giant_text, height, run, width

# Bump when the way lines are produced changes, so old cache entries are not reused.
PIPELINE_VERSION = "16"
# Mean line confidence below which a page is reported as low_scan_quality.
LOW_CONFIDENCE = 0.80
# Longest image side handed to the engine (rapidocr itself scales down to 2000 for detection).
MAX_SIDE = 4000
# Longest side of the image the text detector sees: rapidocr's own (its Global.max_side_len), so
# that dingdian detects every page at the size stock rapidocr does (a small image is scaled up as
# rapidocr does: validator.readers.ocr_sessions.STOCK_SHORT_SIDE). 1600, ~60% of the detection
# time, lost text stock rapidocr reads (benchmarks/extract_accuracy.py on benchmarks/corpus): the
# date under a licence's seal cut to "〇二三年六月", a table's wrapped "。" (docs/ocr_cores.md).
DET_SIDE = 2000


@dataclass(frozen=True)
class OcrSettings:
    """How OCR uses the machine; a process sets it once (``configure``), e.g. in a worker initialiser."""

    # onnxruntime intra-op threads per page (validator.readers.ocr_sessions: they never spin);
    # 0: one per core; None: that, unless the machine is busy (load average above the cores by more
    # than this process's own, which the average counts too), then 1: a parallel step waits for its
    # slowest thread, and on a busy machine one of them is always waiting for a core (a page at
    # load 4: 0.62x bare rapidocr's time on every core, 0.47-0.54x on one thread,
    # benchmarks/ocr_speed.py).
    threads: int | None = None


_settings = OcrSettings()


def configure(threads: int | None) -> OcrSettings:
    """Sets this process's OCR threads (None: automatic, OcrSettings.threads); returns the previous
    settings.

    A batch worker that already shares the cores out between processes calls
    ``configure(threads=1)`` in its initialiser."""
    global _settings
    previous = _settings
    if threads is not None and threads < 0:
        raise ValueError(f"OCR threads must be 0 or more, not {threads}")
    _settings = replace(_settings, threads=threads)
    return previous


def settings() -> OcrSettings:
    return _settings


class OcrUnavailable(RuntimeError):
    """rapidocr or onnxruntime cannot be imported or its models cannot be loaded."""


_engine_lock = threading.Lock()


def engine(threads: int | None = None, page: bool = True) -> Any:
    """The process's rapidocr engine for ``threads`` (default: the configured threads); ``page``:
    detection on the page scaled to DET_SIDE, else rapidocr's own detection sizes (a seal's strip)."""
    threads = _settings.threads if threads is None else threads
    with _engine_lock:  # two OCR threads starting at once would each load the models
        return _engine(_auto_threads() if threads is None else threads, page)


def _auto_threads() -> int:
    """0 (every core) on a machine with cores to spare, 1 on a busy one (OcrSettings.threads)."""
    try:
        busy = os.getloadavg()[0] >= (os.cpu_count() or 1) + 1
    except OSError:  # no load average on this platform
        busy = False
    return 1 if busy else 0


@lru_cache(maxsize=4)
def _engine(threads: int, page: bool) -> Any:
    """A rapidocr engine with the default models only (never a download); the strip engine
    (``page`` false) shares the page engine's models, loaded once per process."""
    try:
        from rapidocr import RapidOCR

        params: dict[str, Any] = {"Global.log_level": "error"}
        if not page:
            return _sharing_models(_engine(threads, True), RapidOCR(params=params).cfg.Det)
        ocr = RapidOCR(params={**params, "Det.limit_type": "max", "Det.limit_side_len": DET_SIDE})
        load_models(ocr, threads)
        return ocr
    except ImportError as error:  # onnxruntime or rapidocr missing
        raise OcrUnavailable(f"rapidocr is not installed ({error})") from error


def _sharing_models(ocr: Any, det_config: Any) -> Any:
    """A copy of the engine ``ocr`` that detects at ``det_config``'s sizes on the same models
    (~100 MB and 0.2 CPU-s a second set would cost). Both detect under detect_lock."""
    import copy

    shared = copy.copy(ocr)
    shared.text_det = copy.copy(ocr.text_det)
    shared.text_det.limit_type, shared.text_det.limit_side_len = det_config.limit_type, det_config.limit_side_len
    return shared


@lru_cache(maxsize=1)
def engine_version() -> str:
    from importlib.metadata import version

    return f"rapidocr-{version('rapidocr')}+onnxruntime-{version('onnxruntime')}+p{PIPELINE_VERSION}+d{DET_SIDE}"


def cache_key(content_sha256: str, page: int) -> str:
    return hashlib.sha256(f"{content_sha256}:{page}:{engine_version()}".encode()).hexdigest()


def _cache_path(key: str) -> Path:
    return cache_dir("ocr", key[:2]) / f"{key}.json"


def ocr_image(image: Any, key: str | None = None) -> tuple[list[TextLine], tuple[int, int]]:
    """Text lines (boxes in pixels of the upright image, reading order) and the upright size.
    Safe to call from several threads at once."""
    if key is not None:
        cached = load_cached(key)
        if cached is not None:
            return cached
    lines, size = _recognise(_prepare(image), engine())
    if key is not None:
        _store(key, lines, size)
    return lines, size


def _prepare(image: Any) -> Any:
    image = image.convert("RGB")
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    return image


def _recognise(image: Any, ocr: Any) -> tuple[list[TextLine], tuple[int, int]]:
    import numpy as np

    array = np.asarray(image)
    faded, seals = fade_seals(array)
    result, turn = giant_text(ocr, faded, run(ocr, faded))
    if turn:
        image = image.rotate(turn, expand=True)
        array = np.asarray(image)
        faded, seals = fade_seals(array)
        result, _ = giant_text(ocr, faded, run(ocr, faded))
    return _lines(result, array, seals), image.size


def _quads(result: Any) -> list[Any]:
    return [] if result is None or getattr(result, "boxes", None) is None else list(result.boxes)


def _skew(quads: list[Any]) -> float:
    """Median slope (radians) of the top edges of wide boxes."""
    angles = sorted(math.atan2(q[1][1] - q[0][1], q[1][0] - q[0][0]) for q in quads if width(q) > 3 * height(q))
    return angles[len(angles) // 2] if angles else 0.0


def _lines(result: Any, array: Any, seals: list[Any]) -> list[TextLine]:
    quads = _quads(result)
    if not quads:
        return []
    angle = _skew(quads)
    cos, sin = math.cos(-angle), math.sin(-angle)
    lines = []
    for quad, text, score in zip(quads, result.txts, result.scores):
        if seals and is_seal_text(array, quad, seals):
            continue
        # Undo the skew so that a label and its value share a row.
        points = [(x * cos - y * sin, x * sin + y * cos) for x, y in quad]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        box = tuple(round(float(value), 1) for value in (min(xs), min(ys), max(xs), max(ys)))
        lines.append(TextLine(text=str(text), box=box, confidence=round(float(score), 4)))
    return sorted(lines, key=lambda line: (line.box[1], line.box[0]))


def load_cached(key: str) -> tuple[list[TextLine], tuple[int, int]] | None:
    path = _cache_path(key)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        lines = [TextLine(text=t, box=tuple(b), confidence=c) for t, b, c in data["lines"]]
        return lines, tuple(data["size"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _store(key: str, lines: list[TextLine], size: tuple[int, int]) -> None:
    path = _cache_path(key)
    data = {"engine": engine_version(), "size": list(size),
            "lines": [[line.text, list(line.box), line.confidence] for line in lines]}
    try:
        write_private(path, json.dumps(data, ensure_ascii=False))  # OCR text holds personal data: 0600
    except OSError:
        pass  # a cache that cannot be written only costs time


def read_strip(array: Any) -> tuple[str, float]:
    """The text of an image array that holds one line (a seal's unwrapped ring), its pieces joined
    left to right, and the lowest confidence among them."""
    with detect_lock:  # the whole call: rapidocr keeps per-call state on the engine
        result = engine(page=False)(array)
    pieces = sorted(zip(_quads(result), result.txts or (), result.scores or ()), key=lambda piece: piece[0][0][0])
    if not pieces:
        return "", 0.0
    return "".join(str(text) for _, text, _ in pieces), min(float(score) for _, _, score in pieces)
