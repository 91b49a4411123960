"""What scanners and phones do to a clean page: skew, noise, JPEG loss, grey paper, a red seal,
perspective, uneven light, quarter turns and EXIF orientation.  Deterministic for a seed."""
from __future__ import annotations

import io
import math
import random
from typing import Any


def _rng(seed: int) -> random.Random:
    return random.Random(f"degrade:{seed}")


def skew(image: Any, degrees: float) -> Any:
    """A page fed slightly crooked (1–3°), white where the page was not."""
    return image.rotate(degrees, resample=3, expand=True, fillcolor=(255, 255, 255))


def noise(image: Any, amount: float = 12.0, seed: int = 0) -> Any:
    """Gaussian sensor noise (standard deviation in grey levels)."""
    import numpy as np

    array = np.asarray(image, dtype=np.float32)
    rng = np.random.default_rng(seed)
    return _image(np.clip(array + rng.normal(0, amount, array.shape), 0, 255))


def _image(array: Any) -> Any:
    from PIL import Image
    import numpy as np

    return Image.fromarray(array.astype(np.uint8))


def grey_paper(image: Any, level: int = 215) -> Any:
    """Recycled grey-beige paper: white becomes ``level``, ink stays dark."""
    import numpy as np

    array = np.asarray(image, dtype=np.float32)
    tint = np.array([level, level - 6, level - 18], dtype=np.float32)
    return _image(array / 255.0 * tint)


def jpeg(image: Any, quality: int = 50) -> Any:
    """Re-encoded as JPEG at ``quality`` (block artefacts around strokes)."""
    from PIL import Image

    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def red_seal(image: Any, centre: tuple[float, float], radius: float, text: str = "市场监督管理局登记专用章") -> Any:
    """A translucent red round seal (ring, star, text curved along the ring) stamped over the page
    at ``centre`` (fractions of the page)."""
    from PIL import Image, ImageDraw

    from samples.synth.fonts import pil_font

    width, height = image.size
    cx, cy, r = centre[0] * width, centre[1] * height, radius * width
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    red = (215, 30, 35, 150)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=max(3, int(r / 18)))
    star = [(cx + r * 0.28 * math.cos(math.pi / 2 + i * 4 * math.pi / 5),
             cy - r * 0.28 * math.sin(math.pi / 2 + i * 4 * math.pi / 5)) for i in range(5)]
    draw.polygon(star, fill=red)
    size = int(r / 4.5)
    for index, char in enumerate(text):
        # Characters spread over the upper 240° of the ring, each turned to face the centre.
        angle = math.radians(210 - index * 240 / max(1, len(text) - 1))
        glyph = Image.new("RGBA", (size * 2, size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((size, size), char, font=pil_font(size), fill=red, anchor="mm")
        glyph = glyph.rotate(math.degrees(angle) - 90, resample=Image.BICUBIC)
        x, y = cx + 0.75 * r * math.cos(angle), cy - 0.75 * r * math.sin(angle)
        layer.alpha_composite(glyph, (int(x - size), int(y - size)))
    return Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")


def perspective(image: Any, strength: float = 0.04, seed: int = 0) -> Any:
    """A phone held not quite parallel to the page: corners pulled in unevenly, dark table around."""
    from PIL import Image

    rng = _rng(seed)
    width, height = image.size
    pad = int(width * 0.06)
    canvas = Image.new("RGB", (width + 2 * pad, height + 2 * pad), (70, 66, 60))
    canvas.paste(image, (pad, pad))
    w, h = canvas.size
    shift = [rng.uniform(0, strength) for _ in range(8)]
    # Output corner (0,0),(w,0),(w,h),(0,h) samples these input points.
    quad = (shift[0] * w, shift[1] * h, shift[2] * w, h - shift[3] * h,
            w - shift[4] * w, h - shift[5] * h, w - shift[6] * w, shift[7] * h)
    return canvas.transform((w, h), Image.QUAD, quad, resample=Image.BICUBIC)


def uneven_light(image: Any, seed: int = 0, depth: float = 0.45) -> Any:
    """A lamp on one side: brightness falls off across the page by up to ``depth``."""
    import numpy as np

    rng = _rng(seed)
    array = np.asarray(image, dtype=np.float32)
    height, width = array.shape[:2]
    angle = rng.uniform(0, 2 * math.pi)
    ys, xs = np.mgrid[0:height, 0:width]
    ramp = (xs / width - 0.5) * math.cos(angle) + (ys / height - 0.5) * math.sin(angle)
    light = 1.0 - depth * (ramp - ramp.min()) / (ramp.max() - ramp.min())
    return _image(array * light[..., None])


def quarter_turn(image: Any, degrees: int) -> Any:
    """The page scanned sideways or upside down (90/180/270, counter-clockwise)."""
    return image.rotate(degrees, expand=True)


def with_exif_orientation(image: Any, orientation: int) -> bytes:
    """JPEG bytes whose pixels are stored turned and whose EXIF Orientation tag says how to undo it."""
    from PIL import Image

    # The stored pixels are the upright page transformed by the inverse of the tag's correction.
    stored = {3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}
    pixels = image.transpose(stored[orientation]) if orientation in stored else image
    exif = Image.Exif()
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    pixels.save(buffer, "JPEG", quality=92, exif=exif)
    return buffer.getvalue()


def degraded_scan(image: Any, seed: int = 0) -> Any:
    """The degraded tier: skew 1–3°, grey paper, a red seal over text, noise, JPEG quality 50."""
    rng = _rng(seed)
    image = grey_paper(image, rng.randint(200, 225))
    image = red_seal(image, (rng.uniform(0.55, 0.75), rng.uniform(0.30, 0.42)), 0.11)
    image = skew(image, rng.choice((-1, 1)) * rng.uniform(1.0, 3.0))
    image = noise(image, rng.uniform(8, 14), seed)
    return jpeg(image, 50)


def phone_photo(image: Any, seed: int = 0) -> Any:
    """The photo tier: held at a slant (perspective, up to 2° turn), a lamp on one side, sensor
    noise, JPEG at 70."""
    rng = _rng(seed)
    image = perspective(image, 0.05, seed)
    image = skew(image, rng.uniform(-2.0, 2.0))
    image = uneven_light(image, seed, depth=0.5)
    image = noise(image, 8, seed)
    return jpeg(image, 70)
