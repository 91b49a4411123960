"""The print of a 电子营业执照 (electronic licence): a coloured header band, "label: value" text in a
table of two columns with ruled lines, the QR code at the bottom left, 营业期限 长期, and the
registering authority printed beside its label (no paper seal, a small e-seal mark)."""
from __future__ import annotations

import random

from benchmarks.corpus import values as v
from benchmarks.corpus.page import Page, cell_text

DOCUMENT_TYPE = "business_license"
SIZE = (297.0, 210.0)


def draw(page: Page, rng: random.Random) -> None:
    founded = v.some_date(rng, 2018, 2024)
    c = page.canvas
    c.setFillColorRGB(0.75, 0.16, 0.16)
    c.rect(0, (210 - 28) * 72 / 25.4, 297 * 72 / 25.4, 28 * 72 / 25.4, stroke=0, fill=1)
    page.text(148, 19, "营业执照", 26, color=(1, 1, 1), anchor="centre")
    page.text(148, 25, "（电子营业执照打印件）", 9, color=(1, 1, 1), anchor="centre")
    established = v.digits_date(founded, padded=True)
    page.value("valid_from", established, founded.isoformat())
    page.truth["valid_to"] = "长期"
    _, city, district, _ = v.place(rng)
    cells = [("统一社会信用代码", page.value("uscc", v.uscc(rng))),
             ("名称", page.value("institution_name", v.institution(rng, rng.choice(("clinic", "pharmacy"))))),
             ("类型", page.value("institution_type", "有限责任公司（自然人独资）")),
             ("法定代表人", page.value("legal_representative", v.person(rng))),
             ("成立日期", page.value("established_date", established, founded.isoformat())),
             ("营业期限", "长期"),
             ("住所", page.value("address", v.address(rng, long=True))),
             ("登记机关", page.value("issuing_authority", f"{city}{district}行政审批局")),
             ("经营范围", page.value("business_scope", v.scope(rng)))]
    y = 38.0
    for label, text in cells:
        height = 16.0 if label in ("经营范围",) else 9.0 if label != "住所" else 12.0
        cell_text(page, 20, y, 38, height, label)
        cell_text(page, 58, y, 220, height, text)
        y += height
    page.qr(24, y + 6, 26, rng)
    page.text(60, y + 20, "国家市场监督管理总局监制", 9)
    page.seal(240, y + 18, 11, "电子营业执照")
