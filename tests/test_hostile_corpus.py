"""Every hostile input gives findings or a one-line InputError, in bounded time, without
touching the package, the network or anything outside the temporary folders."""
from __future__ import annotations

import pytest

from hostile_corpus import case_names, guarded, shared_corpus, snapshot
from validator.errors import InputError
from validator.intake.limits import time_limit
from validator.intake.package import open_package
from validator.intake.sniff import sniff
from validator.intake.xmlsafe import UnsafeDocument, check_ooxml

WATCHDOG_SECONDS = 60


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return shared_corpus(tmp_path_factory)


@pytest.fixture
def guard(monkeypatch, tmp_path_factory):
    """Sockets blocked; writes outside pytest's temporary root recorded."""
    with guarded(monkeypatch, tmp_path_factory.getbasetemp()) as recorder:
        yield recorder


def _open_everything(package):
    """Lists the package and reads every file as a reader would start to."""
    try:
        listed = open_package(package)
    except InputError as error:
        assert "\n" not in str(error)
        return None
    for pfile in listed.files:
        try:
            data = pfile.read_bytes()
        except InputError:
            continue
        assert sniff(data) == pfile.format
        if pfile.format in ("docx", "xlsx", "xlsm"):
            try:
                check_ooxml(data)
            except InputError:
                pass
    return listed


@pytest.mark.parametrize("name", case_names())
def test_hostile_input_gives_findings_or_input_error(name, corpus, guard):
    case = corpus[name]
    before = snapshot(case.home)
    with time_limit(WATCHDOG_SECONDS, f"opening {name}"):
        listed = _open_everything(case.package)
    guard.active = False
    assert snapshot(case.home) == before
    assert guard.violations == []
    if "InputError" in case.expect:
        assert listed is None
    else:
        assert listed is not None
        assert case.expect <= {finding.code for finding in listed.findings}
        assert all(f.path == f.path.encode("utf-8", "strict").decode("utf-8") for f in listed.files)


def test_office_bombs_and_remote_templates_are_rejected(corpus):
    for name in ("docx_billion_laughs", "docx_xxe", "xlsx_billion_laughs", "docx_remote_template"):
        pfile = open_package(corpus[name].package).files[0]
        with pytest.raises(UnsafeDocument):
            check_ooxml(pfile.read_bytes())


def test_ordinary_external_links_and_macros_are_not_rejected(corpus):
    for name in ("docx_external_relationships", "xlsx_external_link", "xlsx_formulas_hidden_sheets", "xlsm_macros"):
        pfile = open_package(corpus[name].package).files[0]
        check_ooxml(pfile.read_bytes())


def test_xlsm_is_sniffed_as_xlsm(corpus):
    assert [f.format for f in open_package(corpus["xlsm_macros"].package).files] == ["xlsm"]


def test_gbk_zip_names_decode(corpus):
    paths = [f.path for f in open_package(corpus["zip_gbk_names"].package).files]
    assert paths == ["1.营业执照.pdf", "附件3：从业人员名册.xlsx"]


def test_non_utf8_file_names_are_listed_printably(corpus):
    listed = open_package(corpus["non_utf8_names"].package)
    paths = sorted(f.path for f in listed.files)
    assert "营业执照.pdf" in paths and "许可证/a.pdf" in paths
    assert len(paths) == 3
    for pfile in listed.files:
        assert pfile.read_bytes().startswith(b"%PDF")


def test_control_characters_in_names_are_shown_safely(corpus):
    listed = open_package(corpus["control_chars_in_names"].package)
    assert len(listed.files) == 5
    for pfile in listed.files:
        assert pfile.path.isprintable(), repr(pfile.path)
        assert pfile.read_bytes().startswith(b"%PDF")


def test_folder_of_10000_files_stops_at_the_limit(corpus):
    listed = open_package(corpus["folder_10000_files"].package)
    assert len(listed.files) == 2000
    reasons = [f.evidence.get("reason") for f in listed.findings if f.code == "unsafe_archive_entry"]
    assert reasons == ["too_many_files"]


def test_zip_slip_entries_are_all_skipped(corpus):
    listed = open_package(corpus["zip_slip"].package)
    assert [f.path for f in listed.files] == ["good.pdf"]
    reasons = sorted(f.evidence["reason"] for f in listed.findings)
    assert reasons == ["absolute_path", "absolute_path", "drive_letter", "path_traversal", "path_traversal",
                       "path_traversal"]


def test_nested_bomb_opens_one_level_only(corpus):
    listed = open_package(corpus["zip_bomb_nested"].package)
    assert [f.path for f in listed.files] == ["ok.pdf"]
    reasons = {f.evidence["reason"] for f in listed.findings}
    assert reasons == {"compression_ratio"} or reasons == {"nesting_too_deep"}


def test_write_recorder_sees_writes_outside_the_allowed_folders(tmp_path, guard):
    outside = tmp_path / "outside"
    outside.mkdir()
    guard.allowed = [str(tmp_path / "inside")]
    (tmp_path / "inside").mkdir()
    (tmp_path / "inside" / "x.txt").write_text("ok")
    with open("/dev/null", "w"):  # writes nothing anywhere
        pass
    (outside / "x.txt").write_text("no")
    guard.active = False
    assert guard.violations == [f"open {outside / 'x.txt'}"]


def test_the_office_libraries_parse_as_xmlsafe_says():
    """The guarantees validator/intake/xmlsafe.py's docstring relies on; a library upgrade that
    changes them fails here."""
    import openpyxl
    from docx.oxml.parser import parse_xml
    from openpyxl.xml.functions import iterparse

    from hostile_corpus import XXE
    assert openpyxl.DEFUSEDXML is True
    assert iterparse.__module__.startswith("defusedxml")
    document = parse_xml(XXE)  # python-docx: resolve_entities=False, no network
    assert "root:" not in "".join(document.itertext())


def test_parse_xml_refuses_dtds():
    from validator.intake.xmlsafe import UnsafeDocument, parse_xml

    from hostile_corpus import BILLION_LAUGHS
    assert parse_xml(b"<a><b>x</b></a>").find("b").text == "x"
    with pytest.raises(UnsafeDocument):
        parse_xml(BILLION_LAUGHS)
