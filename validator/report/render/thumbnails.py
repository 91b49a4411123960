"""JPEG data URIs of the pages where findings were found (for the HTML report): a small thumbnail, or,
where the reader kept the box of the field's line, a crop of the page around it with the value
highlighted, and the whole page (highlighted) to show when the crop is clicked."""
from __future__ import annotations

import base64
import io
from typing import Any

from validator.readers.documents import Document

MAX_SIDE = 220  # pixels: enough to recognise a page, too small to read a number off an A4 page
CROP_WIDTH = 640  # the crop is shown at about this width: a licence number is readable
PAGE_SIDE = 1400  # the enlarged page
HIGHLIGHT = (255, 214, 0, 90)  # translucent yellow over the value, with a red outline
# Documents that carry people's ID numbers or faces: blurred unless personal data is shown.
PERSONAL_TYPES = frozenset({
    "id_card", "physician_certificate", "pharmacist_certificate", "staff_roster", "labor_contract",
    "social_insurance_proof", "legal_rep_id",
})


class Thumbnails:
    """Renders each (file, page) once per report; None where a file cannot be rendered."""

    def __init__(self, documents: list[Document], blur_personal: bool) -> None:
        self._documents = documents
        self._blur_personal = blur_personal
        self._made: dict[tuple[str, int], str | None] = {}

    def documents_of(self, file: str | None) -> list[Document]:
        return [doc for doc in self._documents if doc.file == file]

    def uri(self, file: str | None, page: int | None) -> str | None:
        if not file:
            return None
        number = page or 1
        if (file, number) not in self._made:
            self._made[(file, number)] = self._render(file, number)
        return self._made[(file, number)]

    def _render(self, file: str, number: int) -> str | None:
        documents = [doc for doc in self._documents if doc.file == file]
        if not documents or documents[0].read.render is None:
            return None
        if number not in {page.number for page in documents[0].read.pages} and documents[0].read.pages:
            return None
        try:
            image = documents[0].read.render(number)
        except Exception:  # noqa: BLE001 - a page that will not render loses its thumbnail, nothing more
            return None
        if image is None:
            return None
        on_page = next((doc for doc in documents if number in doc.pages), documents[0])
        return jpeg_data_uri(image, blur=self._blur_personal and on_page.document_type in PERSONAL_TYPES)

    def evidence(self, file: str | None, page: int | None, texts: list[str]) -> tuple[str, str] | None:
        """(crop, whole page) around the first line of the page that holds one of ``texts``, both with
        the line highlighted; None when no line with a box matches (a .docx, a value not on the page)."""
        documents = [doc for doc in self._documents if doc.file == file]
        if not file or not documents or documents[0].read.render is None:
            return None
        number = page or 1
        found = next((p for p in documents[0].read.pages if p.number == number), None)
        box = _box_of(found, texts) if found is not None else None
        if box is None:
            return None
        on_page = next((doc for doc in documents if number in doc.pages), documents[0])
        if self._blur_personal and on_page.document_type in PERSONAL_TYPES:
            return None
        try:
            image = documents[0].read.render(number)
        except Exception:  # noqa: BLE001 - as for thumbnails: no picture, nothing more
            return None
        if image is None:
            return None
        scale = image.width / found.width if found.width else 1.0
        marked = _highlight(image.convert("RGB"), tuple(v * scale for v in box))
        return _crop_uri(marked, tuple(v * scale for v in box)), _fit_uri(marked, PAGE_SIDE)


def _squeeze(text: str) -> str:
    return "".join(str(text).split())


def _box_of(page: Any, texts: list[str]) -> Any:
    """The box of the first text found: a line that holds it, else the longest line inside it together
    with the lines beside it on the same row (a label and its value are often two OCR lines)."""
    lines = [(line.box, _squeeze(line.text)) for line in page.lines if line.box and len(_squeeze(line.text)) >= 2]
    for target in (_squeeze(text) for text in texts if text and len(_squeeze(text)) >= 2):
        holding = [box for box, text in lines if target in text]
        if holding:
            return holding[0]
        inside = [(box, text) for box, text in lines if text in target]
        if inside:
            anchor = max(inside, key=lambda entry: len(entry[1]))[0]
            row = [box for box, _ in inside if box[1] < anchor[3] and box[3] > anchor[1]]
            return (min(b[0] for b in row), min(b[1] for b in row), max(b[2] for b in row), max(b[3] for b in row))
    return None


def _highlight(image: Any, box: tuple[float, ...]) -> Any:
    from PIL import Image, ImageDraw

    pad = max(4.0, (box[3] - box[1]) * 0.25)
    area = (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    draw.rectangle(area, fill=HIGHLIGHT, outline=(200, 30, 30, 255), width=max(2, image.width // 400))
    return Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")


def _crop_uri(image: Any, box: tuple[float, ...]) -> str:
    """The full width of the page (labels sit left of values) and a few lines above and below."""
    height = min(box[3] - box[1], image.height / 10)
    top = max(0, int(box[1] - 3 * height))
    bottom = min(image.height, int(box[3] + 3 * height))
    margin = max(box[2] - box[0], image.width * 0.15)
    left, right = max(0, int(box[0] - margin)), min(image.width, int(box[2] + margin))
    return _fit_uri(image.crop((left, top, right, bottom)), CROP_WIDTH)


def _fit_uri(image: Any, side: int) -> str:
    small = image.copy()
    small.thumbnail((side, side))
    buffer = io.BytesIO()
    small.save(buffer, format="JPEG", quality=72, optimize=True)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def jpeg_data_uri(image: Any, blur: bool = False) -> str:
    from PIL import ImageFilter

    small = image.convert("RGB")
    small.thumbnail((MAX_SIDE, MAX_SIDE))
    if blur:
        small = small.filter(ImageFilter.GaussianBlur(radius=3))
    buffer = io.BytesIO()
    small.save(buffer, format="JPEG", quality=70, optimize=True)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
