"""医疗机构执业许可证 正本, the classic portrait layout: a framed page, "label：value" lines, 诊疗科目
wrapped over several lines, 有效期限 "自…至…", and 发证机关 with the date in Chinese numerals under the
health commission's seal."""
from __future__ import annotations

import random

from benchmarks.corpus import as_list, values as v
from benchmarks.corpus.page import Page, row

DOCUMENT_TYPE = "practice_license"
SIZE = (210.0, 297.0)


def draw(page: Page, rng: random.Random) -> None:
    start = v.some_date(rng, 2019, 2024)
    end = v.years_later(start, 5)
    page.rect(12, 12, 186, 273, 1.2)
    page.text(105, 42, "医疗机构执业许可证", 24, anchor="centre")
    page.text(105, 52, "（正本）", 12, anchor="centre")
    subjects = "；".join(v.subjects(rng, many=True))
    period = f"自{v.digits_date(start)}至{v.digits_date(end)}"
    page.value("valid_from", v.digits_date(start), start.isoformat())
    page.value("valid_to", v.digits_date(end), end.isoformat())
    beds = rng.choice((0, 8, 30))
    lines = [("机构名称", page.value("institution_name", v.institution(rng, "clinic"))),
             ("地址", page.value("address", v.address(rng, long=True))),
             ("法定代表人", page.value("legal_representative", v.person(rng))),
             ("主要负责人", page.value("principal", v.person(rng))),
             ("登记号", page.value("registration_number", v.registration_number(rng))),
             ("经营性质", page.value("ownership", rng.choice(("营利性", "非营利性")))),
             ("诊疗科目", page.value("practice_subjects", subjects, as_list(subjects))),
             ("床位", page.value("beds", f"{beds}张", beds)),
             ("有效期限", period)]
    y = 72.0
    for label, text in lines:
        y = row(page, 26, y, label, text, 30, 128, 12) + 2
    _, city, _, _ = v.place(rng)
    authority = page.value("issuing_authority", f"{city}卫生健康委员会")
    page.text(110, 248, "发证机关：" + authority, 12)
    page.text(110, 257, page.value("issue_date", v.chinese_date(start), start.isoformat()), 12)
    page.seal(150, 250, 20, authority)
