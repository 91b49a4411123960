"""Every format offices send is read by content: spreadsheets and documents of
Office 97 and WPS, HEIC photos, OFD, videos, and packages as 7z, rar and tar."""
from __future__ import annotations

import io
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from format_corpus import certificate_ofd, libreoffice_convert, mp4_bytes, ofd_bytes
from samples.synth.certificates import make
from samples.synth.office import application_docx, roster_people, roster_xlsx, sections_docx
from samples.synth.render import to_image, to_pdf
from validator.extract.classify import classify
from validator.extract import extract_fields
from validator.readers import file_from_path, read_file
from validator.intake.sniff import expected_format, sniff

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


def _documents(path: Path, ocr: bool = False):
    read, findings = read_file(file_from_path(path), ocr=ocr)
    documents = classify(read)
    for document in documents:
        extract_fields(document)
    return read, findings, documents


def _fields(document) -> dict:
    return {name: found.value for name, found in document.fields.items()}


# --- OFD -------------------------------------------------------------------------------------

def test_ofd_text_is_read_with_positions_and_gives_the_pdfs_fields(tmp_path):
    cert = make("business_license", 3)
    ofd = tmp_path / "电子营业执照.ofd"
    ofd.write_bytes(certificate_ofd(cert))
    assert sniff(ofd.read_bytes()) == "ofd" and expected_format(ofd.name) == "ofd"
    read, findings, documents = _documents(ofd)
    assert findings == [] and read.format == "ofd" and not read.is_scan
    assert all(line.box for line in read.pages[0].lines)
    _, _, from_pdf = _documents(to_pdf(cert, tmp_path / "营业执照.pdf"))
    assert [d.document_type for d in documents] == ["business_license"]
    assert _fields(documents[0]) == _fields(from_pdf[0]) and _fields(documents[0])["uscc"]


def test_ofd_with_a_dtd_or_without_its_document_is_a_finding_not_a_crash(tmp_path):
    import zipfile

    hostile = io.BytesIO()
    with zipfile.ZipFile(hostile, "w") as archive:
        archive.writestr("OFD.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><ofd:OFD '
                         'xmlns:ofd="http://www.ofdspec.org/2016">&a;</ofd:OFD>')
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("OFD.xml", '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>'
                         'Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
    for name, data in (("hostile.ofd", hostile.getvalue()), ("broken.ofd", broken.getvalue())):
        path = tmp_path / name
        path.write_bytes(data)
        read, findings = read_file(file_from_path(path))
        assert [f.code for f in findings] == ["unreadable_file"] and read.pages == []


def test_ofd_without_text_is_a_scan_left_unread_without_ocr(tmp_path):
    buffer = io.BytesIO()
    to_image(make("practice_license", 2), dpi=60).save(buffer, "JPEG")
    path = tmp_path / "许可证.ofd"
    path.write_bytes(ofd_bytes([], image=buffer.getvalue()))
    read, findings = read_file(file_from_path(path), ocr=False)
    assert read.is_scan and [page.source for page in read.pages] == ["none"]
    assert [f.evidence["reason"] for f in findings] == ["ocr_disabled"]
    assert read.render(1).size == to_image(make("practice_license", 2), dpi=60).size  # the scan, for seals


@pytest.mark.slow
def test_ofd_scan_page_is_ocrd(tmp_path):
    buffer = io.BytesIO()
    to_image(make("practice_license", 2), dpi=200).save(buffer, "JPEG")
    path = tmp_path / "许可证.ofd"
    path.write_bytes(ofd_bytes([], image=buffer.getvalue()))
    read, _, documents = _documents(path, ocr=True)
    assert read.pages[0].source == "ocr" and documents[0].document_type == "practice_license"


# --- HEIC and video --------------------------------------------------------------------------

def _heic(tmp_path: Path, dpi: int) -> Path:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    path = tmp_path / "IMG_0001.HEIC"
    to_image(make("business_license", 4), dpi=dpi).save(path, "HEIF")
    return path


def test_heic_photo_is_an_image(tmp_path):
    path = _heic(tmp_path, 40)
    pfile = file_from_path(path)
    assert pfile.format == "heic"
    read, findings = read_file(pfile, ocr=False)
    assert read.format == "image" and read.is_scan
    assert read.render(1).size == (read.pages[0].width, read.pages[0].height) == (331, 468)
    assert [f.evidence["reason"] for f in findings] == ["ocr_disabled"]


@pytest.mark.slow
def test_heic_photo_is_ocrd(tmp_path):
    _, _, documents = _documents(_heic(tmp_path, 200), ocr=True)
    assert [d.document_type for d in documents] == ["business_license"]
    assert _fields(documents[0])["uscc"] == make("business_license", 4).expected["uscc"]


def test_video_is_present_and_not_read(tmp_path):
    path = tmp_path / "验收录像.mp4"
    path.write_bytes(mp4_bytes())
    read, findings = read_file(file_from_path(path))
    assert (file_from_path(path).format, read.format, read.pages, findings) == ("video", "video", [], [])
    (tmp_path / "clip.mov").write_bytes(b"\x00\x00\x00\x08wide" + mp4_bytes()[8:])
    assert sniff((tmp_path / "clip.mov").read_bytes()) == "video"


# --- .xls/.et and .doc/.wps (LibreOffice makes them) -----------------------------------------

@pytest.fixture(scope="module")
def legacy_office(tmp_path_factory) -> dict[str, Path]:
    """One .xls of a roster whose ID numbers are numbers in one column and text in another, one .doc
    of an application form and one of a document with sections; their WPS twins (.et, .wps)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    from openpyxl import Workbook

    folder = tmp_path_factory.mktemp("legacy")
    people = roster_people(3, seed=5)
    roster_xlsx(folder / "人员名册.xlsx", people)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "身份证号码（数值）", "身份证号码（文本）"])
    for person in people:
        sheet.append([person["name"], int(person["id_number"].replace("X", "0")), person["id_number"]])
    workbook.save(folder / "号码.xlsx")
    application_docx(folder / "申请表.docx", {"机构名称": "太原市小店区济民门诊部", "统一社会信用代码": "91140105158813998N"})
    sections_docx(folder / "管理制度.docx", "内部管理制度", ["医保管理制度", "财务管理制度", "药品和医用材料进销存管理制度"])
    sheets = libreoffice_convert([folder / "人员名册.xlsx", folder / "号码.xlsx"], "xls:MS Excel 97")
    documents = libreoffice_convert([folder / "申请表.docx", folder / "管理制度.docx"], "doc:MS Word 97")
    files = {path.name: path for path in (*sheets, *documents)}
    for path in (*sheets, *documents):
        twin = path.with_suffix(".et" if path.suffix == ".xls" else ".wps")
        twin.write_bytes(path.read_bytes())
        files[twin.name] = twin
    files["people"] = people  # type: ignore[assignment]
    return files


@pytest.mark.slow
@pytest.mark.parametrize("name", ["人员名册.xls", "人员名册.et"])
def test_xls_and_et_rosters_are_read_as_spreadsheets(legacy_office, name):
    read, findings, documents = _documents(legacy_office[name])
    assert findings == [] and read.format == "xlsx"
    assert [d.document_type for d in documents] == ["staff_roster"]
    people = legacy_office["people"]
    assert [row["id_number"] for row in documents[0].extra.roster] == [p["id_number"] for p in people]


@pytest.mark.slow
def test_an_id_number_stored_as_a_number_is_not_trusted(legacy_office):
    read, findings, _ = _documents(legacy_office["号码.xls"])
    people = legacy_office["people"]
    rows = read.tables[0].rows
    assert [row[2] for row in rows[1:]] == [p["id_number"] for p in people]  # text cells as typed
    for row, person in zip(rows[1:], people):  # 15 significant digits, as Excel prints them
        assert row[1] == str(int(Decimal(f"{int(person['id_number'].replace('X', '0')):.15g}")))
        assert row[1] != person["id_number"] and row[1].endswith("000")
    assert [(f.code, f.evidence["reason"], f.row) for f in findings] == \
        [("could_not_verify", "number_precision_lost", row) for row in (2, 3, 4)]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["申请表.doc", "申请表.wps"])
def test_doc_and_wps_are_converted_and_read_as_docx(legacy_office, name):
    assert file_from_path(legacy_office[name]).format == "doc"
    read, findings, documents = _documents(legacy_office[name])
    assert findings == [] and read.format == "docx"
    assert _fields(documents[0])["uscc"] == "91140105158813998N"


@pytest.mark.slow
def test_doc_without_libreoffice_keeps_classification_and_sections(legacy_office, monkeypatch):
    from validator.readers import libreoffice

    monkeypatch.setattr(libreoffice, "soffice", lambda: None)
    read, findings, documents = _documents(legacy_office["管理制度.wps"])
    assert read.format == "text" and "药品和医用材料进销存管理制度" in read.text
    assert [(f.code, f.evidence["reason"]) for f in findings] == [("could_not_verify", "layout_not_read")]
    from validator.extract.sections import headings

    assert documents[0].document_type == "management_system"
    assert {"医保管理制度", "财务管理制度", "药品和医用材料进销存管理制度"} <= set(headings(documents[0]))


def test_libreoffice_conversion_failure_is_one_line(tmp_path, monkeypatch):
    from validator.readers import libreoffice

    monkeypatch.setattr(libreoffice, "soffice", lambda: shutil.which("false"))
    with pytest.raises(libreoffice.ConversionError) as raised:
        libreoffice.convert([tmp_path / "a.docx"], "pdf", tmp_path)
    assert "a.pdf" in str(raised.value) and "\n" not in str(raised.value)
    monkeypatch.setattr(libreoffice, "soffice", lambda: None)
    with pytest.raises(libreoffice.NotInstalled):
        libreoffice.convert([tmp_path / "a.docx"], "pdf", tmp_path)


def test_doc_that_is_no_word_document_is_unreadable_without_running_libreoffice(monkeypatch):
    from validator.readers import libreoffice
    from test_readers import FakePackageFile

    def never(*args, **kwargs):
        raise AssertionError("LibreOffice must not run")

    monkeypatch.setattr(libreoffice, "convert", never)
    read, findings = read_file(FakePackageFile("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "doc"))
    assert [f.code for f in findings] == ["unreadable_file"]



def test_ids_typed_as_numbers_are_reported_not_judged(tmp_path):
    """An .xlsx roster whose ID column holds numbers: each row is could_not_verify, never a wrong ID
    that fails (or passes) the check digit, and two IDs equal in their first 15 digits are no duplicate."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from rule_fixtures import ID_A, ID_B, context, read_documents, roster_xlsx, run

    twin = ID_A[:15] + ("000" if ID_A[15:] != "000" else "111")
    rows = [[1, "王伟", int(ID_A.replace("X", "0")), "医师", "主治医师", "本科", "13812345678"],
            [2, "王丽", int(twin), "医师", "医师", "本科", "13812345679"],
            [3, "李娜", ID_B, "护士", "护师", "大专", "13912345678"]]
    path = roster_xlsx(tmp_path / "名册.xlsx", rows)
    _, findings = read_file(file_from_path(path))
    assert [(f.code, f.evidence["reason"], f.row) for f in findings] == [
        ("could_not_verify", "number_precision_lost", 3), ("could_not_verify", "number_precision_lost", 4)]
    ctx = context(read_documents(path))
    assert run("roster_invalid_row", ctx) == [] and run("roster_duplicate_person", ctx) == []
    assert ctx.facts["roster_counts"]["total"] == 3


def test_ofd_template_text_absolute_locations_and_carried_positions(tmp_path):
    """GB/T 33190: a page's template (CommonData/TemplatePage) is part of the page; BaseLoc may be
    absolute; a TextCode without X/Y continues from the previous one; DeltaX gives the advance."""
    import zipfile

    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    parts = {
        "OFD.xml": f'<ofd:OFD {ns}><ofd:DocBody><ofd:DocRoot>/Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>',
        "Doc_0/Document.xml": f'<ofd:Document {ns}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 100 50'
                              '</ofd:PhysicalBox></ofd:PageArea><ofd:TemplatePage ID="7" BaseLoc="Tpls/T.xml"/>'
                              '</ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="/Doc_0/Pages/P/Content.xml"/>'
                              '</ofd:Pages></ofd:Document>',
        "Doc_0/Tpls/T.xml": f'<ofd:Page {ns}><ofd:Content><ofd:Layer><ofd:TextObject Boundary="10 5 80 8" Size="5">'
                            '<ofd:TextCode X="0" Y="5">医疗机构执业许可证</ofd:TextCode></ofd:TextObject>'
                            '</ofd:Layer></ofd:Content></ofd:Page>',
        "Doc_0/Pages/P/Content.xml": f'<ofd:Page {ns}><ofd:Template TemplateID="7"/><ofd:Content><ofd:Layer>'
                                     '<ofd:PageBlock><ofd:TextObject Boundary="10 20 80 20" Size="4">'
                                     '<ofd:TextCode X="0" Y="4" DeltaX="4 4 4">登记号：</ofd:TextCode>'
                                     '<ofd:TextCode X="16">PDY001</ofd:TextCode></ofd:TextObject></ofd:PageBlock>'
                                     '</ofd:Layer></ofd:Content></ofd:Page>',
    }
    path = tmp_path / "许可证.ofd"
    with zipfile.ZipFile(path, "w") as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    read, findings = read_file(file_from_path(path))
    page = read.pages[0]
    assert findings == [] and page.text == "医疗机构执业许可证\n登记号：PDY001"
    assert read.render(1).size == (787, 394)  # a blank page of 100 x 50 mm at 200 dpi
    assert (round(page.width), round(page.height)) == (283, 142)  # 100 x 50 mm in points


@pytest.mark.slow
@needs_soffice
def test_rtf_saved_as_doc_is_read_like_word(tmp_path):
    from format_corpus import rtf_bytes
    from validator.intake.package import open_package

    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "管理制度.doc").write_bytes(rtf_bytes(["内部管理制度", "一、医保管理制度", "二、财务管理制度"]))
    package = open_package(folder)
    assert [f.format for f in package.files] == ["rtf"] and package.findings == []  # no wrong_extension
    read, findings = read_file(package.files[0])
    assert findings == [] and read.format == "docx" and "一、医保管理制度" in read.text


_HTML_DOC = ('<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="gb2312">'
             '<style>p {margin:0}</style></head><body><h1>从业人员名册</h1><table>'
             '<tr><td>序号</td><td>姓名</td><td>身份证号码</td><td>职位</td></tr>'
             '<tr><td>1</td><td>王伟</td><td>370602199001011234</td><td>医师</td></tr></table>'
             '<p>填表人：张三&nbsp;</p></body></html>').encode("gb18030")


def test_html_saved_as_doc_without_libreoffice_gives_its_text(tmp_path, monkeypatch):
    from validator.readers import libreoffice

    monkeypatch.setattr(libreoffice, "soffice", lambda: None)
    path = tmp_path / "人员名册.doc"
    path.write_bytes(_HTML_DOC)
    read, findings, documents = _documents(path)
    assert file_from_path(path).format == "html" and read.format == "text"
    assert read.text.splitlines() == ["从业人员名册", "序号\t姓名\t身份证号码\t职位", "1\t王伟\t370602199001011234\t医师",
                                      "填表人：张三"]
    assert [(f.code, f.evidence["reason"]) for f in findings] == [("could_not_verify", "layout_not_read")]
    assert documents[0].document_type == "staff_roster"


@pytest.mark.slow
@needs_soffice
def test_html_saved_as_doc_is_read_with_its_tables(tmp_path):
    path = tmp_path / "人员名册.doc"
    path.write_bytes(_HTML_DOC)
    read, findings, documents = _documents(path)
    assert findings == [] and read.format == "docx"
    assert read.tables[0].rows[1] == ["1", "王伟", "370602199001011234", "医师"]
    assert documents[0].document_type == "staff_roster" and documents[0].extra.roster[0]["name"] == "王伟"


def test_ofd_delta_x_shorthand_and_ctm_scaling():
    from validator.readers.ofd import _deltas, text_runs
    from validator.intake.xmlsafe import parse_xml

    assert _deltas("g 3 2.5 1") == [2.5, 2.5, 2.5, 1.0] and _deltas("x y") == [] and _deltas(None) == []
    page = parse_xml('<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>'
                     '<ofd:TextObject Boundary="10 20 50 10" Size="10" CTM="0.5 0 0 0.5 0 0">'
                     '<ofd:TextCode X="0" Y="10" DeltaX="g 3 10">营业执照</ofd:TextCode></ofd:TextObject>'
                     '</ofd:Layer></ofd:Content></ofd:Page>'.encode())
    (run,) = text_runs(page)
    mm = [round(value * 25.4 / 72, 1) for value in run.box]
    assert run.text == "营业执照" and mm == [10.0, 20.0, 30.0, 25.0]  # 4 characters of 5 mm from (10, 25)
