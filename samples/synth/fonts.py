"""The one place that knows where the CJK font for synthetic documents lives."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

# Debian/Ubuntu fonts-wqy-microhei (CI installs it); $DINGDIAN_CJK_FONT overrides.
_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
REPORTLAB_NAME = "WQY"


def cjk_font_path() -> Path:
    """Path of a TrueType collection with CJK glyphs; FileNotFoundError names what to install."""
    for candidate in (os.environ.get("DINGDIAN_CJK_FONT"), *_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise FileNotFoundError("no CJK font found: install fonts-wqy-microhei or set DINGDIAN_CJK_FONT")


@lru_cache(maxsize=1)
def register_reportlab_font() -> str:
    """Registers the CJK font with reportlab (Unicode text layer) and returns its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(REPORTLAB_NAME, str(cjk_font_path()), subfontIndex=0))
    return REPORTLAB_NAME


@lru_cache(maxsize=16)
def pil_font(size: int):
    """A Pillow font of the CJK font at ``size`` pixels."""
    from PIL import ImageFont

    return ImageFont.truetype(str(cjk_font_path()), size, index=0)
