"""医疗机构执业许可证 in the 2019+ landscape layout: a QR code at the right, two columns, labels spread
over four cells without colons, the validity as two dates joined by 至, and the issuing authority
and date at the bottom right under the seal."""
from __future__ import annotations

import random

from benchmarks.corpus import as_list, values as v
from benchmarks.corpus.page import Page, row

DOCUMENT_TYPE = "practice_license"
SIZE = (297.0, 210.0)


def draw(page: Page, rng: random.Random) -> None:
    start = v.some_date(rng, 2019, 2025)
    end = v.years_later(start, 5)
    page.text(140, 34, "医疗机构执业许可证", 26, anchor="centre")
    page.qr(250, 16, 28, rng)
    page.text(22, 52, "登记号  " + page.value("registration_number", v.registration_number(rng)), 11)
    subjects = "；".join(v.subjects(rng, many=rng.random() < 0.7))
    page.value("valid_from", v.digits_date(start), start.isoformat())
    page.value("valid_to", v.digits_date(end), end.isoformat())
    left = [("名  称", page.value("institution_name", v.institution(rng, "clinic"))),
            ("地  址", page.value("address", v.address(rng, long=True))),
            ("法定代表人", page.value("legal_representative", v.person(rng))),
            ("主要负责人", page.value("principal", v.person(rng))),
            ("经营性质", page.value("ownership", rng.choice(("营利性", "非营利性"))))]
    y = 66.0
    for label, text in left:
        y = row(page, 22, y, label, text, 28, 100, 11, colon="") + 2
    y = 66.0
    right = [("诊疗科目", page.value("practice_subjects", subjects, as_list(subjects))),
             ("有效期限", f"{v.digits_date(start)}至{v.digits_date(end)}")]
    for label, text in right:
        y = row(page, 160, y, label, text, 26, 100, 11, colon="") + 2
    _, city, _, _ = v.place(rng)
    authority = page.value("issuing_authority", f"{city}卫生健康委员会")
    page.text(200, 178, "发证机关  " + authority, 11)
    page.text(200, 187, "发证日期  " + page.value("issue_date", v.digits_date(start), start.isoformat()), 11)
    page.seal(240, 180, 19, authority)
