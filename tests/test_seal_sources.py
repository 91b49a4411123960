"""Seals read from seals (issue 21, item 2): ring text comes only from a ring of ink, never from
the body text a circle was fitted into; a licence's own seal is its issuer's, never compared
with the applicant. Pages drawn here (not samples/synth): a dense greyscale letter, a colour
licence scan with a seal whose name runs round the ring."""
from __future__ import annotations

import math

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from rule_fixtures import context, document, run
from samples.synth.fonts import cjk_font_path
from validator.extract.seal_detect import Ring, dark_rings, inked_ring
from validator.extract.seal_read import RingText, issuer_seal

APPLICANT = "济南市历下区康泰大药房有限公司"
ISSUER = "济南市历下区市场监督管理局"
BODY = "本药店承诺严格执行医疗保障政策，公示价格政策，配备医保管理人员，遵守定点协议各项规定，不诱导参保人员购药。"


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(cjk_font_path()), size, index=1)  # the Mono face of the collection


def _letter(grey: bool = True) -> Image.Image:
    """A letter set close, 34 characters a line over thirty lines (the audit's pharmacy commitment)."""
    image = Image.new("RGB", (1240, 1754), (250, 250, 248))
    draw = ImageDraw.Draw(image)
    for index in range(30):
        draw.text((90, 120 + index * 46), (BODY * 3)[index % 7:index % 7 + 34], font=_font(30), fill=(25, 25, 25))
    return image.convert("L").convert("RGB") if grey else image


def _seal(image: Image.Image, centre: tuple[int, int], radius: int, text: str) -> Image.Image:
    """A red seal: the ring, and the name round its upper part, each character facing the centre."""
    red = (200, 35, 40)
    draw = ImageDraw.Draw(image)
    x, y = centre
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=red, width=max(5, radius // 16))
    size = int(radius * 0.26)
    sweep = 240.0
    for index, char in enumerate(text):
        angle = 210.0 - sweep * (index + 0.5) / len(text)  # degrees, counter-clockwise from the right
        glyph = Image.new("RGBA", (size + 8, size + 8), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((4, 0), char, font=_font(size), fill=red)
        glyph = glyph.rotate(angle - 90, expand=True)
        rho = radius * 0.74
        gx, gy = x + rho * math.cos(math.radians(angle)), y - rho * math.sin(math.radians(angle))
        image.paste(glyph, (int(gx - glyph.width / 2), int(gy - glyph.height / 2)), glyph)
    return image


def test_a_circle_fitted_into_body_text_is_no_seal():
    assert dark_rings(_letter()) == []


def test_near_miss_a_ring_drawn_over_the_body_text_is_a_seal():
    image = _letter()
    ImageDraw.Draw(image).ellipse((450, 650, 750, 950), outline=(60, 60, 60), width=9)
    ink = np.asarray(image.convert("L")).astype(np.int16)
    assert inked_ring(ink, Ring(600, 800, 150))
    assert not inked_ring(np.asarray(_letter().convert("L")).astype(np.int16), Ring(600, 800, 150))


@pytest.mark.parametrize("text, legible", [("公示价格政策，配备医保管遵守", False), (APPLICANT, True), ("康泰", False)])
def test_a_reading_with_sentence_punctuation_is_no_seal_text(text, legible):
    assert RingText(text, 0.97).legible is legible


@pytest.mark.parametrize("ring, authority, expected", [
    (ISSUER, None, True), ("威海市卫生健康委员会", None, True), ("济南市历下区行政审批服务局登记专用章", None, True),
    ("历下区市场监管", "济南市历下区市场监管", True),  # the authority printed on the licence, however named
    (APPLICANT, ISSUER, False), ("济南市历下区康泰大药房有限公司合同专用章", None, False),
])
def test_the_issuers_seal_is_told_by_its_name(ring, authority, expected):
    assert issuer_seal(ring, authority) is expected


def _licence(seals: list[tuple[tuple[int, int], str]]) -> Image.Image:
    image = Image.new("RGB", (1240, 1754), (250, 250, 248))
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(["营业执照", f"名称 {APPLICANT}", "类型 有限责任公司", f"登记机关 {ISSUER}"]):
        draw.text((120, 160 + index * 90), line, font=_font(40), fill=(20, 20, 20))
    for centre, text in seals:
        _seal(image, centre, 170, text)
    return image


def _sealed_copy(image: Image.Image):
    licence = document("business_license", {"institution_name": APPLICANT, "issuing_authority": ISSUER},
                       file="营业执照复印件.png", is_scan=True, render=lambda page: image)
    return run("missing_seal", context([licence]), materials=["business_license"])


@pytest.mark.slow
def test_a_licence_copy_with_only_its_issuers_seal_is_doubt_never_a_name_mismatch():
    (finding,) = _sealed_copy(_licence([((900, 1200), ISSUER)]))
    assert finding.code == "could_not_verify" and "发证机关" in finding.evidence["why"]


@pytest.mark.slow
def test_a_licence_copy_with_the_issuers_and_the_applicants_seal_passes():
    assert _sealed_copy(_licence([((900, 1200), ISSUER), ((350, 1250), APPLICANT)])) == []


@pytest.mark.slow
def test_near_miss_a_licence_copy_sealed_by_another_company_is_still_a_mismatch():
    (finding,) = _sealed_copy(_licence([((900, 1200), ISSUER), ((350, 1250), "烟台市芝罘区仁和诊所")]))
    assert finding.code == "seal_name_mismatch" and "仁和" in finding.found


@pytest.mark.slow
def test_a_greyscale_letter_is_never_told_its_body_text_is_a_wrong_seal():
    letter = document("integrity_commitment", file="承诺书.png", is_scan=True, render=lambda page: _letter())
    licence = document("business_license", {"institution_name": APPLICANT})
    (finding,) = run("missing_seal", context([licence, letter]), materials=["integrity_commitment"])
    assert finding.code == "could_not_verify"
