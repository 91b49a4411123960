"""Extraction from scans through OCR (slow: about two seconds a page)."""
from __future__ import annotations

import pytest

from samples.synth import degrade
from samples.synth.certificates import make
from samples.synth.fonts import pil_font
from samples.synth.office import ROSTER_HEADER, roster_people
from samples.synth.render import to_image
from validator.extract import extract_path

pytestmark = pytest.mark.slow


def test_scanned_roster_rebuilt_from_boxes(tmp_path):
    from PIL import Image, ImageDraw

    people = roster_people(3, seed=8)
    page = Image.new("RGB", (1754, 1240), "white")
    draw = ImageDraw.Draw(page)
    draw.text((700, 80), "从业人员名册", font=pil_font(48), fill="black")
    columns = (80, 180, 330, 720, 860, 1080, 1260)
    keys = ("seq", "name", "id_number", "position", "title", "education", "phone")
    for x, text in zip(columns, ROSTER_HEADER):
        draw.text((x, 220), text, font=pil_font(28), fill="black")
    for row, person in enumerate(people):
        for x, key in zip(columns, keys):
            draw.text((x, 290 + 60 * row), person[key], font=pil_font(28), fill="black")
    path = tmp_path / "名册扫描件.jpg"
    page.save(path, quality=90)
    [document] = extract_path(path)
    assert document.document_type == "staff_roster" and document.classified_by == "content"
    assert document.extra.roster_columns == list(keys)
    assert [row["id_number"] for row in document.extra.roster] == [p["id_number"] for p in people]
    assert [row["phone"] for row in document.extra.roster] == [p["phone"] for p in people]


def test_scanned_merged_pdf_is_classified_per_page_by_content(tmp_path):
    license_, business = make("practice_license", 21), make("business_license", 21)
    pages = [to_image(license_, dpi=150), degrade.degraded_scan(to_image(business, dpi=150), seed=21)]
    path = tmp_path / "scan0001.pdf"
    pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=150)
    documents = extract_path(path)
    assert [(d.document_type, d.pages, d.classified_by) for d in documents] == [
        ("practice_license", (1,), "content"), ("business_license", (2,), "content")]
    assert documents[0].value("registration_number") == license_.expected["registration_number"]
    assert documents[1].value("uscc") == business.expected["uscc"]


def test_scanned_score_sheet(tmp_path):
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (1654, 1170), "white")
    draw = ImageDraw.Draw(page)
    draw.text((300, 80), "威海市基本医疗保障统筹支付协议定点医疗机构评估表", font=pil_font(40), fill="black")
    columns = (100, 250, 900, 1100, 1350)
    for x, text in zip(columns, ("序号", "检查标准", "分值", "评估分数", "评估记录")):
        draw.text((x, 220), text, font=pil_font(30), fill="black")
    for row, (item, maximum, score) in enumerate((("2", 20, 18), ("3", 20, 20), ("4", 20, 15))):
        for x, text in zip(columns, (item, "配备专职或兼职财务人员", str(maximum), str(score))):
            draw.text((x, 300 + 80 * row), text, font=pil_font(30), fill="black")
    draw.text((100, 600), "经现场评估，此医疗机构得 53 分，评估“□合格/□不合格”。", font=pil_font(30), fill="black")
    path = tmp_path / "评估表.jpg"
    page.save(path, quality=92)
    [document] = extract_path(path)
    assert document.document_type == "self_assessment"
    assert document.extra.scores == {"2": 18.0, "3": 20.0, "4": 15.0}
    assert document.value("total_score") == 53.0
