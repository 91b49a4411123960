"""Images (photos and scans): opened with Pillow, EXIF orientation honoured, every frame read by OCR."""
from __future__ import annotations

import io
from typing import Any, Callable

from validator.readers.documents import Page, ReadFile
from validator.errors import InputError

MAX_FRAMES = 50  # multi-page TIFF


class TooManyPixels(InputError):
    """An image larger than the pixel limit (a decompression bomb or an absurd scan)."""


def frame_count(data: bytes) -> int:
    from PIL import Image

    _register_heif(data)
    return min(getattr(Image.open(io.BytesIO(data)), "n_frames", 1), MAX_FRAMES)


def open_frames(data: bytes, max_pixels: int) -> list[Any]:
    """Upright RGB frames of an image file; raises OSError/ValueError for damaged or oversized images."""
    from PIL import Image, ImageOps

    _register_heif(data)
    image = Image.open(io.BytesIO(data))
    if image.size[0] * image.size[1] > max_pixels:
        raise TooManyPixels(f"{image.size[0]}x{image.size[1]} pixels exceed the limit of {max_pixels}")
    frames = []
    for index in range(min(getattr(image, "n_frames", 1), MAX_FRAMES)):
        image.seek(index)
        frames.append(ImageOps.exif_transpose(image).convert("RGB"))
    return frames


def _register_heif(data: bytes) -> None:
    """HEIC/HEIF photos (iPhones) are opened by pillow-heif's Pillow plugin (loaded for them only)."""
    if data[4:8] != b"ftyp":
        return
    from pillow_heif import register_heif_opener

    register_heif_opener()


def read_image(read: ReadFile, data: bytes, ocr_page: Callable[[Any, int], Page] | None, max_pixels: int) -> None:
    frames = open_frames(data, max_pixels)
    read.is_scan = True
    for number, frame in enumerate(frames, start=1):
        if ocr_page is None:
            read.pages.append(Page(number, "", [], "none", *frame.size))
        else:
            read.pages.append(ocr_page(frame, number))
    # Decoded again on demand: keeping every photo's pixels alive would cost tens of MB a file.
    read.render = lambda number: open_frames(data, max_pixels)[number - 1]
