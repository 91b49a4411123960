"""药品经营许可证 in the 2024 format: a QR code at the top left, 许可证编号 with 分类码, labels spread
without colons, dates in Chinese numerals (有效期至 二〇二九年…), the authority under the seal."""
from __future__ import annotations

import random

from benchmarks.corpus import values as v
from benchmarks.corpus.page import Page, row

DOCUMENT_TYPE = "drug_business_license"
SIZE = (210.0, 297.0)


def draw(page: Page, rng: random.Random) -> None:
    issued = v.some_date(rng, 2024, 2025)
    end = v.years_later(issued, 5)
    _, city, district, abbreviation = v.place(rng)
    page.qr(20, 16, 26, rng)
    page.text(115, 36, "药品经营许可证", 24, anchor="centre")
    lines = [("许可证编号", page.value("license_number", v.drug_licence_number(rng, abbreviation))),
             ("分 类 码", "*J*Z"),
             ("企 业 名 称", page.value("institution_name", v.institution(rng, "pharmacy"))),
             ("统一社会信用代码", page.value("uscc", v.uscc(rng))),
             ("注 册 地 址", page.value("address", v.address(rng, long=True))),
             ("法定代表人", page.value("legal_representative", v.person(rng))),
             ("企业负责人", page.value("principal", v.person(rng))),
             ("经 营 范 围", rng.choice(v.DRUG_SCOPES)),
             ("有 效 期 至", page.value("valid_to", v.chinese_date(end), end.isoformat()))]
    y = 62.0
    for label, text in lines:
        y = row(page, 22, y, label, text, 40, 126, 11, colon="") + 3
    authority = page.value("issuing_authority", f"{city}{district}市场监督管理局")
    page.text(112, 240, "发证机关  " + authority, 11)
    page.text(112, 249, "发证日期  " + page.value("issue_date", v.chinese_date(issued), issued.isoformat()), 11)
    page.seal(155, 242, 20, authority)
