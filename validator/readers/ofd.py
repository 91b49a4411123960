"""OFD documents (GB/T 33190-2016, the fixed-layout format of China's electronic licences).

No library on PyPI was sound for this (checked 2026-11: easyofd converts through PyMuPDF,
an AGPL dependency, and brings loguru and fontTools; ofdkit 0.2 and ofdreader 0.1 are first
releases without a record of use), and the part that matters is small: an OFD is a zip of
XML parts,

    OFD.xml → DocBody/DocRoot → Document.xml → Pages/Page/@BaseLoc → Content.xml
    → Layer (PageBlock …) → TextObject/@Boundary → TextCode/@X, @Y (mm, baseline)

so the text is read with positions, as from a PDF's text layer, and fields are extracted
the same way. Page templates (CommonData/TemplatePage) are read with the page that uses
them. A page without text but with an image (a scan saved as OFD) is OCR'd. The zip passes
validator.intake.xmlsafe's checks (no DTD or entity, part size and ratio, part count) first, and
every part is parsed with defusedxml.
"""
from __future__ import annotations

import io
import posixpath
import zipfile
from typing import TYPE_CHECKING, Any, Callable, Iterator

from validator.catalogue import t
from validator.readers.documents import Page, TextLine
from validator.errors import InputError
from validator.readers.notes import note
from validator.readers.layout import merge_runs, page_text
from validator.intake.xmlsafe import check_ooxml, parse_xml

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from validator.readers.formats import ReadJob

MM_TO_PT = 72 / 25.4
RENDER_SCALE = 200 / 72  # points to pixels at 200 dpi, as PDF pages are rendered
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
        self.missing: list[str] = []  # parts named by the document but absent from the container

    def optional_xml(self, path: str) -> Element | None:
        """A part the document can be read without (a resource file, a template, one page's
        content): None, and recorded in ``missing``, when the container lacks it. ofdrw's converter
        test files name a PublicRes.xml they do not hold, and ofdrw reads them all the same."""
        if path.lstrip("/").lower() not in self.names:
            self.missing.append(path)
            return None
        return self.xml(path)

    def xml(self, path: str) -> Element:
        return parse_xml(self.read(path))

    def read(self, path: str) -> bytes:
        name = self.names.get(path.lstrip("/").lower())
        if name is None:
            raise NotOfd(t("ofd_no_part", path=path))
        return self.zip.read(name)

    def document(self) -> tuple[str, Element]:
        """(path of Document.xml, its root) of the first document body."""
        root = _first(self.xml("OFD.xml"), "DocBody", "DocRoot")
        if root is None or not (root.text or "").strip():
            raise NotOfd(t("ofd_no_docroot"))
        path = root.text.strip().lstrip("/")
        return path, self.xml(path)


def _resolve(base_part: str, location: str) -> str:
    """A BaseLoc: absolute from the package root when it starts with "/", else relative to the
    folder of the part that names it."""
    location = location.strip()
    if location.startswith("/"):
        return location.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), location))


def _pages(document_path: str, document: Element) -> tuple[list[str], dict[str | None, str]]:
    """(Content.xml path of every page in order, template id → Content.xml path)."""
    common = _first(document, "CommonData")
    templates = {element.get("ID"): _resolve(document_path, element.get("BaseLoc", ""))
                 for element in (_children(common, "TemplatePage") if common is not None else ())}
    pages = [_resolve(document_path, page.get("BaseLoc", ""))
             for page in _children(_first(document, "Pages") or document, "Page")]
    return pages, templates


def _templates_of(content: Element, templates: dict[str | None, str]) -> list[str]:
    """The template parts a page's content names (``<ofd:Template TemplateID="…"/>``), in order."""
    return [templates[element.get("TemplateID")] for element in _children(content, "Template")
            if element.get("TemplateID") in templates]


def page_count(data: bytes) -> int:
    package = OfdPackage(data)
    path, document = package.document()
    return len(_pages(path, document)[0])


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
        # CTM a b c d e f maps the object's space into its boundary (scaling is all that matters here).
        ctm = _numbers(text_object.get("CTM"))
        scale_x, scale_y, shift_x, shift_y = (ctm[0], ctm[3], ctm[4], ctm[5]) if len(ctm) == 6 else (1, 1, 0, 0)
        x = y = 0.0
        for code in _children(text_object, "TextCode"):
            text = (code.text or "").strip()
            # X and Y carry over from the previous TextCode when absent (GB/T 33190 §11.3).
            x = (_numbers(code.get("X")) or [x])[0]
            y = (_numbers(code.get("Y")) or [y])[0]
            if not text:
                continue
            deltas = _deltas(code.get("DeltaX"))
            width = (sum(deltas[:len(text) - 1]) + size if deltas else size * len(text)) * abs(scale_x)
            height = size * abs(scale_y)
            left, baseline = boundary[0] + shift_x + x * scale_x, boundary[1] + shift_y + y * scale_y
            box = (left * MM_TO_PT, (baseline - height) * MM_TO_PT, (left + width) * MM_TO_PT, baseline * MM_TO_PT)
            runs.append(TextLine(text, box))
    return runs


def _deltas(text: str | None) -> list[float]:
    """DeltaX/DeltaY values; "g 3 2.5" stands for 2.5 three times (GB/T 33190 §11.3)."""
    tokens, values = (text or "").split(), []
    while tokens:
        token = tokens.pop(0)
        try:
            if token == "g" and len(tokens) >= 2:
                values += [float(tokens[1])] * min(int(tokens[0]), 10_000)
                del tokens[:2]
            else:
                values.append(float(token))
        except ValueError:
            return []
    return values


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
        resources = package.optional_xml(resource_path)
        if resources is None:
            continue
        base = _resolve(resource_path, resources.get("BaseLoc", "")) if resources.get("BaseLoc") else \
            posixpath.dirname(resource_path)
        for item in (element for element in resources.iter() if _local(element) == "MultiMedia"):
            media_file = _first(item, "MediaFile")
            if media_file is not None and media_file.text:
                media[item.get("ID")] = _resolve(base + "/", media_file.text)
    return media


def read_ofd(job: ReadJob) -> int:
    """Fills the pages (text with positions; OCR for image-only pages); returns pages beyond the limit."""
    from validator.readers.image import open_frames

    check_ooxml(job.data, job.limits)
    package = OfdPackage(job.data)
    document_path, document = package.document()
    pages, templates = _pages(document_path, document)
    read = job.read
    scans: dict[int, bytes] = {}
    for number, content_path in enumerate(pages[:job.limits.max_pdf_pages], start=1):
        content = package.optional_xml(content_path)
        if content is None:
            read.pages.append(Page(number, "", [], "none"))
            continue
        width, height = (side * MM_TO_PT for side in _size(content, document))
        layers = [layer for path in _templates_of(content, templates)
                  if (layer := package.optional_xml(path)) is not None] + [content]
        runs = [run for layer in layers for run in text_runs(layer)]
        if runs:
            lines = merge_runs(runs)
            read.pages.append(Page(number, page_text(lines), lines, "text", width, height))
            continue
        images = _images(package, document_path, document, content)
        if images:
            read.is_scan, scans[number] = True, images[0]
        if images and job.ocr_page is not None:
            read.pages.append(job.ocr_page(open_frames(images[0], job.limits.max_image_pixels)[0], number))
        else:
            read.pages.append(Page(number, "", [], "none", width, height))
    read.render = _renderer(scans, [(page.width, page.height) for page in read.pages], job.limits.max_image_pixels)
    if package.missing:
        parts = "、".join(dict.fromkeys(package.missing))
        job.notes.append(note(read.file, "ofd_parts_missing", f"OFD文件缺少其引用的部件（{parts}），其余内容已读取。",
                              f"the OFD lacks parts it names ({parts}); the rest was read.", found=parts))
    return max(0, len(pages) - job.limits.max_pdf_pages)


def _renderer(scans: dict[int, bytes], sizes: list[tuple[float, float]], max_pixels: int) -> Callable[[int], Any]:
    """Page n as an image (seal detection, thumbnails): a scanned page's own image; a page of
    text is drawn by no one here (its fonts are the OFD's), so it is a blank page of its size."""
    def render(number: int) -> Any:
        from PIL import Image

        from validator.readers.image import open_frames

        if number in scans:
            return open_frames(scans[number], max_pixels)[0]
        width, height = sizes[number - 1]
        return Image.new("RGB", (max(1, round(width * RENDER_SCALE)), max(1, round(height * RENDER_SCALE))), "white")
    return render

