"""医疗机构执业许可证 副本 as a ruled table: label cells on the left, values in wide cells, 诊疗科目 a
tall cell of many wrapped lines, dates with two-digit months, the date in its own row."""
from __future__ import annotations

import random

from benchmarks.corpus import as_list, values as v
from benchmarks.corpus.page import Page, label_table

DOCUMENT_TYPE = "practice_license"
SIZE = (210.0, 297.0)


def draw(page: Page, rng: random.Random) -> None:
    start = v.some_date(rng, 2019, 2024)
    end = v.years_later(start, 5)
    page.text(105, 30, "医疗机构执业许可证（副本）", 20, anchor="centre")
    page.text(190, 40, "登记号：" + page.value("registration_number", v.registration_number(rng)), 9, anchor="right")
    subjects = "、".join(v.subjects(rng, many=True))
    first, last = v.digits_date(start, padded=True), v.digits_date(end, padded=True)
    page.value("valid_from", first, start.isoformat())
    page.value("valid_to", last, end.isoformat())
    _, city, district, _ = v.place(rng)
    authority = page.value("issuing_authority", f"{city}{district}卫生健康局")
    cells = [("机构名称", page.value("institution_name", v.institution(rng, "clinic")), 10),
             ("地址", page.value("address", v.address(rng, long=True)), 14),
             ("经营性质", page.value("ownership", rng.choice(("营利性", "非营利性"))), 9),
             ("法定代表人", page.value("legal_representative", v.person(rng)), 9),
             ("主要负责人", page.value("principal", v.person(rng)), 9),
             ("诊疗科目", page.value("practice_subjects", subjects, as_list(subjects)), 32),
             ("有效期限", f"自{first}至{last}", 9),
             ("发证机关", authority, 9),
             ("发证日期", page.value("issue_date", first, start.isoformat()), 9)]
    y = label_table(page, 20, 46.0, 34, 136, cells, 11)
    page.seal(150, y - 10, 19, authority)
