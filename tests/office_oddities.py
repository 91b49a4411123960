"""Files as other software writes them, for the public files of docs/audits/real-files.md that
cannot be kept (personal data, licence): built here with python-docx, lxml, zipfile and Pillow.

* docx_with_boxes: text in a WPS/Word text box (DrawingML choice + VML fallback, the way Word and
  WPS Office write it), in a VML-only text box (LibreOffice's way), in block and inline content
  controls (w:sdt), in a frame (w:framePr) and under a phonetic guide (w:ruby) — the WPS résumé,
  docx2python's ControlTest.docx and apache/poi's stress019.docx;
* docx_with_template: settings naming the template the document was made from (attachedTemplate);
* zip_with_unicode_path_field: Info-ZIP Unicode-path fields whose CRC is over the local name,
  with local and central names that differ (libarchive's zip_7075_utf8_paths.zip);
* transparent_png: black or white text on transparent pixels that hold black (RapidOCR's files).
"""
from __future__ import annotations

import io
import struct
import zlib

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')


def _box_paragraphs(*texts: str) -> str:
    return "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in texts)


def drawing_text_box(*texts: str) -> str:
    """A run holding a text box twice, as Word and WPS write it: DrawingML and its VML fallback."""
    content = f"<w:txbxContent>{_box_paragraphs(*texts)}</w:txbxContent>"
    return (f'<w:r {NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
            f'<a:graphic><a:graphicData><wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp></a:graphicData></a:graphic>'
            f'</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox>'
            f'</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def vml_text_box(*texts: str) -> str:
    return (f'<w:r {NS}><w:pict><v:shape><v:textbox><w:txbxContent>{_box_paragraphs(*texts)}</w:txbxContent>'
            f'</v:textbox></v:shape></w:pict></w:r>')


def docx_with_boxes() -> bytes:
    """Body: a heading paragraph carrying a WPS text box, a frame, a block content control, a paragraph
    with an inline content control, a table whose cell holds a VML text box."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    anchor = document.add_paragraph("个人简历")
    anchor._p.append(parse_xml(drawing_text_box("姓名：张三", "执业药师注册证编号：12345")))
    framed = document.add_paragraph("框架中的文字")
    framed._p.get_or_add_pPr().append(parse_xml(f'<w:framePr {NS} w:w="3000" w:h="500" w:hAnchor="page"/>'))
    body = document.element.body
    control = parse_xml(f'<w:sdt {NS}><w:sdtPr><w:alias w:val="单位名称"/></w:sdtPr><w:sdtContent>'
                        f'<w:p><w:r><w:t>单位名称：威海市某某诊所</w:t></w:r></w:p></w:sdtContent></w:sdt>')
    body.insert(list(body).index(framed._p) + 1, control)
    inline = document.add_paragraph("法定代表人：")
    inline._p.append(parse_xml(f'<w:sdt {NS}><w:sdtPr/><w:sdtContent><w:r><w:t>李四</w:t></w:r></w:sdtContent></w:sdt>'))
    ruby = document.add_paragraph()  # a phonetic guide over 医 (w:ruby): the base text is the text
    ruby._p.append(parse_xml(f'<w:r {NS}><w:ruby><w:rubyPr/><w:rt><w:r><w:t>yī</w:t></w:r></w:rt>'
                             f'<w:rubyBase><w:r><w:t>医</w:t></w:r></w:rubyBase></w:ruby></w:r>'))
    ruby.add_run("保")
    cell = document.add_table(rows=1, cols=2).rows[0].cells
    cell[0].text = "执业地点"
    cell[1].paragraphs[0]._p.append(parse_xml(vml_text_box("威海市环翠区")))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


ATTACHED_TEMPLATE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"


def docx_with_template(target: str) -> bytes:
    """A one-paragraph document whose settings name ``target`` as its template (TargetMode External)."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("EHS Manual")
    settings = document.part._settings_part
    element = OxmlElement("w:attachedTemplate")
    element.set(qn("r:id"), settings.relate_to(target, ATTACHED_TEMPLATE, is_external=True))
    settings.element.insert(0, element)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_with_unicode_path_field(names: dict[str, bytes]) -> bytes:
    """A zip whose entries are named ``local`` in their local headers and by the CP437 bytes of
    ``central`` in the central directory, each with a 0x7075 field holding the real UTF-8 name
    and the CRC of the local name. ``names`` maps the real name to its content."""
    local_parts, central_parts = [], []
    offset = 0
    for real, content in names.items():
        local_name = real.encode("ascii", "replace").replace(b"?", b"xx")
        central_name = real.encode("cp437", "replace")
        field = struct.pack("<B", 1) + struct.pack("<I", zlib.crc32(local_name)) + real.encode("utf-8")
        extra = struct.pack("<HH", 0x7075, len(field)) + field
        crc = zlib.crc32(content)
        common = struct.pack("<HHHHHIII", 20, 0, 0, 0, 0, crc, len(content), len(content))
        local = b"PK\x03\x04" + common + struct.pack("<HH", len(local_name), len(extra)) + local_name + extra + content
        central_parts.append(b"PK\x01\x02" + struct.pack("<H", 20) + common
                             + struct.pack("<HHHHHII", len(central_name), len(extra), 0, 0, 0, 0, offset)
                             + central_name + extra)
        local_parts.append(local)
        offset += len(local)
    directory = b"".join(central_parts)
    end = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, len(names), len(names), len(directory), offset, 0)
    return b"".join(local_parts) + directory + end


def transparent_png(text: str, ink: str) -> bytes:
    """``text`` in ``ink`` ("black" or "white") on pixels that are transparent and hold black."""
    from PIL import Image, ImageDraw

    from samples.synth.fonts import pil_font

    image = Image.new("RGBA", (900, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).text((40, 50), text, fill=ink, font=pil_font(90))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()

