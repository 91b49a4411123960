"""营业执照, the 2019+ layout: landscape, the credit code top left, a QR code at the right, two
columns of labels spread over four character cells, 经营范围 wrapped in the left column, and the
date under 登记机关 with the registering authority's seal over it (its name only in the seal)."""
from __future__ import annotations

import random

from benchmarks.corpus import values as v
from benchmarks.corpus.page import Page, row

DOCUMENT_TYPE = "business_license"
SIZE = (297.0, 210.0)


def spread(label: str) -> str:
    return label[0] + "\u3000\u3000" + label[1] if len(label) == 2 else label


def draw(page: Page, rng: random.Random) -> None:
    founded = v.some_date(rng, 2008, 2023)
    approved = v.some_date(rng, 2023, 2025)
    page.text(148, 38, "营 业 执 照", 30, anchor="centre")
    page.text(148, 48, "（副        本）", 12, anchor="centre")
    page.text(22, 30, "统一社会信用代码", 10)
    page.text(22, 36, page.value("uscc", v.uscc(rng)), 11)
    page.qr(248, 18, 30, rng)
    page.text(263, 52, "扫描二维码登录“国家企业信用", 6, anchor="centre")
    page.text(263, 55, "信息公示系统”了解更多登记、", 6, anchor="centre")
    left = [("名称", "institution_name", v.institution(rng, rng.choice(("clinic", "pharmacy")))),
            ("类型", "institution_type", rng.choice(("有限责任公司（自然人独资）", "其他有限责任公司"))),
            ("法定代表人", "legal_representative", v.person(rng))]
    y = 70.0
    for label, name, text in left:
        y = row(page, 30, y, spread(label), page.value(name, text), 30, 95, colon="") + 3
    y = row(page, 30, y, spread("经营范围"), page.value("business_scope", v.scope(rng)), 30, 95, colon="", leading=1.35)
    established = v.digits_date(founded)
    y = 70.0
    right = [("注册资本", f"{rng.choice((10, 50, 100, 300))}万元整"),
             ("成立日期", page.value("established_date", established, founded.isoformat())),
             ("营业期限", f"{established}至长期"),
             ("住所", page.value("address", v.address(rng, long=rng.random() < 0.6)))]
    page.value("valid_from", established, founded.isoformat())
    page.truth["valid_to"] = "长期"
    for label, text in right:
        y = row(page, 165, y, spread(label), text, 30, 95, colon="") + 3
    page.text(205, 168, "登记机关", 12)
    _, city, district, _ = v.place(rng)
    page.seal(215, 172, 21, f"{city}{district}市场监督管理局")
    page.text(200, 186, page.value("issue_date", v.chinese_date(approved), approved.isoformat()), 12)
