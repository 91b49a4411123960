"""Images (photos and scans): opened with Pillow, EXIF orientation honoured, every frame read by OCR."""
from __future__ import annotations

import io
from typing import Any, Callable

from validator.documents import Page, ReadFile

MAX_FRAMES = 50  # multi-page TIFF


def open_frames(data: bytes) -> list[Any]:
    """Upright RGB frames of an image file; raises OSError/ValueError (incl. decompression bombs)."""
    from PIL import Image, ImageOps

    _register_heif()
    image = Image.open(io.BytesIO(data))
    frames = []
    for index in range(min(getattr(image, "n_frames", 1), MAX_FRAMES)):
        image.seek(index)
        frames.append(ImageOps.exif_transpose(image).convert("RGB"))
    return frames


def _register_heif() -> None:
    """HEIC photos are read only where pillow-heif is installed (an optional extra)."""
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        return
    register_heif_opener()


def read_image(read: ReadFile, data: bytes, ocr_page: Callable[[Any, int], Page] | None) -> None:
    frames = open_frames(data)
    read.is_scan = True
    for number, frame in enumerate(frames, start=1):
        if ocr_page is None:
            read.pages.append(Page(number, "", [], "none", *frame.size))
        else:
            read.pages.append(ocr_page(frame, number))
    read.render = lambda number: frames[number - 1]
