"""营业执照 of 2015-2018 (三证合一): portrait, one column of "label：value" lines, the credit code at the
top right, 营业期限 as two dates, a long 经营范围, and the authority's name printed under the seal
with the date in Chinese numerals."""
from __future__ import annotations

import random

from benchmarks.corpus import values as v
from benchmarks.corpus.page import Page, row

DOCUMENT_TYPE = "business_license"
SIZE = (210.0, 297.0)


def draw(page: Page, rng: random.Random) -> None:
    founded = v.some_date(rng, 2015, 2018)
    until = v.years_later(founded, 20)
    page.text(105, 45, "营业执照", 32, anchor="centre")
    page.text(188, 25, "统一社会信用代码 " + page.value("uscc", v.uscc(rng)), 9, anchor="right")
    page.text(188, 30, f"注册号 {rng.randrange(10**14, 10**15)}", 9, anchor="right")
    start, end = v.digits_date(founded, padded=True), v.digits_date(until, padded=True)
    page.value("valid_from", start, founded.isoformat())
    page.value("valid_to", end, until.isoformat())
    lines = [("名称", page.value("institution_name", v.institution(rng, "pharmacy"))),
             ("类型", page.value("institution_type", "有限责任公司（自然人投资或控股）")),
             ("住所", page.value("address", v.address(rng, long=True))),
             ("法定代表人", page.value("legal_representative", v.person(rng))),
             ("注册资本", "伍拾万元整"),
             ("成立日期", page.value("established_date", start, founded.isoformat())),
             ("营业期限", f"{start}至{end}"),
             ("经营范围", page.value("business_scope", v.scope(rng)))]
    y = 70.0
    for label, text in lines:
        y = row(page, 28, y, label, text, 30, 125, 12) + 2.5
    _, city, district, _ = v.place(rng)
    authority = page.value("issuing_authority", f"{city}{district}市场监督管理局")
    page.text(120, 240, "登记机关", 12)
    page.text(120, 248, authority, 11)
    approved = v.some_date(rng, 2019, 2024)
    page.text(120, 256, page.value("issue_date", v.chinese_date(approved), approved.isoformat()), 12)
    page.seal(150, 246, 20, authority)
