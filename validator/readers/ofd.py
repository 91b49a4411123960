"""OFD documents (GB/T 33190-2016, the fixed-layout format of China's electronic licences).

No library on PyPI was sound for this (checked 2026-11: easyofd renders through PyMuPDF
and logs with loguru; ofdkit and ofdreader are new single-author releases), and the part
that matters is small: an OFD is a zip of XML parts,

    OFD.xml → DocBody/DocRoot → Document.xml → Pages/Page/@BaseLoc → Content.xml
    → Layer (PageBlock …) → TextObject/@Boundary → TextCode/@X, @Y (mm, baseline)

so the text is read with positions, as from a PDF's text layer, and fields are extracted
the same way. Page templates (CommonData/TemplatePage) are read with the page that uses
them. A page without text but with an image (a scan saved as OFD) is OCR'd. The zip passes
validator.xmlsafe's checks (no DTD or entity, part size and ratio, part count) first, and
every part is parsed with defusedxml.
"""
from __future__ import annotations

import io
import posixpath
import zipfile
from typing import TYPE_CHECKING, Iterator

from validator.documents import Page, TextLine
from validator.errors import InputError
from validator.readers.layout import merge_runs, page_text
from validator.xmlsafe import check_ooxml, parse_xml

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from validator.readers.formats import Job

MM_TO_PT = 72 / 25.4
A4_MM = (210.0, 297.0)


class NotOfd(InputError):
    """A zip with OFD.xml whose structure does not lead to pages."""


def _local(element: Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _children(element: Element, name: str) -> Iterator[Element]:
    return (child for child in element if _local(child) == name)


def _first(element: Element | None, *path: str) -> Element | None:
    for name in path:
        if element is None:
            return None
        element = next(_children(element, name), None)
    return element


def _numbers(text: str | None) -> list[float]:
    try:
        return [float(part) for part in (text or "").split()]
    except ValueError:
        return []


class OfdPackage:
    """The zip and its parts, addressed as the standard does (relative to the referring part)."""

    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.names = {name.lower(): name for name in self.zip.namelist()}

    def xml(self, path: str) -> Element:
        return parse_xml(self.read(path))

    def read(self, path: str) -> bytes:
        name = self.names.get(path.lstrip("/").lower())
        if name is None:
            raise NotOfd(f"the OFD has no part {path}")
        return self.zip.read(name)

    def document(self) -> tuple[str, Element]:
        """(path of Document.xml, its root) of the first document body."""
        root = _first(self.xml("OFD.xml"), "DocBody", "DocRoot")
        if root is None or not (root.text or "").strip():
            raise NotOfd("OFD.xml names no DocRoot")
        path = root.text.strip().lstrip("/")
        return path, self.xml(path)


def _resolve(base_part: str, location: str) -> str:
    """A BaseLoc: absolute from the package root when it starts with "/", else relative to the
    folder of the part that names it."""
    location = location.strip()
    if location.startswith("/"):
        return location.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), location))


def _pages(document_path: str, document: Element) -> list[tuple[str, list[str]]]:
    """(Content.xml path, [template Content.xml paths]) of every page, in order."""
    common = _first(document, "CommonData")
    templates = {element.get("ID"): _resolve(document_path, element.get("BaseLoc", ""))
                 for element in (_children(common, "TemplatePage") if common is not None else ())}
    pages = []
    for page in _children(_first(document, "Pages") or document, "Page"):
        content = _resolve(document_path, page.get("BaseLoc", ""))
        pages.append((content, [templates[ref] for ref in _template_refs(page, templates)]))
    return pages


def _template_refs(page: Element, templates: dict[str | None, str]) -> list[str | None]:
    return [element.get("TemplateID") for element in page.iter() if _local(element) == "Template"
            and element.get("TemplateID") in templates]


def page_count(data: bytes) -> int:
    package = OfdPackage(data)
    path, document = package.document()
    return len(_pages(path, document))


def _size(content: Element, document: Element) -> tuple[float, float]:
    """The page's PhysicalBox (its own, else the document's default), in mm."""
    for box in (_first(content, "Area", "PhysicalBox"), _first(document, "CommonData", "PageArea", "PhysicalBox")):
        numbers = _numbers(box.text if box is not None else None)
        if len(numbers) == 4 and numbers[2] > 0 and numbers[3] > 0:
            return numbers[2], numbers[3]
    return A4_MM


def text_runs(content: Element) -> list[TextLine]:
    """Every TextCode of a page as a boxed run in points, top-left origin."""
    runs = []
    for text_object in (element for element in content.iter() if _local(element) == "TextObject"):
        boundary = _numbers(text_object.get("Boundary"))
        if len(boundary) != 4:
            continue
        size = (_numbers(text_object.get("Size")) or [3.5])[0]
        x = y = 0.0
        for code in _children(text_object, "TextCode"):
            text = (code.text or "").strip()
            # X and Y carry over from the previous TextCode when absent (GB/T 33190 §11.3).
            x = (_numbers(code.get("X")) or [x])[0]
            y = (_numbers(code.get("Y")) or [y])[0]
            if not text:
                continue
            width = sum(_numbers(code.get("DeltaX"))) + size if code.get("DeltaX") else size * len(text)
            left, baseline = boundary[0] + x, boundary[1] + y
            box = (left * MM_TO_PT, (baseline - size) * MM_TO_PT, (left + width) * MM_TO_PT, baseline * MM_TO_PT)
            runs.append(TextLine(text, box))
    return runs


def _images(package: OfdPackage, document_path: str, document: Element, content: Element) -> list[bytes]:
    """The bytes of the page's image objects (largest boundary first), from the document's resources."""
    media = _media(package, document_path, document)
    found = []
    for image in (element for element in content.iter() if _local(element) == "ImageObject"):
        boundary = _numbers(image.get("Boundary"))
        location = media.get(image.get("ResourceID"))
        if location and len(boundary) == 4:
            found.append((boundary[2] * boundary[3], location))
    return [package.read(location) for _, location in sorted(found, reverse=True)]


def _media(package: OfdPackage, document_path: str, document: Element) -> dict[str | None, str]:
    """MultiMedia ID → part path, from every resource file the document names."""
    common = _first(document, "CommonData")
    media: dict[str | None, str] = {}
    for reference in (element for element in (common if common is not None else ())
                      if _local(element) in ("PublicRes", "DocumentRes")):
        resource_path = _resolve(document_path, reference.text or "")
        resources = package.xml(resource_path)
        base = _resolve(resource_path, resources.get("BaseLoc", "")) if resources.get("BaseLoc") else \
            posixpath.dirname(resource_path)
        for item in (element for element in resources.iter() if _local(element) == "MultiMedia"):
            media_file = _first(item, "MediaFile")
            if media_file is not None and media_file.text:
                media[item.get("ID")] = _resolve(base + "/", media_file.text)
    return media


def read_ofd(job: Job) -> int:
    """Fills the pages (text with positions; OCR for image-only pages); returns pages beyond the limit."""
    from validator.readers.image import open_frames

    check_ooxml(job.data, job.limits)
    package = OfdPackage(job.data)
    document_path, document = package.document()
    pages = _pages(document_path, document)
    read = job.read
    for number, (content_path, templates) in enumerate(pages[:job.limits.max_pdf_pages], start=1):
        content = package.xml(content_path)
        width, height = (side * MM_TO_PT for side in _size(content, document))
        runs = [run for part in (*templates, content_path) for run in
                text_runs(content if part == content_path else package.xml(part))]
        if runs:
            lines = merge_runs(runs)
            read.pages.append(Page(number, page_text(lines), lines, "text", width, height))
            continue
        images = _images(package, document_path, document, content)
        read.is_scan = read.is_scan or bool(images)
        if images and job.ocr_page is not None:
            read.pages.append(job.ocr_page(open_frames(images[0], job.limits.max_image_pixels)[0], number))
        else:
            read.pages.append(Page(number, "", [], "none", width, height))
    return max(0, len(pages) - job.limits.max_pdf_pages)

