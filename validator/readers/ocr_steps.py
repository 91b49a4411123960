"""One rapidocr pass, step by step: detection one call at a time, recognition in batches of
bounded width (validator.readers.ocr reads a page with ``run``).

A check OCRs one page at a time on every core, and may read a seal's unwrapped ring meanwhile.
The peak memory is the process (~200 MB with the models) and onnxruntime's arena, which holds
one detection's activations (~300 MB at 1600 px, more at validator.readers.ocr.DET_SIDE) and is
reused by recognition (validator.readers.ocr_sessions; benchmarks/scan_check_speed.py).
"""
from __future__ import annotations

import dataclasses
import math
import threading
from typing import Any

# Widest total of a batch of lines recognised at once (pixels at the recogniser's 48 px height):
# rapidocr's six lines at twice its 320 px base width. Wider batches are split (_recognise_text).
REC_BATCH_WIDTH = 3840
# rapidocr keeps per-call state on its detector, and two detections at once would hold two sets
# of activations (~300 MB each at 1600 px, more at validator.readers.ocr.DET_SIDE): a page's
# detection and a seal strip's take turns. Direction classification and recognition (reentrant in rapidocr 3.x) do not.
detect_lock = threading.Lock()
# Median line height (pixels where the detector sees the page) above which text is taller than the
# detector finds whole: a banner's characters ~480 px high came out as separate boxes and its last
# one was lost, by stock rapidocr too; at half size the line is read whole (tests/test_real_files.py).
GIANT_TEXT = 200


def run(ocr: Any, array: Any) -> tuple[Any, int]:
    """One rapidocr pass, step by step as ``RapidOCR.run_ocr_steps`` runs it (rapidocr 3.x, pinned
    below 4), so that the direction classifier's votes, which the call drops, decide the page turn
    at no extra cost, and so that only detection (per-call state on the engine, most of the
    memory) holds the lock."""
    from rapidocr.main import RapidOCRError

    original = ocr.load_img(array)
    resized, record = ocr.preprocess_img(original)
    try:
        with detect_lock:
            crops, detected = ocr.detect_and_crop(resized, record)
        classified_crops, classified = ocr.cls_and_rotate(crops)
        turn = page_turn(detected.boxes, classified.cls_res)
        if turn == 0:
            classified_crops = _as_cut(crops, classified_crops, detected.boxes)
        recognised = _recognise_text(ocr, classified_crops)
    except RapidOCRError:  # rapidocr's "no text found": an empty page
        return None, 0
    return ocr.build_final_output(original, detected, classified, recognised, crops, record), turn


def giant_text(ocr: Any, array: Any, reading: tuple[Any, int]) -> tuple[Any, int]:
    """``reading`` (``run``'s result and page turn on ``array``), or the reading of ``array`` at
    half size, its boxes back in the page's pixels, when its lines stood taller than GIANT_TEXT
    where the detector saw them and the reading at half size holds more characters (_characters; its turn too:
    giant characters read one by one voted a banner turned)."""
    import cv2
    import numpy as np
    from validator.readers.ocr_sessions import STOCK_SHORT_SIDE, detection_ratio

    result = reading[0]
    quads = [] if result is None or result.boxes is None else list(result.boxes)
    h, w = array.shape[:2]
    ratio = detection_ratio(h, w, ocr.text_det.limit_side_len)
    if not quads or sorted(height(quad) for quad in quads)[len(quads) // 2] * ratio < GIANT_TEXT:
        return reading
    half = cv2.resize(array, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    # laid on its own background up to the detector's shortest side, which it is not scaled up to
    padded = np.empty((max(h // 2, STOCK_SHORT_SIDE), max(w // 2, STOCK_SHORT_SIDE), 3), np.uint8)
    padded[:] = array[0, 0]
    padded[:h // 2, :w // 2] = half
    smaller, turn = run(ocr, padded)
    if smaller is None or _characters(smaller) <= _characters(result):
        return reading
    return dataclasses.replace(smaller, boxes=smaller.boxes * 2), turn


def _characters(result: Any) -> float:
    """Characters read, each counted at its line's confidence (a stray '_' at 0.53 is not a '人')."""
    return sum(len(text) * float(score) for text, score in zip(result.txts, result.scores))


def _as_cut(crops: list[Any], turned: list[Any], quads: Any) -> list[Any]:
    """On an upright page, each wide line as cut, not as the direction classifier turned it: a page's
    lines read the same way, and the classifier's "180" on a wide line of an upright page is its own
    mistake (a two-character name it was 99.6% sure of, then read as one wrong character at 0.31
    and dropped). A tall line keeps its turn: it decides which way a column was laid down."""
    return [turned_crop if tall(quad) else crop for crop, turned_crop, quad in zip(crops, turned, quads)]


def _recognise_text(ocr: Any, crops: list[Any]) -> Any:
    """rapidocr's text recognition of ``crops``, its batches split where wider than REC_BATCH_WIDTH.

    rapidocr sorts the lines by aspect ratio and recognises them in batches of ``rec_batch_num``,
    each padded to its widest line; a batch's buffers grow with its total width (six lines of
    1600 px: 530 MB, of 640 px: 200 MB), and what passes detection's grows the arena for good
    (validator.readers.ocr_sessions). A batch within the width is recognised as rapidocr would
    (the same lines, the same padding)."""
    import numpy as np
    from rapidocr.ch_ppocr_rec import TextRecOutput

    recogniser = ocr._load_rec_model()
    _, height, min_width = recogniser.rec_image_shape[:3]
    ratios = [crop.shape[1] / crop.shape[0] for crop in crops]
    order = [int(i) for i in np.argsort(np.array(ratios))]  # rapidocr's own order
    groups = []
    for start in range(0, len(order), recogniser.rec_batch_num):
        batch = order[start:start + recogniser.rec_batch_num]
        width = max(min_width, height * ratios[batch[-1]])
        size = max(1, int(REC_BATCH_WIDTH // width))
        groups.extend(batch[i:i + size] for i in range(0, len(batch), size))
    texts, scores, words = [""] * len(crops), [0.0] * len(crops), [None] * len(crops)
    elapse = 0.0
    for group in groups:
        result = ocr.recognize_txt([crops[i] for i in group])
        elapse += result.elapse
        for index, text, score, word in zip(group, result.txts, result.scores, result.word_results):
            texts[index], scores[index], words[index] = text, score, word
    return TextRecOutput(crops, tuple(texts), tuple(scores), tuple(words), elapse)


def page_turn(quads: Any, votes: Any) -> int:
    """Counter-clockwise degrees that make the page upright (0, 90, 180 or 270).

    Most boxes tall: the page lies on its side. rapidocr turns tall crops by 90° counter-clockwise
    before its classifier says, per crop, whether the text reads upside down ("180")."""
    if quads is None or votes is None or len(quads) == 0:
        return 0
    talls = [tall(q) for q in quads]
    vertical = sum(talls) > len(talls) / 2
    labels = [label for (label, score), is_tall in zip(votes, talls) if is_tall == vertical and score > 0.5]
    flipped = sum(1 for label in labels if "180" in label) > len(labels) / 2
    if vertical:
        return 270 if flipped else 90
    return 180 if flipped else 0


def tall(quad: Any) -> bool:
    """A box that rapidocr's cropping turns by 90° (about as it does: height at least 1.5 widths)."""
    return height(quad) > 1.5 * width(quad)


def width(quad: Any) -> float:
    return float(math.dist(quad[0], quad[1]))


def height(quad: Any) -> float:
    return float(math.dist(quad[0], quad[3]))
