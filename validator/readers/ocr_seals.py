"""Seal ink on a page before OCR: where the rings are, faded so they no longer hide the text they
cross, and which recognised lines are the seal's own text (validator.readers.ocr).

Only red that is laid out as a seal is touched: a ring or an oval (about as wide as tall, hollow),
with what it encloses. Red printed text, a red title or a coloured banner is text like any other:
fading all bright red on a page lost 4 of 18 lines of a banner (RapidOCR's ``ch_en_num.jpg``) that
stock rapidocr reads, and dropping every red line lost its red slogan.
"""
from __future__ import annotations

from typing import Any

SEAL_SHARE = 0.0005  # share of bright red pixels from which a page is looked at for seals
STEP = 4  # seal shapes are found on every STEP-th pixel: a ring is tens of pixels wide at 200 dpi
# A seal's bounding box: about as wide as tall (round seals 1:1, oval ones up to ~1.6:1), between
# these shares of the page's shorter side (a 42 mm seal is 0.2 of an A4 page), and hollow (a ring,
# its star and text fill well under half of the box; a red block fills it). Its ink runs round the
# box's ellipse: red in at least RING_SECTORS of 16 sectors of the outer band (a red frame, a
# flame or a banner's edge leave most sectors empty).
SEAL_ASPECT = (0.55, 1.8)
SEAL_SIDE = (0.06, 0.6)
SEAL_MIN_PIXELS = 10  # on the STEP grid: a shape under 40 px is a speck, not a seal
SEAL_MAX_FILL = 0.45
RING_SECTORS = 13
# What is left of seal ink's contrast with the paper before detection, at rapidocr's detection
# size: at 0.3 a ring touching an address still glued to it and the line was lost (stock rapidocr
# loses it too); at 0.1 (and painted over entirely) a Chinese-numeral date under a seal lost its
# strokes where the ring crossed them; 0.2 reads both (tests/test_ocr.py).
SEAL_CONTRAST = 0.2
Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels of the page


def red(array: Any, margin: int = 60) -> Any:
    """Red pixels (seal ink on paper); black text under seal ink stays dark and is not red.
    A smaller ``margin`` also takes the pinkish fringe that JPEG leaves around red strokes. Deep
    seal red (200, 35, 40) sums to 275: a floor of 360 missed such a seal, left it unfaded, and the
    date under it was lost at rapidocr's detection size (tests/test_licence_layouts.py)."""
    import numpy as np

    r, g, b = (array[..., i].astype(np.int16) for i in range(3))
    return (r - g > margin) & (r - b > margin) & (r + g + b >= 240)


def seal_boxes(array: Any) -> list[Box]:
    """Boxes of the ring- or oval-shaped red shapes on the page (a seal and what it encloses)."""
    import cv2
    import numpy as np

    small = array[::STEP, ::STEP]
    mask = red(small, margin=40)
    if mask.mean() < SEAL_SHARE:
        return []
    # a ring printed faintly or broken by noise is still one shape once its pieces touch
    joined = cv2.dilate(mask.view(np.uint8), np.ones((5, 5), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    least, most = (share * min(small.shape[:2]) for share in SEAL_SIDE)
    boxes = []
    for x, y, w, h, _ in stats[1:count]:
        ink = mask[y:y + h, x:x + w]
        if (max(least, SEAL_MIN_PIXELS) <= min(w, h) and max(w, h) <= most
                and SEAL_ASPECT[0] <= w / h <= SEAL_ASPECT[1] and ink.mean() <= SEAL_MAX_FILL and _ring(ink)):
            pad = 2  # the dilation's edge
            boxes.append((max(0, (x - pad) * STEP), max(0, (y - pad) * STEP),
                          (x + w + pad) * STEP, (y + h + pad) * STEP))
    return boxes


def _ring(ink: Any) -> bool:
    """True when the red of a box runs round the ellipse it encloses (RING_SECTORS)."""
    import numpy as np

    h, w = ink.shape
    ys, xs = np.nonzero(ink)
    dx, dy = (xs + 0.5 - w / 2) / (w / 2), (ys + 0.5 - h / 2) / (h / 2)
    band = (dx * dx + dy * dy) >= 0.6  # the outer band, where a seal's ring is
    sectors = ((np.arctan2(dy[band], dx[band]) + np.pi) / (2 * np.pi) * 16).astype(int) % 16
    return len(set(sectors.tolist())) >= RING_SECTORS


def fade_seals(array: Any) -> tuple[Any, list[Box]]:
    """The page with the red ink of its seals faded to SEAL_CONTRAST, and the seals' boxes: the
    ring and star no longer merge with the text they cross, which the detector then misses (black
    text under the ink is dark, not red, and stays). Red outside a seal stays as printed. A page
    without seals is returned as it is."""
    import numpy as np

    boxes = seal_boxes(array)
    if not boxes:
        return array, []
    faded = array.copy()
    paper = np.median(array[::16, ::16].reshape(-1, 3), axis=0)
    for x0, y0, x1, y1 in boxes:
        part = array[y0:y1, x0:x1]
        mask = red(part, margin=40)  # the fringe too: a faint outline still glues ring and text
        mask |= _fringe(part, mask)
        grey = part[mask].astype(np.float32) @ np.array([0.3, 0.59, 0.11], dtype=np.float32)
        faded[y0:y1, x0:x1][mask] = ((1 - SEAL_CONTRAST) * paper[None, :] + SEAL_CONTRAST * grey[:, None]).astype(np.uint8)
    return faded, boxes


def _fringe(array: Any, mask: Any) -> Any:
    """The light pixels bordering seal ink: JPEG smears a stroke's edge into a pale tint that is
    neither red nor paper, and a ring faded without it still glued to a line's last character, which
    the detector then lost with the whole line. Dark pixels (black text under or beside the ink)
    stay as they are."""
    import cv2
    import numpy as np

    grown = cv2.dilate(mask.view(np.uint8), np.ones((3, 3), np.uint8)).view(bool)
    ys, xs = np.nonzero(grown & ~mask)  # a thin border: summing only there is ~8x faster than the area
    light = array[ys, xs].astype(np.int16).sum(axis=1) >= 360
    fringe = np.zeros_like(mask)
    fringe[ys[light], xs[light]] = True
    return fringe


def is_seal_text(array: Any, quad: Any, boxes: list[Box]) -> bool:
    """True when the line lies inside a seal and its ink is red: the seal's own text, not the
    document's (black text under the ink stays dark)."""
    import numpy as np

    xs, ys = [int(p[0]) for p in quad], [int(p[1]) for p in quad]
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    if not any(x0 <= cx <= x1 and y0 <= cy <= y1 for x0, y0, x1, y1 in boxes):
        return False
    crop = array[max(0, min(ys)):max(ys) + 1, max(0, min(xs)):max(xs) + 1]
    if crop.size == 0:
        return False
    reddish = int(red(crop).sum())
    dark = int((crop.astype(np.int16).sum(axis=2) < 360).sum())
    return reddish > 0 and dark < 0.2 * reddish
