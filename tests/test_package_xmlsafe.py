"""check_ooxml: DTDs anywhere in the prolog (UTF-8 or UTF-16), size and ratio limits,
relationships fetched on open; ordinary documents and hyperlinks pass."""
from __future__ import annotations

import pytest

from hostile_corpus import BILLION_LAUGHS, docx_bytes, replace_part, xlsx_bytes
from validator.errors import InputError
from validator.intake.limits import Limits
from validator.intake.xmlsafe import UnsafeDocument, check_ooxml

RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" '
        'Target="http://203.0.113.1/x" TargetMode="External"/></Relationships>')


def test_plain_office_files_pass():
    check_ooxml(docx_bytes())
    check_ooxml(xlsx_bytes())


def test_dtd_in_utf16_part_is_found():
    bomb = BILLION_LAUGHS.decode("utf-8").replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    with pytest.raises(UnsafeDocument):
        check_ooxml(replace_part(docx_bytes(), "word/document.xml", bomb.encode("utf-16")))


def test_dtd_after_a_long_prolog_is_found():
    padded = b'<?xml version="1.0"?>\n' + b"<!-- padding -->\n" * 10_000 + BILLION_LAUGHS.split(b"?>", 1)[1]
    with pytest.raises(UnsafeDocument):
        check_ooxml(replace_part(docx_bytes(), "word/document.xml", padded))


def test_doctype_text_inside_the_document_is_not_a_dtd():
    body = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b"<w:body><w:p><w:r><w:t><![CDATA[<!DOCTYPE x>]]></w:t></w:r></w:p></w:body></w:document>")
    check_ooxml(replace_part(docx_bytes(), "word/document.xml", body))


@pytest.mark.usefixtures("english")
def test_oversized_part_and_bomb_ratio():
    data = replace_part(docx_bytes(), "word/document.xml", b"<a>" + b" " * 300_000 + b"</a>")
    with pytest.raises(UnsafeDocument, match="larger than"):
        check_ooxml(data, Limits(max_xml_part_bytes=100_000))
    with pytest.raises(UnsafeDocument, match="compression ratio"):
        check_ooxml(data, Limits(ratio_floor_bytes=1000, max_ratio=50))


@pytest.mark.parametrize("kind, unsafe", [("attachedTemplate", True), ("subDocument", True), ("frame", True),
                                          ("hyperlink", False), ("image", False)])
def test_relationships_fetched_on_open(kind, unsafe):
    data = replace_part(docx_bytes(), "word/_rels/settings.xml.rels", RELS.format(kind=kind).encode())
    if unsafe:
        with pytest.raises(UnsafeDocument, match=kind):
            check_ooxml(data)
    else:
        check_ooxml(data)


def test_damaged_zip_is_an_input_error_not_unsafe():
    with pytest.raises(InputError) as raised:
        check_ooxml(b"PK\x03\x04" + b"\x00" * 50)
    assert not isinstance(raised.value, UnsafeDocument)
