"""Images (photos and scans): opened with Pillow, EXIF orientation honoured, every frame read by OCR.

Frames are decoded at the size OCR reads them (validator.readers.ocr.MAX_SIDE on the long side):
a JPEG is decoded already scaled down by libjpeg (``Image.draft``: 1/2 to 1/8 of the pixels),
other formats are decoded whole and scaled down frame by frame, so a 200-megapixel photo is read
rather than refused. ``Limits.max_image_pixels`` bounds what is decoded whole (decompression
bombs); it replaces Pillow's own bomb check, which would refuse such a photo before we can
shrink it. A transparent image is laid on a background that its ink stands out from.
"""
from __future__ import annotations

import io
from typing import Any, Callable

from validator.catalogue import t
from validator.readers.documents import Page, ReadFile
from validator.errors import InputError

MAX_FRAMES = 50  # multi-page TIFF
# Longest side of a decoded frame: the largest image OCR is given (validator.readers.ocr.MAX_SIDE).
DECODE_SIDE = 4000
# Mean brightness (0-255) of the opaque pixels above which the ink is light: white text on a
# transparent background is laid on black, dark text on white (RapidOCR's test images have both).
LIGHT_INK = 160


class TooManyPixels(InputError):
    """An image larger than the pixel limit (a decompression bomb or an absurd scan)."""


def frame_count(data: bytes) -> int:
    return min(getattr(_open(data), "n_frames", 1), MAX_FRAMES)


def _open(data: bytes) -> Any:
    from PIL import Image

    _register_heif(data)
    Image.MAX_IMAGE_PIXELS = None  # dingdian's own limit is checked below, after JPEG's draft scaling
    return Image.open(io.BytesIO(data))


def open_frames(data: bytes, max_pixels: int) -> list[Any]:
    """Upright RGB frames of an image file, no side over DECODE_SIDE; raises OSError/ValueError for
    damaged images and TooManyPixels for what would be decoded at over ``max_pixels``."""
    from PIL import ImageOps

    image = _open(data)
    if image.format == "JPEG" and max(image.size) > DECODE_SIDE:
        # libjpeg scales the decode itself (1/2, 1/4, 1/8), to no less than the size asked for
        scale = DECODE_SIDE / max(image.size)
        image.draft("RGB", (round(image.size[0] * scale), round(image.size[1] * scale)))
    if image.size[0] * image.size[1] > max_pixels:
        raise TooManyPixels(t("image_too_many_pixels", width=image.size[0], height=image.size[1], limit=max_pixels))
    frames = []
    for index in range(min(getattr(image, "n_frames", 1), MAX_FRAMES)):
        image.seek(index)
        frames.append(on_background(ImageOps.exif_transpose(_scaled(image))))
    return frames


def _scaled(image: Any) -> Any:
    """The current frame at no more than DECODE_SIDE a side (a new image: the file's stays seekable)."""
    from PIL import Image

    scale = DECODE_SIDE / max(image.size)
    if scale >= 1:
        return image.copy()
    size = (max(1, round(image.size[0] * scale)), max(1, round(image.size[1] * scale)))
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def on_background(image: Any) -> Any:
    """An RGB image; one with transparency is composited on white, or on black where its visible
    pixels are light (what is transparent holds arbitrary colours, often black: dropping the
    alpha channel put black text on black)."""
    from PIL import Image, ImageStat

    if image.mode not in ("RGBA", "LA", "PA") and not (image.mode == "P" and "transparency" in image.info):
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    alpha = rgba.getchannel("A")
    if alpha.getextrema()[0] == 255:
        return rgba.convert("RGB")
    ink = ImageStat.Stat(rgba.convert("L"), mask=alpha.point(lambda value: 255 if value > 127 else 0)).mean
    colour = "black" if ink and ink[0] > LIGHT_INK else "white"
    background = Image.new("RGB", rgba.size, colour)
    background.paste(rgba, mask=alpha)
    return background


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
