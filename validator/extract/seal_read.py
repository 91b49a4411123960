"""Reading the text around a stamp's ring and comparing it with the applicant's name.

A round official seal prints the organisation's name along the upper part of its ring,
each character facing the centre. Unwrapping the ring with a polar transform (outer rim on
top, reading clockwise from the bottom left) lays that text out as one straight line, which
the OCR recognition model reads like any other line (measured on the generated seals: the
whole name, confidence above 0.99, ~0.1 s a seal).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

import numpy as np

from validator.extract.seal_detect import Ring, red_ink
from validator.extract.text_match import normalise_name
from validator.resources import load_data_yaml

STRIP_HEIGHT = 64  # px: the recognition model reads lines about 48 px high
_INNER, _OUTER = 0.52, 0.98  # the band of the radius that holds the ring text
_START, _SWEEP = 270.0, 360.0  # degrees: from straight down, clockwise all the way round
MIN_CHARS = 4  # fewer recognised characters are no reading of a name
MIN_CONFIDENCE = 0.8
SAME, OTHER = 0.8, 0.4
_SENTENCE = re.compile(r"[，。；：！？,;:!?]")  # name similarity at or above SAME agrees; at or below OTHER is another body


@dataclass(frozen=True)
class RingText:
    text: str
    confidence: float

    @property
    def legible(self) -> bool:
        """Enough characters read with confidence, and no sentence punctuation: a seal prints a
        name, so a reading with ，。；： in it is body text under or beside the ring."""
        return (len(normalise_name(self.text)) >= MIN_CHARS and self.confidence >= MIN_CONFIDENCE
                and not _SENTENCE.search(self.text))


def unwrap(image: Any, ring: Ring, ink: str = "red") -> np.ndarray:
    """The ring's text band as a straight strip: dark ink on white, outer rim at the top."""
    rgb = np.asarray(image.convert("RGB")).astype(np.int16)
    mean_radius = (_INNER + _OUTER) / 2 * ring.radius
    width = max(STRIP_HEIGHT, int(math.radians(_SWEEP) * mean_radius * STRIP_HEIGHT
                                  / ((_OUTER - _INNER) * ring.radius)))
    theta = np.radians(_START - np.arange(width) * _SWEEP / width)
    rho = (_OUTER - np.arange(STRIP_HEIGHT) / (STRIP_HEIGHT - 1) * (_OUTER - _INNER)) * ring.radius
    xs = (ring.x + rho[:, None] * np.cos(theta)[None, :]).astype(int).clip(0, rgb.shape[1] - 1)
    ys = (ring.y - rho[:, None] * np.sin(theta)[None, :]).astype(int).clip(0, rgb.shape[0] - 1)
    band = rgb[ys, xs]
    if ink == "red":
        inked = red_ink(band)
    else:  # a greyscale scan: the ring's ink is whatever is darker than the paper
        grey = band.mean(axis=2)
        inked = grey < float(np.median(grey)) - 50
    strip = np.where(inked, 0, 255).astype(np.uint8)
    return np.stack([strip] * 3, axis=-1)


def read_ring(image: Any, ring: Ring, ink: str = "red") -> RingText:
    """What the OCR reads along the unwrapped ring."""
    from validator.readers.ocr import read_strip

    return RingText(*read_strip(unwrap(image, ring, ink)))


def name_similarity(ring_text: str, name: str) -> float:
    """How well the ring text names ``name``: the best match of the name inside the ring text
    (a seal may add 合同专用章 or a number after the name)."""
    hay, needle = normalise_name(ring_text), normalise_name(name)
    if not hay or not needle:
        return 0.0
    if needle in hay:
        return 1.0
    windows = [hay[i:i + len(needle)] for i in range(max(1, len(hay) - len(needle) + 1))]
    return max(SequenceMatcher(None, window, needle).ratio() for window in windows)


@lru_cache(maxsize=1)
def _issuer_ending() -> re.Pattern[str]:
    data = load_data_yaml("seal_issuers.yaml")
    alternatives = "|".join(map(re.escape, sorted(data["authority_endings"], key=len, reverse=True)))
    kinds = "|".join(map(re.escape, sorted(data["seal_kinds"], key=len, reverse=True)))
    return re.compile(f"(?:{alternatives})(?:{kinds})?$")


def issuer_seal(ring_text: str, authority: str | None) -> bool:
    """Whether a ring on a licence or certificate is its issuer's seal: its text names the issuing
    authority printed on it, or ends as an authority's name does (validator/data/seal_issuers.yaml)."""
    if authority and name_similarity(ring_text, authority) >= SAME:
        return True
    return bool(_issuer_ending().search(normalise_name(ring_text)))
