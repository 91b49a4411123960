"""药品经营许可证 正本 (2019 style), landscape: 证号 top right, two columns of "label：value", 注册地址 and
经营范围 wrapped, 有效期至, and 发证机关 / 签发人 / 发证日期 at the bottom right under the seal."""
from __future__ import annotations

import random

from benchmarks.corpus import values as v
from benchmarks.corpus.page import Page, row

DOCUMENT_TYPE = "drug_business_license"
SIZE = (297.0, 210.0)


def draw(page: Page, rng: random.Random) -> None:
    issued = v.some_date(rng, 2020, 2025)
    end = v.years_later(issued, 5)
    _, city, district, abbreviation = v.place(rng)
    page.text(148, 30, "药品经营许可证", 28, anchor="centre")
    page.text(270, 44, "证号：" + page.value("license_number", v.drug_licence_number(rng, abbreviation)), 11, anchor="right")
    left = [("企业名称", page.value("institution_name", v.institution(rng, "pharmacy"))),
            ("统一社会信用代码", page.value("uscc", v.uscc(rng))),
            ("注册地址", page.value("address", v.address(rng, long=True))),
            ("法定代表人", page.value("legal_representative", v.person(rng))),
            ("企业负责人", page.value("principal", v.person(rng))),
            ("质量负责人", v.person(rng))]
    y = 58.0
    for label, text in left:
        y = row(page, 20, y, label, text, 36, 92, 10.5) + 1.5
    right = [("经营方式", "零售（连锁）"), ("经营范围", rng.choice(v.DRUG_SCOPES)),
             ("仓库地址", "/"), ("有效期至", page.value("valid_to", v.digits_date(end, padded=True), end.isoformat()))]
    y = 58.0
    for label, text in right:
        y = row(page, 160, y, label, text, 22, 105, 10.5) + 1.5
    authority = page.value("issuing_authority", f"{city}{district}市场监督管理局")
    page.text(180, 170, "发证机关：" + authority, 10.5)
    page.text(180, 178, "签 发 人：" + v.person(rng), 10.5)
    page.text(180, 186, "发证日期：" + page.value("issue_date", v.digits_date(issued, padded=True), issued.isoformat()), 10.5)
    page.seal(225, 176, 19, authority)
