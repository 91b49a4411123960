"""Word 97 (.doc), WPS (.wps), RTF and HTML documents: converted by LibreOffice into a .docx and
read as one.

WPS Office writes .wps as a Word 97 compound file, so both are sniffed as "doc"; many systems
export "Word" files that are RTF or HTML under a .doc name (sniffed as "rtf", "html"). The bytes are written
to a private temporary folder under the name of what they are (LibreOffice would take a
``.wps`` name for Microsoft Works), converted, and the output is checked to be a .docx
before the .docx reader (and validator.intake.xmlsafe) sees it. Where LibreOffice is not
installed, or cannot convert the file, antiword or catdoc give the plain text of a Word 97
file, and the standard library's HTML parser that of a page: enough to classify the
document and find its sections, and the report says the layout was not read.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from validator.catalogue import t
from validator.readers import libreoffice
from validator.errors import InputError
from validator.readers.notes import note
from validator.readers.office import read_docx, read_text
from validator.intake.sniff import sniff
from validator.intake.xmlsafe import check_ooxml

if TYPE_CHECKING:
    from validator.readers.formats import ReadJob

_TEXT_TOOLS = (("antiword", "-m", "UTF-8.txt"), ("catdoc", "-d", "utf-8", "-w"))
_TEXT_TIMEOUT = 30.0


class NotConverted(InputError):
    """LibreOffice gave no usable .docx for the file."""


def read_doc(job: ReadJob) -> None:
    kind = sniff(job.data)
    if kind not in ("doc", "rtf", "html", "works"):
        raise NotConverted(t("legacy_not_word"))
    with tempfile.TemporaryDirectory(prefix="dingdian-doc-") as folder:
        # LibreOffice takes a Works file by its .wps name; a WPS Office .wps is a Word 97 file (.doc)
        source = Path(folder) / f"document.{'wps' if kind == 'works' else kind}"
        source.write_bytes(job.data)
        try:
            converted = to_docx(source, job.limits.per_file_seconds)
        except libreoffice.ConversionError as error:
            _read_plain(job, source, error)
            return
    check_ooxml(converted, job.limits)
    read_docx(job.read, converted)
    job.read.reader = "libreoffice"


def to_docx(source: Path, timeout: float) -> bytes:
    """The .docx LibreOffice makes of ``source``; NotConverted when it is not a .docx."""
    out = source.parent / "out"
    out.mkdir()
    (output,) = libreoffice.convert([source], "docx:MS Word 2007 XML", out, timeout=timeout)
    data = output.read_bytes()
    if sniff(data) != "docx":
        raise NotConverted(t("legacy_no_docx"))
    return data


def _read_plain(job: ReadJob, source: Path, why: libreoffice.ConversionError) -> None:
    """The text alone, by antiword or catdoc; a note says the layout (tables, headings) was not read."""
    text = plain_text(source)
    missing = isinstance(why, libreoffice.NotInstalled)
    cause_zh = "本机未安装LibreOffice" if missing else "LibreOffice未能转换该文件"
    cause_en = "LibreOffice is not installed" if missing else "LibreOffice could not convert it"
    if text is None and not missing:
        raise NotConverted(t("legacy_not_converted", reason=why))
    if text is None:
        job.notes.append(note(job.read.file, "doc_not_read", f"{cause_zh}，且无法提取文字，该文件未能读取，仅按文件名归类。",
                              f"{cause_en} and no text could be extracted; the file is classified by its name only.",
                              detail=str(why)))
        return
    job.read.format, job.read.reader = "text", "plain_text"
    read_text(job.read, text.encode("utf-8"))
    job.notes.append(note(job.read.file, "layout_not_read", f"{cause_zh}，仅提取了文字，表格和版面未能读取。",
                          f"{cause_en}; only the text was read, not the tables and layout.", detail=str(why)))


def plain_text(source: Path) -> str | None:
    """The document's text: an HTML page's by the standard library, a Word 97 file's by the first
    of antiword, catdoc that is installed and succeeds."""
    if source.suffix == ".html":
        return html_text(source.read_bytes()) or None
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


def html_text(data: bytes) -> str:
    """The text of an HTML page, a line per block (paragraph, heading, table row, line break)."""
    from html.parser import HTMLParser

    from validator.intake.text_decoding import decode_chinese_text

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.hidden = 0

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.hidden += tag in ("script", "style", "head")
            if tag in _BLOCKS:
                self.parts.append("\n")
            elif tag in ("td", "th"):
                self.parts.append("\t")

        def handle_endtag(self, tag: str) -> None:
            self.hidden -= tag in ("script", "style", "head") and self.hidden > 0

        def handle_data(self, data: str) -> None:
            if not self.hidden:
                self.parts.append(data.replace("\xa0", " "))

    parser = Text()
    parser.feed(decode_chinese_text(data) or data.decode("utf-8", errors="replace"))
    return "\n".join(line.strip() for line in "".join(parser.parts).splitlines() if line.strip())


_BLOCKS = frozenset({"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "title", "table"})
