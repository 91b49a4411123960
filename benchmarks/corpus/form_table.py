"""申请表 as a four-column ruled table (label, value, label, value) with narrow value cells, so that a
22-character 执业许可证登记号, the address and 诊疗科目 wrap inside their cells, as a word processor
lays them out; the applicant's seal over the signature row."""
from __future__ import annotations

import random

from benchmarks.corpus import as_list, values as v
from benchmarks.corpus.page import Page, cell_text

DOCUMENT_TYPE = "application_form"
SIZE = (210.0, 297.0)


def draw(page: Page, rng: random.Random) -> None:
    page.text(105, 28, "医疗保障定点医疗机构申请表", 17, anchor="centre")
    name = page.value("institution_name", v.institution(rng, "clinic"))
    subjects = "；".join(v.subjects(rng, many=True))
    beds = rng.choice((0, 10, 40))
    pairs = [(("机构名称", name), ("统一社会信用代码", page.value("uscc", v.uscc(rng)))),
             (("法定代表人", page.value("legal_representative", v.person(rng))),
              ("主要负责人", page.value("principal", v.person(rng)))),
             (("执业许可证登记号", page.value("registration_number", v.registration_number(rng))),
              ("床位数", page.value("beds", f"{beds}张", beds))),
             (("机构地址", page.value("address", v.address(rng, long=True))),
              ("联系电话", f"0797-{rng.randrange(10**6, 10**7)}"))]
    y = 40.0
    for (l1, t1), (l2, t2) in pairs:
        height = 16.0
        cell_text(page, 18, y, 30, height, l1, 10)
        cell_text(page, 48, y, 42, height, t1, 10)  # narrower than a 22-character 登记号: it wraps
        cell_text(page, 90, y, 32, height, l2, 10)
        cell_text(page, 122, y, 70, height, t2, 10)
        y += height
    cell_text(page, 18, y, 30, 30, "诊疗科目", 10)
    cell_text(page, 48, y, 144, 30, page.value("practice_subjects", subjects, as_list(subjects)), 10)
    y += 30
    cell_text(page, 18, y, 30, 40, "申请理由", 10)
    cell_text(page, 48, y, 144, 40, "本机构已取得执业许可，运行满三个月，内部管理制度健全，申请纳入医疗保障定点管理。", 10)
    y += 40
    cell_text(page, 18, y, 174, 34, "申请单位（盖章）：                     年    月    日", 10)
    page.seal(150, y + 16, 18, name)
