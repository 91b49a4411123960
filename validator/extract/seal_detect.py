"""Finding a red round stamp (盖章) on a rendered page.

Red pixels, grouped into connected components, one of which is roughly square, hollow,
and covers most angles around its centre. Works on scans and photos; numpy is imported
only when a page is actually examined (validator/rules/seal.py decides when).
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np

_WORK_SIZE = 360  # px of the longer side: a 4 cm stamp on A4 is still ~45 px across
_ANGLE_BINS = 24
# Mean spread between a pixel's colour channels below which a page is greyscale: its seal, if
# any, has lost the red that finds it. A grey scan decodes to equal channels (spread 0); a
# colour scan of white paper keeps a tint of a few levels.
_GREY_SPREAD = 1.5
_RIM_DIRECTIONS = 72
_RIM_INKED = 0.85  # share of directions a seal's ring line (worn in places) is seen in


@dataclass(frozen=True)
class Ring:
    """A stamp's ring in the page image's own pixels."""
    x: float
    y: float
    radius: float


def red_ink(rgb: np.ndarray) -> np.ndarray:
    """Pixels of an int16 RGB array whose red clearly outweighs green and blue (stamp ink)."""
    red, green, blue = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    return (red - green > 60) & (red - blue > 50)


def red_mask(image: Any) -> np.ndarray:
    """Pixels that are clearly red (stamp ink), on a copy scaled to ``_WORK_SIZE``."""
    picture = image.convert("RGB")
    picture.thumbnail((_WORK_SIZE, _WORK_SIZE))
    rgb = np.asarray(picture).astype(np.int16)
    mask = (rgb[..., 0] > 140) & red_ink(rgb)
    grown = mask.copy()  # close hairline gaps of a worn stamp
    grown[1:, :] |= mask[:-1, :]
    grown[:, 1:] |= mask[:, :-1]
    return grown


def _components(mask: np.ndarray) -> Iterable[np.ndarray]:
    """Connected components (4-neighbourhood) of the mask as arrays of (y, x)."""
    todo = set(zip(*np.nonzero(mask)))
    while todo:
        start = todo.pop()
        queue, points = deque([start]), [start]
        while queue:
            y, x = queue.popleft()
            for near in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
                if near in todo:
                    todo.remove(near)
                    queue.append(near)
                    points.append(near)
        yield np.array(points)


def _is_ring(points: np.ndarray, page_size: int) -> bool:
    (y0, x0), (y1, x1) = points.min(axis=0), points.max(axis=0)
    height, width = y1 - y0 + 1, x1 - x0 + 1
    if min(height, width) < page_size * 0.06 or not 0.75 <= height / width <= 1.33:
        return False
    centre = np.array([(y0 + y1) / 2, (x0 + x1) / 2])
    offset = points - centre
    radius = np.hypot(offset[:, 0], offset[:, 1]) / (max(height, width) / 2)
    on_rim = radius > 0.75
    if on_rim.mean() < 0.6:  # a filled blob or red text, not a hollow ring
        return False
    angles = np.arctan2(offset[on_rim, 0], offset[on_rim, 1])
    covered = np.unique(((angles + np.pi) / (2 * np.pi) * _ANGLE_BINS).astype(int) % _ANGLE_BINS)
    return len(covered) >= _ANGLE_BINS * 0.8


def rings(image: Any) -> list[Ring]:
    """The red round stamps on the page image, largest first."""
    mask = red_mask(image)
    if mask.sum() < 30:
        return []
    size, scale = min(mask.shape), max(image.size) / max(mask.shape)
    found = []
    for points in _components(mask):
        if len(points) >= 30 and _is_ring(points, size):
            (y0, x0), (y1, x1) = points.min(axis=0), points.max(axis=0)
            found.append(Ring((x0 + x1) / 2 * scale, (y0 + y1) / 2 * scale, max(y1 - y0, x1 - x0) / 2 * scale))
    return sorted(found, key=lambda ring: -ring.radius)


def has_seal(image: Any) -> bool:
    """Whether the page image shows a red round stamp."""
    return bool(rings(image))


def is_greyscale(image: Any) -> bool:
    """Whether the page carries no colour (a black-and-white scan), so a missing red ring proves nothing."""
    picture = image.convert("RGB")
    picture.thumbnail((_WORK_SIZE, _WORK_SIZE))
    rgb = np.asarray(picture).astype(np.int16)
    return float(np.abs(rgb - rgb.mean(axis=2, keepdims=True)).mean()) < _GREY_SPREAD


def dark_rings(image: Any) -> list[Ring]:
    """Candidate rings on a greyscale scan, found by their shape (a circle of stamp size); each is
    only a candidate until its ring text is read (validator/extract/seal_read.py)."""
    import cv2

    picture = image.convert("L")
    scale = max(picture.size) / (2 * _WORK_SIZE)
    picture.thumbnail((2 * _WORK_SIZE, 2 * _WORK_SIZE))
    grey = cv2.medianBlur(np.asarray(picture), 3)
    size = min(grey.shape)
    circles = cv2.HoughCircles(grey, cv2.HOUGH_GRADIENT, dp=1.5, minDist=size * 0.2, param1=120,
                               param2=45, minRadius=int(size * 0.05), maxRadius=int(size * 0.2))
    if circles is None:
        return []
    found = [Ring(float(x) * scale, float(y) * scale, float(r) * scale) for x, y, r in circles[0][:6]]
    ink = np.asarray(image.convert("L")).astype(np.int16)
    return [ring for ring in found if inked_ring(ink, ring)][:3]


def _rim_coverage(ink: np.ndarray, ring: Ring) -> float:
    """The largest share of directions round ``ring`` in which one circle of radius near the fitted
    one (a ring found on a half-size image is off by a few per cent) crosses ink: 1.0 for a drawn
    ring, the density of the text for a circle fitted into lines of text."""
    angles = np.linspace(0, 2 * np.pi, _RIM_DIRECTIONS, endpoint=False)
    dark_below = float(np.median(ink)) - 50
    best = 0.0
    for share in np.arange(0.85, 1.16, 0.01):
        radii = share * ring.radius + np.array([-1.5, 0.0, 1.5])
        xs = (ring.x + radii[:, None] * np.cos(angles)[None, :]).astype(int).clip(0, ink.shape[1] - 1)
        ys = (ring.y + radii[:, None] * np.sin(angles)[None, :]).astype(int).clip(0, ink.shape[0] - 1)
        best = max(best, float((ink[ys, xs] < dark_below).any(axis=0).mean()))
    return best


def inked_ring(ink: np.ndarray, ring: Ring) -> bool:
    """Whether a circle found by its shape is a seal's ring: one closed line of ink round it, in
    (nearly) every direction. A circle fitted into a letter's body text (the audit's "seal" that
    read 公示价格政策，配备医保管…) crosses ink only where its rim meets a character."""
    return _rim_coverage(ink, ring) >= _RIM_INKED
