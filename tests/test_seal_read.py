"""Seals read, not only seen: the ring's text is read and matched to the applicant."""
from __future__ import annotations

import pytest
from PIL import Image

from rule_fixtures import context, document, letter_png, read_documents, run
from samples.synth.degrade import jpeg, red_seal
from validator.extract.seal_detect import dark_rings, is_greyscale, rings
from validator.extract.seal_read import name_similarity, read_ring

NAME = "威海市环翠区仁和诊所"
LETTER = ["信用承诺书", "本机构郑重承诺：所提交的申请材料真实有效。", f"承诺单位（盖章）：{NAME}"]
LICENSE = document("business_license", {"institution_name": NAME})


def _scan(tmp_path, seal_text: str | None, grey: bool = False, name: str = "承诺书.png"):
    path = letter_png(tmp_path / name, LETTER, seal=False)
    image = Image.open(path).convert("RGB")
    if seal_text is not None:
        image = jpeg(red_seal(image, (0.62, 0.62), 0.12, text=seal_text), quality=70)
    if grey:
        image = image.convert("L").convert("RGB")
    image.save(path)
    return path


@pytest.mark.parametrize("ring, name, expected", [
    ("威海市环翠区仁和诊所", NAME, 1.0),
    ("威海市环翠区仁和诊所合同专用章", NAME, 1.0),
    ("威海市环翠区仁和诊", NAME, pytest.approx(0.947, abs=0.01)),
    ("烟台市芝罘区康泰大药房", NAME, pytest.approx(0.2, abs=0.2)),
])
def test_name_similarity(ring, name, expected):
    assert name_similarity(ring, name) == expected


@pytest.mark.slow
def test_the_ring_text_of_a_stamp_is_read(tmp_path):
    image = Image.open(_scan(tmp_path, NAME))
    [ring] = rings(image)
    reading = read_ring(image, ring)
    assert reading.legible and name_similarity(reading.text, NAME) >= 0.8


@pytest.mark.slow
def test_a_letter_sealed_by_the_applicant_passes(tmp_path):
    docs = read_documents(_scan(tmp_path, NAME))
    assert run("missing_seal", context([LICENSE, *docs]), materials=["integrity_commitment"]) == []


@pytest.mark.slow
def test_a_letter_sealed_by_another_organisation_is_an_error(tmp_path):
    docs = read_documents(_scan(tmp_path, "烟台市芝罘区康泰大药房"))
    (finding,) = run("missing_seal", context([LICENSE, *docs]), materials=["integrity_commitment"])
    assert (finding.code, finding.severity) == ("seal_name_mismatch", "error")
    assert finding.expected == NAME and "康泰" in finding.found


@pytest.mark.slow
def test_an_unreadable_ring_is_could_not_verify(tmp_path):
    docs = read_documents(_scan(tmp_path, "★"))  # a ring with no legible text
    (finding,) = run("missing_seal", context([LICENSE, *docs]), materials=["integrity_commitment"])
    assert finding.code == "could_not_verify" and finding.evidence["rule"] == "missing_seal"


@pytest.mark.slow
def test_a_greyscale_scan_without_a_legible_seal_is_never_missing_seal(tmp_path):
    docs = read_documents(_scan(tmp_path, None, grey=True))
    (finding,) = run("missing_seal", context([LICENSE, *docs]), materials=["integrity_commitment"])
    assert finding.code == "could_not_verify"


@pytest.mark.slow
def test_a_greyscale_seal_is_found_by_its_shape_and_read(tmp_path):
    image = Image.open(_scan(tmp_path, NAME, grey=True))
    assert is_greyscale(image) and not rings(image)
    readings = [read_ring(image, ring, "dark") for ring in dark_rings(image)]
    assert any(r.legible and name_similarity(r.text, NAME) >= 0.8 for r in readings)


def test_a_colour_scan_without_a_seal_is_missing_seal(tmp_path):
    docs = read_documents(_scan(tmp_path, None))
    assert not is_greyscale(Image.open(tmp_path / "承诺书.png"))
    (finding,) = run("missing_seal", context([LICENSE, *docs]), materials=["integrity_commitment"])
    assert finding.code == "missing_seal"
