"""The image tiers of the corpus, rasterised from a family's text PDF (pypdfium2) and spoiled with
OpenCV: a clean scan (200 dpi PNG), a degraded scan (150-200 dpi, skew, blur, toner speckle,
yellowed paper, JPEG 35-55) and a phone photo (perspective, vignetting and a light gradient,
sensor noise, slight defocus, JPEG 60-75)."""
from __future__ import annotations

import random
from pathlib import Path
from typing import Any


def rasterise(pdf: Path, dpi: int) -> Any:
    """The PDF's first page as an RGB array at ``dpi``."""
    import numpy as np
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        image = document[0].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()
    return np.asarray(image)


def degraded_scan(array: Any, rng: random.Random) -> Any:
    import cv2
    import numpy as np

    h, w = array.shape[:2]
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), rng.uniform(-2.5, 2.5), 1.0)
    out = cv2.warpAffine(array, turn, (w, h), borderValue=(250, 250, 250))
    out = cv2.GaussianBlur(out, (3, 3), rng.uniform(0.5, 1.0))
    paper = np.array([rng.randint(225, 240), rng.randint(220, 235), rng.randint(195, 215)], dtype=np.float32)
    out = out.astype(np.float32) * (paper / 255.0)  # yellowed, greyish paper darkens everything
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(6, 12), out.shape[:2])
    out += noise[..., None]
    speckle = np.random.default_rng(rng.randrange(1 << 30)).random(out.shape[:2]) < 0.0015
    out[speckle] = 40  # toner specks
    return np.clip(out, 0, 255).astype(np.uint8)


def phone_photo(array: Any, rng: random.Random) -> Any:
    import cv2
    import numpy as np

    h, w = array.shape[:2]
    border = int(0.06 * w)
    canvas = np.full((h + 2 * border, w + 2 * border, 3), (96, 88, 80), dtype=np.uint8)  # a desk
    canvas[border:border + h, border:border + w] = array
    ch, cw = canvas.shape[:2]
    jitter = [(rng.uniform(-0.035, 0.035) * cw, rng.uniform(-0.035, 0.035) * ch) for _ in range(4)]
    corners = np.float32([[0, 0], [cw, 0], [cw, ch], [0, ch]])
    moved = np.float32([[x + dx, y + dy] for (x, y), (dx, dy) in zip(corners.tolist(), jitter)])
    out = cv2.warpPerspective(canvas, cv2.getPerspectiveTransform(corners, moved), (cw, ch),
                              borderMode=cv2.BORDER_REPLICATE).astype(np.float32)
    ys, xs = np.mgrid[0:ch, 0:cw].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    gradient = 0.78 + 0.22 * (np.cos(angle) * xs / cw + np.sin(angle) * ys / ch + 1) / 2
    vignette = 1 - 0.18 * (((xs - cw / 2) / cw) ** 2 + ((ys - ch / 2) / ch) ** 2) * 4
    out *= (gradient * vignette)[..., None]
    out *= np.array([1.0, rng.uniform(0.95, 1.0), rng.uniform(0.85, 0.95)], dtype=np.float32)  # warm light
    out += np.random.default_rng(rng.randrange(1 << 30)).normal(0, 5, out.shape)
    out = cv2.GaussianBlur(np.clip(out, 0, 255).astype(np.uint8), (3, 3), rng.uniform(0.6, 1.1))
    return out


def write(tier: str, pdf: Path, rng: random.Random) -> Path:
    """The tier's image of ``pdf``, saved beside it: .png for a clean scan, .jpg otherwise."""
    from PIL import Image

    if tier == "clean_scan":
        path = pdf.with_name(pdf.stem + "-clean.png")
        Image.fromarray(rasterise(pdf, 200)).save(path)
    elif tier == "degraded_scan":
        path = pdf.with_name(pdf.stem + "-degraded.jpg")
        Image.fromarray(degraded_scan(rasterise(pdf, rng.choice((150, 200))), rng)).save(path, quality=rng.randint(35, 55))
    elif tier == "photo":
        path = pdf.with_name(pdf.stem + "-photo.jpg")
        Image.fromarray(phone_photo(rasterise(pdf, 180), rng)).save(path, quality=rng.randint(60, 75))
    else:
        raise ValueError(f"unknown tier {tier!r}")
    return path
