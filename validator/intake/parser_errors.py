"""Which exceptions mean "the file is damaged" and which mean "dingdian has a bug".

A reader turns its parser's own failures into a finding about the file; anything else
propagates, so that a bug in dingdian's code is exit 70, never an ``unreadable_file``
that blames the applicant (audit code-structure §7.1). Each backend names its library's
exception classes, which always mean damage, and the library's modules: a generic
exception (ValueError, KeyError, struct.error ...) means damage only when the library
itself raised it, i.e. the innermost frame of its traceback is in one of those modules.
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module
from typing import Iterable

from validator.errors import InputError

# What parsers raise on damaged input besides their own classes, when they raise it themselves.
_GENERIC = (ValueError, KeyError, IndexError, TypeError, AttributeError, OSError, EOFError, struct.error,
            zlib.error, AssertionError, NotImplementedError, RecursionError, MemoryError, OverflowError,
            ZeroDivisionError, UnicodeError)


@dataclass(frozen=True)
class Backend:
    """A parsing library: its top-level modules and "module:Class" names of its own exceptions."""

    name: str
    modules: tuple[str, ...]
    errors: tuple[str, ...] = ()

    def owns(self, error: BaseException) -> bool:
        """True when ``error`` is this library's report of a damaged file."""
        if isinstance(error, _classes(self.errors)):
            return True
        return isinstance(error, _GENERIC) and _raised_in(error, self.modules)


@lru_cache(maxsize=None)
def _classes(names: tuple[str, ...]) -> tuple[type[BaseException], ...]:
    classes = []
    for name in names:
        module, _, attribute = name.partition(":")
        try:
            classes.append(getattr(import_module(module), attribute))
        except (ImportError, AttributeError):  # an optional backend that is not installed raises nothing
            continue
    return tuple(classes)


def _raised_in(error: BaseException, modules: Iterable[str]) -> bool:
    """The innermost Python frame of the traceback belongs to one of ``modules``."""
    trace = error.__traceback__
    name = ""
    while trace is not None:
        name = trace.tb_frame.f_globals.get("__name__", "")
        trace = trace.tb_next
    return any(name == module or name.startswith(module + ".") for module in modules)


_ZIP = ("zipfile", "zlib", "bz2", "lzma")
PDFIUM = Backend("pdfium", ("pypdfium2",), ("pypdfium2:PdfiumError",))
PYPDF = Backend("pypdf", ("pypdf",), ("pypdf.errors:PyPdfError",))
PDFPLUMBER = Backend("pdfplumber", ("pdfplumber", "pdfminer"),
                     ("pdfminer.psexceptions:PSException", "pdfminer.pdfexceptions:PDFException"))
IMAGE = Backend("pillow", ("PIL", "pillow_heif"), ("PIL:UnidentifiedImageError", "PIL.Image:DecompressionBombError"))
DOCX = Backend("python-docx", ("docx", "lxml", *_ZIP),
               ("zipfile:BadZipFile", "docx.opc.exceptions:OpcError", "lxml.etree:LxmlError"))
XLSX = Backend("openpyxl", ("openpyxl", "lxml", "defusedxml", "xml", *_ZIP),
               ("zipfile:BadZipFile", "openpyxl.utils.exceptions:InvalidFileException", "lxml.etree:LxmlError",
                "xml.etree.ElementTree:ParseError", "defusedxml:DefusedXmlException"))
OFD = Backend("ofd", ("zipfile", "zlib", "xml", "defusedxml"),
              ("zipfile:BadZipFile", "xml.etree.ElementTree:ParseError", "defusedxml:DefusedXmlException"))
OCR = Backend("ocr", ("rapidocr", "onnxruntime", "cv2"))
HTML = Backend("html.parser", ("html", "_markupbase"))
ARCHIVES = Backend("archives", ("zipfile", "tarfile", "gzip", "bz2", "lzma", "zlib", "_compression", "py7zr",
                                "rarfile", "multivolumefile", "pyppmd", "pybcj", "inflate64", "Cryptodome"),
                   ("zipfile:BadZipFile", "tarfile:TarError", "lzma:LZMAError", "zlib:error",
                    "py7zr.exceptions:ArchiveError", "py7zr.exceptions:Bad7zFile", "py7zr.exceptions:CrcError",
                    "py7zr.exceptions:DecompressionError", "py7zr.exceptions:PasswordRequired",
                    "py7zr.exceptions:UnsupportedCompressionMethodError", "rarfile:Error"))


def damage(error: BaseException, backends: Iterable[Backend]) -> bool:
    """True when ``error`` reports a damaged, encrypted, oversized or slow file (a finding),
    False for a bug that must propagate. dingdian's own refusals are InputError."""
    return isinstance(error, InputError) or any(backend.owns(error) for backend in backends)
