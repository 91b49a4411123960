"""PDF text layers that lie: a broken layer (no ToUnicode map, garbage) or a
scanner's invisible OCR layer is never trusted; the page is OCR'd and dingdian's own reading used."""
from __future__ import annotations


import pytest

from format_corpus import certificate_layer, scan_with_ocr_layer, strip_to_unicode
from samples.synth.certificates import make
from samples.synth.render import to_image, to_pdf
from validator.extract.classify import classify
from validator.extract import extract_fields
from validator.readers import file_from_path, read_file
from validator.intake.text_decoding import chinese_plausibility


def _read(path, ocr):
    read, findings = read_file(file_from_path(path), ocr=ocr)
    documents = classify(read)
    for document in documents:
        extract_fields(document)
    return read, findings, documents


def _broken(tmp_path, seed=1):
    pdf = to_pdf(make("business_license", seed), tmp_path / "clean.pdf")
    broken = tmp_path / "营业执照.pdf"
    broken.write_bytes(strip_to_unicode(pdf))
    return broken


def _lying_scan(tmp_path, visible=False):
    """The scan shows licence 2; its OCR layer says licence 3 (every value wrong)."""
    wrong = make("practice_license", 3)
    return scan_with_ocr_layer(to_image(make("practice_license", 2), dpi=150 if not visible else 40),
                               certificate_layer(wrong), tmp_path / "许可证.pdf", visible=visible)


def _reasons(findings):
    return [(f.code, f.evidence.get("reason"), f.evidence.get("layer")) for f in findings]


def test_text_without_unicode_maps_is_not_trusted(tmp_path):
    read, findings, _ = _read(_broken(tmp_path), ocr=False)
    assert [page.source for page in read.pages] == ["none"] and read.is_scan
    assert _reasons(findings) == [("could_not_verify", "text_layer_untrusted", "unicode_map"),
                                  ("could_not_verify", "ocr_disabled", None)]


def test_garbage_text_is_not_trusted_and_plain_text_is(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "garbage.pdf"
    pdf = canvas.Canvas(str(path))
    for row, text in enumerate(("ÄÅÇÉ ÑÖÜá àâäã åçéè", "êëíì îïñó òôöõ úùûü", "2015ï8ñ8ì ÄÅÇÉÑÖ")):
        pdf.drawString(72, 700 - 20 * row, text)
    pdf.showPage()
    pdf.save()
    _, findings, _ = _read(path, ocr=False)
    assert _reasons(findings)[0] == ("could_not_verify", "text_layer_untrusted", "garbage")
    assert chinese_plausibility("营业执照 统一社会信用代码 91140105158813998N（副本）") == 1.0
    assert chinese_plausibility("\ue4a5\ufffd\x01\x02") == 0.0


def test_invisible_ocr_layer_over_a_scan_is_not_trusted(tmp_path):
    read, findings, _ = _read(_lying_scan(tmp_path), ocr=False)
    assert [page.source for page in read.pages] == ["none"]
    assert _reasons(findings)[0] == ("could_not_verify", "text_layer_untrusted", "invisible")


def test_near_miss_visible_text_with_a_picture_is_trusted(tmp_path):
    read, findings, documents = _read(_lying_scan(tmp_path, visible=True), ocr=False)
    assert findings == [] and [page.source for page in read.pages] == ["text"]
    assert documents[0].value("institution_name") == make("practice_license", 3).expected["institution_name"]


@pytest.mark.slow
def test_broken_text_layer_is_ocrd(tmp_path):
    read, findings, documents = _read(_broken(tmp_path), ocr=True)
    assert [page.source for page in read.pages] == ["ocr"] and findings == []
    expected = make("business_license", 1).expected
    assert documents[0].document_type == "business_license"
    assert documents[0].value("uscc") == expected["uscc"]
    assert documents[0].value("institution_name") == expected["institution_name"]


@pytest.mark.slow
def test_scan_under_a_lying_ocr_layer_is_read_by_dingdian(tmp_path):
    read, _, documents = _read(_lying_scan(tmp_path), ocr=True)
    truth, lie = make("practice_license", 2).expected, make("practice_license", 3).expected
    assert [page.source for page in read.pages] == ["ocr"]
    assert documents[0].value("registration_number") == truth["registration_number"] != lie["registration_number"]
    assert documents[0].value("institution_name") == truth["institution_name"]


def test_a_form_of_check_boxes_and_numbers_is_plausible():
    assert chinese_plausibility("☑联通　□移动　√ ① ② → ※ 36.5℃ 2×3") == 1.0
    assert chinese_plausibility("ÄÅÇÉÑÖÜáàâä") == 0.0
