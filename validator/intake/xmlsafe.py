"""XML safety for .docx / .xlsx: checked before python-docx or openpyxl see the bytes.

What guards what (verified in site-packages: openpyxl 3.1.5, python-docx 1.2.0,
defusedxml 0.7.1, lxml 6):

* openpyxl with lxml installed (our case) parses workbook, styles and relationship parts
  with ``lxml.etree.fromstring`` and ``XMLParser(resolve_entities=False)`` (defusedxml
  is *not* used for those), and worksheets and shared strings with
  ``defusedxml.ElementTree.iterparse`` (defusedxml is installed and
  ``OPENPYXL_DEFUSEDXML`` is unset), which raises on entity declarations.
* python-docx parses every part with ``lxml.etree.XMLParser(resolve_entities=False)``;
  lxml does not load external DTDs nor use the network by default.
* Neither library expands entities, but neither rejects a DOCTYPE either, and lxml still
  parses an internal DTD. :func:`check_ooxml` therefore rejects, before either library
  runs: any DOCTYPE or ENTITY declaration in any XML part (billion laughs, external
  entities), XML parts over ``Limits.max_xml_part_bytes`` or with a zip-bomb compression
  ratio, too many parts, and relationships that make Office fetch a remote file on
  open (``attachedTemplate``, ``subDocument``, ``frame`` with ``TargetMode="External"``:
  remote-template attacks). Ordinary external hyperlinks are allowed, and so is a template
  named by a local path (``file:///C:/Users/…/Templates/x.dotx``: Word records the template
  every document was made from; nothing is fetched, by dingdian or by Office).
* Everything dingdian parses itself goes through defusedxml (``forbid_dtd=True``).

It raises :class:`UnsafeDocument`, a subclass of InputError: a reader turns it into a
finding for that file; if it ever reached the CLI it would be exit 4.
"""
from __future__ import annotations

import io
import re
import zipfile
from typing import BinaryIO

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from validator.catalogue import t
from validator.errors import InputError
from validator.intake.limits import DEFAULT_LIMITS, Limits
from validator.intake.archive_base import ZIP_ERRORS

_MAX_PARTS = 10_000
_MAX_RELS_BYTES = 4 << 20
_CHUNK = 1 << 16
_FETCHED_ON_OPEN = ("/attachedTemplate", "/subDocument", "/frame")
_ROOT_START = re.compile(r"<[A-Za-z_]")
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class UnsafeDocument(InputError):
    """An Office file whose XML could attack the parser or makes Office fetch remote content."""


def check_ooxml(data: bytes, limits: Limits | None = None) -> None:
    """Raises UnsafeDocument (or InputError for a damaged zip) unless every XML part is safe."""
    limits = limits or DEFAULT_LIMITS
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > _MAX_PARTS:
                raise UnsafeDocument(t("xml_too_many_parts", count=len(infos)))
            for info in infos:
                if _is_xml(info.filename):
                    _check_part(archive, info, limits)
    except ZIP_ERRORS as error:
        raise InputError(t("office_unreadable", reason=type(error).__name__)) from None


def parse_xml(data: bytes):  # -> xml.etree.ElementTree.Element
    """The one XML parser for dingdian's own code: defusedxml, no DTD, no entities."""
    try:
        return fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise UnsafeDocument(t("xml_forbidden_construct", reason=type(error).__name__)) from None


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


def _check_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> None:
    name = info.filename
    if info.file_size > limits.max_xml_part_bytes:
        raise UnsafeDocument(t("xml_part_too_large", name=name, limit=limits.max_xml_part_bytes))
    if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(info.compress_size, 1):
        raise UnsafeDocument(t("xml_part_bomb", name=name))
    with archive.open(info) as stream:
        if _declares_dtd(stream):
            raise UnsafeDocument(t("xml_part_doctype", name=name))
    if name.lower().endswith(".rels"):
        _check_relationships(name, archive.read(info) if info.file_size <= _MAX_RELS_BYTES else b"")


def _declares_dtd(stream: BinaryIO) -> bool:
    """Scans the prolog (everything before the root element, where a DTD must be)."""
    first = stream.read(_CHUNK)
    encoding = "utf-16" if first[:2] in (b"\xff\xfe", b"\xfe\xff") or first[:2] in (b"<\x00", b"\x00<") else "utf-8"
    chunk, tail = first, ""
    while chunk:
        text = tail + chunk.decode(encoding, errors="ignore")
        root = _ROOT_START.search(text)
        prolog = text[:root.start()] if root else text
        if "<!DOCTYPE" in prolog or "<!ENTITY" in prolog:
            return True
        if root:
            return False
        tail = text[-16:]
        chunk = stream.read(_CHUNK)
        if encoding == "utf-16" and len(chunk) % 2:
            chunk += stream.read(1)
    return False


def _check_relationships(name: str, data: bytes) -> None:
    if not data:
        raise UnsafeDocument(t("xml_relationships_too_large", name=name))
    for relationship in parse_xml(data).iter(f"{_RELS_NS}Relationship"):
        external = relationship.get("TargetMode", "").lower() == "external"
        if external and relationship.get("Type", "").endswith(_FETCHED_ON_OPEN) \
                and _remote(relationship.get("Target", "")):
            kind = relationship.get("Type", "").rsplit("/", 1)[-1]
            raise UnsafeDocument(t("xml_external_fetch", name=name, kind=kind))


def _remote(target: str) -> bool:
    """Whether Office would fetch ``target`` over the network: a URL other than file:, a UNC path
    (\\\\server\\share, opened over SMB) or a file: URL naming a host; a drive or relative path is local."""
    path = target.strip().replace("\\", "/")
    if path.lower().startswith("file:"):
        path = path[5:]
        if path.startswith("///") or not path.startswith("//"):
            return False
        host = path[2:].split("/", 1)[0]
        return host.lower() not in ("", "localhost") and not re.fullmatch(r"[A-Za-z]:", host)
    if re.match(r"[A-Za-z]:/", path):
        return False
    return path.startswith("//") or bool(re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", path))
