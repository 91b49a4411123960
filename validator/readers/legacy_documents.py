"""Word 97 (.doc) and WPS (.wps) documents: converted by LibreOffice into a .docx and read as one.

WPS Office writes .wps as a Word 97 compound file, so both are sniffed as "doc". The bytes
are written to a private temporary folder under a ``.doc`` name (LibreOffice would take a
``.wps`` name for Microsoft Works), converted, and the output is checked to be a .docx
before the .docx reader (and validator.xmlsafe) sees it. Where LibreOffice is not
installed, or cannot convert the file, antiword or catdoc give the plain text: enough to
classify the document and find its sections, and the report says the layout was not read.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from validator import libreoffice
from validator.errors import InputError
from validator.readers.notes import note
from validator.readers.office import read_docx, read_text
from validator.sniff import sniff
from validator.xmlsafe import check_ooxml

if TYPE_CHECKING:
    from validator.readers.formats import Job

_TEXT_TOOLS = (("antiword", "-m", "UTF-8.txt"), ("catdoc", "-d", "utf-8", "-w"))
_TEXT_TIMEOUT = 30.0


class NotConverted(InputError):
    """LibreOffice gave no usable .docx for the file."""


def read_doc(job: Job) -> None:
    if sniff(job.data) != "doc":
        raise NotConverted("not a Word 97 document (no WordDocument stream)")
    with tempfile.TemporaryDirectory(prefix="dingdian-doc-") as folder:
        source = Path(folder) / "document.doc"
        source.write_bytes(job.data)
        try:
            converted = to_docx(source, job.limits.per_file_seconds)
        except libreoffice.ConversionError as error:
            _read_plain(job, source, error)
            return
    check_ooxml(converted, job.limits)
    read_docx(job.read, converted)


def to_docx(source: Path, timeout: float) -> bytes:
    """The .docx LibreOffice makes of ``source``; NotConverted when it is not a .docx."""
    out = source.parent / "out"
    out.mkdir()
    (output,) = libreoffice.convert([source], "docx:MS Word 2007 XML", out, timeout=timeout)
    data = output.read_bytes()
    if sniff(data) != "docx":
        raise NotConverted("LibreOffice wrote no .docx for the document")
    return data


def _read_plain(job: Job, source: Path, why: libreoffice.ConversionError) -> None:
    """The text alone, by antiword or catdoc; a note says the layout (tables, headings) was not read."""
    text = plain_text(source)
    missing = isinstance(why, libreoffice.NotInstalled)
    cause_zh = "本机未安装LibreOffice" if missing else "LibreOffice未能转换该文件"
    cause_en = "LibreOffice is not installed" if missing else "LibreOffice could not convert it"
    if text is None and not missing:
        raise NotConverted(f"neither LibreOffice nor antiword/catdoc could read the document ({why})")
    if text is None:
        job.notes.append(note(job.read.file, "doc_not_read", f"{cause_zh}，且无法提取文字，该文件未能读取，仅按文件名归类。",
                              f"{cause_en} and no text could be extracted; the file is classified by its name only.",
                              detail=str(why)))
        return
    job.read.format = "text"
    read_text(job.read, text.encode("utf-8"))
    job.notes.append(note(job.read.file, "layout_not_read", f"{cause_zh}，仅提取了文字，表格和版面未能读取。",
                          f"{cause_en}; only the text was read, not the tables and layout.", detail=str(why)))


def plain_text(source: Path) -> str | None:
    """The document's text by the first of antiword, catdoc that is installed and succeeds."""
    for program, *options in _TEXT_TOOLS:
        path = shutil.which(program)
        if path is None:
            continue
        try:
            result = subprocess.run([path, *options, str(source)], capture_output=True, timeout=_TEXT_TIMEOUT,
                                    stdin=subprocess.DEVNULL, check=False)
        except (subprocess.TimeoutExpired, OSError):
            continue
        text = result.stdout.decode("utf-8", errors="replace").strip()
        if result.returncode == 0 and text:
            return text
    return None
