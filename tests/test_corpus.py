"""The accuracy corpus (benchmarks/corpus) holds the files and the truth it claims: every family's text
PDF, read back, prints each expected value; the image tiers are images of that page; the
spreadsheet family's .xlsx holds its cells. Not a test of accuracy figures."""
from __future__ import annotations

import random
from datetime import date

import pytest

from benchmarks import corpus
from benchmarks.corpus import values
from validator.resources import load_data_yaml


def _text(path) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return "".join(document[0].get_textpage().get_text_range().split())
    finally:
        document.close()


@pytest.mark.parametrize("name", corpus.FAMILIES)
def test_a_familys_text_pdf_prints_every_value_it_claims(tmp_path, name):
    doc, _ = corpus.draw(name, 5, tmp_path / "doc.pdf")
    text = _text(tmp_path / "doc.pdf")
    assert doc.document_type in load_data_yaml("document_types.yaml")
    assert len(doc.truth) >= 4 and set(doc.printed) <= set(doc.truth)
    for field, printed in doc.printed.items():
        assert "".join(printed.split()) in text, field
    # the truth of a field printed as text is that text, unless it is a date, a number or a list
    for field, printed in doc.printed.items():
        expected = doc.truth[field]
        if isinstance(expected, str) and field not in ("valid_from", "valid_to", "issue_date", "established_date"):
            assert expected == printed, field


def test_each_document_type_has_three_layout_families_or_more():
    types = [corpus.family(name).DOCUMENT_TYPE for name in corpus.FAMILIES]
    assert {t: types.count(t) >= 3 for t in types} == {t: True for t in types}
    assert types.count("business_license") >= 4


def test_the_image_tiers_are_pictures_of_the_same_page(tmp_path):
    import numpy as np
    from PIL import Image

    doc = corpus.generate("practice_table", 2, tmp_path)
    assert set(doc.files) == set(corpus.TIERS) and all(path.exists() for path in doc.files.values())
    clean = Image.open(doc.files["clean_scan"])
    assert clean.size == (1654, 2339)  # A4 at 200 dpi
    degraded = np.asarray(Image.open(doc.files["degraded_scan"]).convert("L"), dtype=np.float32)
    photo = Image.open(doc.files["photo"])
    assert photo.width > 1.1 * 210 / 25.4 * 180  # the page and the desk around it
    assert degraded.std() > 20 and 100 < degraded.mean() < 250  # ink on paper, not a blank or black page
    (tmp_path / "again").mkdir()
    again, _ = corpus.draw("practice_table", 2, tmp_path / "again" / "doc.pdf")
    assert again.truth == doc.truth and again.truth != corpus.draw("practice_table", 3, tmp_path / "other.pdf")[0].truth


def test_the_spreadsheet_family_writes_its_cells_as_xlsx(tmp_path):
    from openpyxl import load_workbook

    doc = corpus.generate("form_sheet", 4, tmp_path, tiers=("text",))
    assert doc.files["text"].suffix == ".xlsx"
    cells = "".join(str(c.value or "") for row in load_workbook(doc.files["text"]).active.iter_rows() for c in row)
    for printed in doc.printed.values():
        assert printed in cells


def test_dates_in_chinese_numerals():
    assert values.chinese_date(date(2024, 12, 31)) == "二〇二四年十二月三十一日"
    assert values.chinese_date(date(2020, 1, 10)) == "二〇二〇年一月十日"
    assert values.chinese_date(date(2019, 10, 25)) == "二〇一九年十月二十五日"


def test_codes_are_valid():
    from stdnum.cn import uscc

    rng = random.Random(3)
    assert all(uscc.is_valid(values.uscc(rng)) for _ in range(20))
    assert {len(values.registration_number(rng)) for _ in range(20)} == {22}
