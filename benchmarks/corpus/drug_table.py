"""药品经营许可证 副本 as a ruled table of label and value cells, the licence number in the first row,
a wrapped 经营范围 cell, and the issuing authority's date in digits under the seal."""
from __future__ import annotations

import random

from benchmarks.corpus import values as v
from benchmarks.corpus.page import Page, label_table

DOCUMENT_TYPE = "drug_business_license"
SIZE = (210.0, 297.0)


def draw(page: Page, rng: random.Random) -> None:
    issued = v.some_date(rng, 2020, 2025)
    end = v.years_later(issued, 5)
    _, city, _, abbreviation = v.place(rng)
    page.text(105, 30, "药品经营许可证", 22, anchor="centre")
    page.text(105, 39, "（副本）", 11, anchor="centre")
    authority = page.value("issuing_authority", f"{city}市场监督管理局")
    cells = [("证号", page.value("license_number", v.drug_licence_number(rng, abbreviation)), 9),
             ("企业名称", page.value("institution_name", v.institution(rng, "pharmacy")), 9),
             ("统一社会信用代码", page.value("uscc", v.uscc(rng)), 9),
             ("注册地址", page.value("address", v.address(rng, long=True)), 14),
             ("法定代表人", page.value("legal_representative", v.person(rng)), 9),
             ("企业负责人", page.value("principal", v.person(rng)), 9),
             ("经营方式", "零售", 9),
             ("经营范围", rng.choice(v.DRUG_SCOPES), 18),
             ("有效期至", page.value("valid_to", v.digits_date(end), end.isoformat()), 9),
             ("发证机关", authority, 9),
             ("发证日期", page.value("issue_date", v.digits_date(issued), issued.isoformat()), 9)]
    y = label_table(page, 20, 48.0, 40, 130, cells, 10.5)
    page.seal(160, y - 8, 19, authority)
