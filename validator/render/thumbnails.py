"""Small JPEG data URIs of the pages where findings were found (for the HTML report)."""
from __future__ import annotations

import base64
import io
from typing import Any

from validator.documents import Document

MAX_SIDE = 220  # pixels: enough to recognise a page, too small to read a number off an A4 page
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


def jpeg_data_uri(image: Any, blur: bool = False) -> str:
    from PIL import ImageFilter

    small = image.convert("RGB")
    small.thumbnail((MAX_SIDE, MAX_SIDE))
    if blur:
        small = small.filter(ImageFilter.GaussianBlur(radius=3))
    buffer = io.BytesIO()
    small.save(buffer, format="JPEG", quality=70, optimize=True)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
