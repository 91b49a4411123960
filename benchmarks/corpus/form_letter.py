"""An application written as a letter: a heading, the addressee, a paragraph of prose, then the
institution's particulars as "label：value" lines in running text, a signature block and the
applicant's seal over the date (the seal's text is the applicant's name, the body is not)."""
from __future__ import annotations

import random

from benchmarks.corpus import values as v
from benchmarks.corpus.page import Page, row

DOCUMENT_TYPE = "application_form"
SIZE = (210.0, 297.0)


def draw(page: Page, rng: random.Random) -> None:
    _, city, _, _ = v.place(rng)
    name = page.value("institution_name", v.institution(rng, rng.choice(("clinic", "pharmacy"))))
    page.text(105, 30, "医保定点申请表（申请书）", 18, anchor="centre")
    page.text(25, 48, f"{city}医疗保障局：", 12)
    body = (f"{name}经卫生健康部门批准执业，现已正式运营满三个月，遵守医疗保障法律法规，公示价格政策，配备医保管理人员，"
            "建立了相应的内部管理制度，特申请纳入基本医疗保险定点管理，请予审核。本单位基本情况如下：")
    y = page.block(33, 58, body, 152, 12, 1.7) + 3
    lines = [("申请单位", name), ("统一社会信用代码", page.value("uscc", v.uscc(rng))),
             ("法定代表人", page.value("legal_representative", v.person(rng))),
             ("经营地址", page.value("address", v.address(rng, long=True))),
             ("联系人", v.person(rng))]
    for label, text in lines:
        y = row(page, 33, y, label, text, 40, 112, 12, leading=1.6) + 1.5
    page.text(33, y + 8, "特此申请。", 12)
    signed = v.some_date(rng, 2025, 2026)
    page.text(185, y + 30, name, 12, anchor="right")
    page.text(185, y + 40, v.chinese_date(signed), 12, anchor="right")
    page.seal(160, y + 34, 19, name)
