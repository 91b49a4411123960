"""营业执照 副本 with a 变更记录 (record of changes) page part: the current values above, then a table
of changes whose 变更前 column holds the old 住所 and 名称 — what the reader must not take."""
from __future__ import annotations

import random

from benchmarks.corpus import values as v
from benchmarks.corpus.page import Page, cell_text, row

DOCUMENT_TYPE = "business_license"
SIZE = (210.0, 297.0)


def draw(page: Page, rng: random.Random) -> None:
    founded = v.some_date(rng, 2012, 2020)
    changed = v.some_date(rng, 2021, 2024)
    page.text(105, 30, "营业执照", 26, anchor="centre")
    page.text(105, 39, "（副本）（副本号：1-1）", 10, anchor="centre")
    established = v.digits_date(founded)
    page.value("valid_from", established, founded.isoformat())
    page.truth["valid_to"] = "长期"
    address = page.value("address", v.address(rng, long=True))
    name = page.value("institution_name", v.institution(rng, "clinic"))
    lines = [("统一社会信用代码", page.value("uscc", v.uscc(rng))), ("名称", name),
             ("类型", page.value("institution_type", "有限责任公司（非自然人投资或控股的法人独资）")),
             ("法定代表人", page.value("legal_representative", v.person(rng))),
             ("成立日期", page.value("established_date", established, founded.isoformat())),
             ("营业期限", f"{established}至长期"), ("住所", address)]
    y = 55.0
    for label, text in lines:
        y = row(page, 22, y, label, text, 36, 130, 11) + 1.5
    _, city, district, _ = v.place(rng)
    authority = page.value("issuing_authority", f"{city}{district}市场监督管理局")
    y = row(page, 22, y, "登记机关", authority, 36, 130, 11) + 4
    page.text(105, y, "变更记录", 13, anchor="centre")
    y += 4
    widths = (30, 65, 65, 26)
    old = [("住所", v.address(rng, long=False), address), ("名称", v.institution(rng, "clinic"), name)]
    for texts in [("变更事项", "变更前", "变更后", "变更日期")] + [(a, b, c, v.digits_date(changed)) for a, b, c in old]:
        x, height = 20.0, 7.0 if texts[0] == "变更事项" else 18.0
        for text, width in zip(texts, widths):
            cell_text(page, x, y, width, height, text, 9.5)
            x += width
        y += height
    page.seal(150, y + 18, 19, authority)
    page.text(125, y + 26, page.value("issue_date", v.digits_date(changed), changed.isoformat()), 11)
