"""Whether a PDF page's text layer can be trusted as the page's text.

Government systems and old printers write CID fonts without a ToUnicode map: pdfium then
reports unicode-map errors and gives control characters, Latin-1 letters or rare CJK
characters in place of the words. A scanner's OCR layer is invisible text (render mode 3)
over the page image, and carries the scanner's mistakes. Either way dingdian reads the
page image itself with OCR.
"""
from __future__ import annotations

from typing import Any

from validator.intake.text_decoding import chinese_plausibility

# Share of characters with a unicode-map error above which the page's text is not its words.
MAX_MAP_ERRORS = 0.1
# Below this plausibility (validator.intake.text_decoding) the text is garbage, not Chinese.
MIN_PLAUSIBILITY = 0.8
# A page where at least this share of the text objects is invisible is a scan with an OCR layer.
MIN_INVISIBLE = 0.5


def distrust(page: Any, textpage: Any, text: str) -> str | None:
    """Why the page's text layer is not to be trusted ("unicode_map", "garbage", "invisible"),
    or None when it is the page's text."""
    if _map_errors(textpage) > MAX_MAP_ERRORS:
        return "unicode_map"
    if chinese_plausibility(text) < MIN_PLAUSIBILITY:
        return "garbage"
    if _invisible_share(page) >= MIN_INVISIBLE and has_image(page):
        return "invisible"
    return None


def _map_errors(textpage: Any) -> float:
    import pypdfium2.raw as raw

    count = textpage.count_chars()
    if count <= 0:
        return 0.0
    return sum(1 for index in range(count) if raw.FPDFText_HasUnicodeMapError(textpage.raw, index) == 1) / count


def _invisible_share(page: Any) -> float:
    import pypdfium2.raw as raw

    modes = [raw.FPDFTextObj_GetTextRenderMode(obj.raw)
             for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT], max_depth=2)]
    if not modes:
        return 0.0
    return sum(1 for mode in modes if mode == raw.FPDF_TEXTRENDERMODE_INVISIBLE) / len(modes)


def has_image(page: Any) -> bool:
    import pypdfium2.raw as raw

    return any(True for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2))


# Chinese and English sentences for the report when such a page could not be OCR'd.
WHY = {
    "unicode_map": ("文字层编码损坏（缺少字符映射）", "its text layer has broken character maps"),
    "garbage": ("文字层内容为乱码", "its text layer is garbage"),
    "invisible": ("为扫描图像，其隐藏文字层不可信", "it is a scan whose hidden OCR layer is not trusted"),
}


# A glyph turned further than this (degrees) from upright is not on a line of the body text.
MAX_TILT = 3.0


def ring_glyphs(glyphs: list[tuple[str, float]]) -> set[int]:
    """Indices of the glyphs a seal draws along its arc, given each glyph's (character, angle in
    degrees) in the order the PDF writes them: every turned glyph, and an upright one written between
    two turned ones (the glyph at the top of the ring stands upright). Blanks are no neighbours.

    Their characters sit in the text layer among the body's: glued into a line they spoil it
    (发证机关：包头市卫生健康委员会头市卫生健康委员…), so the lines are read without them."""
    turned = [abs((angle + 180.0) % 360.0 - 180.0) > MAX_TILT for _, angle in glyphs]
    ring = {index for index, is_turned in enumerate(turned) if is_turned}
    inked = [index for index, (char, _) in enumerate(glyphs) if char.strip()]
    for before, index, after in zip(inked, inked[1:], inked[2:]):
        if turned[before] and turned[after]:
            ring.add(index)
    return ring
