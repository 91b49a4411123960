"""Pharmacists of a retail pharmacy (yangzhou 一(二)4): no fewer than 2 pharmacists, at least 1
of them licensed (执业药师); a pharmacy selling Chinese herbal medicine (中药饮片 in its business
scope) needs a pharmacist of traditional Chinese medicine (中药师 or above)."""
from __future__ import annotations

from typing import Iterable

from validator.checklists.model import RuleSetting
from validator.rules.context import CheckContext
from validator.readers.documents import Document
from validator.findings import Finding
from validator.rules.declaration import Param, Rule, integer
from validator.rules.common import located, material_missing, unverified
from validator.extract.facts import person_ids, person_key
from validator.extract.text_match import normalise_code

_ROLE_TITLES = {"pharmacists": ("药师（含中药师）", "pharmacists"),
                "licensed_pharmacists": ("执业药师", "licensed pharmacists"),
                "tcm_pharmacists": ("中药师（经营中药饮片）", "TCM pharmacists (Chinese herbal medicine sold)")}


def _person(document: Document, ids: dict[str, str]) -> str:
    """Who a certificate belongs to: the ID number printed on it or tied to its name elsewhere in
    the package (a roster, an ID card: two certificates of one person are one, namesakes two),
    else the name, else its certificate number, else the certificate itself (file and page: two
    certificates scanned into one PDF are two people until something says otherwise)."""
    return (person_key(document.value("person_name"), document.value("id_number"), ids)
            or normalise_code(document.value("certificate_number")) or f"{document.file}#{document.pages[0]}")


def pharmacist_counts(context: CheckContext) -> dict[str, int] | None:
    """Pharmacists, licensed and TCM pharmacists: the roster's counts, raised to what the
    certificates in the package prove (a 执业药师注册证 is a licensed pharmacist); None when the
    package has neither."""
    counts = dict(context.facts.get("roster_counts") or {})
    people: dict[str, str] = {}
    ids = person_ids(context.documents)
    for document in context.documents_of("pharmacist_certificate"):
        key = _person(document, ids)
        people[key] = f"{people.get(key, '')}\n{document.text}"
    if not counts and not people:
        return None
    from_certificates = {
        "pharmacists": len(people),
        "licensed_pharmacists": sum(1 for text in people.values() if "执业药师" in text or "执业中药师" in text),
        "tcm_pharmacists": sum(1 for text in people.values() if "中药" in text),
    }
    return {role: max(counts.get(role, 0), number) for role, number in from_certificates.items()}


def insufficient_pharmacists(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """A retail pharmacy with fewer pharmacists, licensed pharmacists or (selling 中药饮片) TCM
    pharmacists than the seed asks for, counted from the roster and the certificates.

    Example::

        - code: insufficient_pharmacists
          source: 001_e263ef0e979e8d4c.txt 一(二)4
          params: {min_pharmacists: 2, min_licensed: 1, tcm_with_herbal: true}

    Passes: a roster with two 药师, one of them 执业药师.
    Fails: a roster with one 药师.
    """
    if context.kind != "pharmacy":
        return
    params = setting.params
    counts = pharmacist_counts(context)
    if counts is None and material_missing(context, "pharmacist_certificates"):
        return  # missing_material already asks for the certificates
    if counts is None:
        yield unverified(context, setting, "未见从业人员名册或药师证书，无法核对药师人数。",
                         "no staff roster or pharmacist certificate to count the pharmacists from.",
                         material="pharmacist_certificates")
        return
    wanted = {"pharmacists": params["min_pharmacists"], "licensed_pharmacists": params["min_licensed"]}
    herbal = context.facts.get("sells_chinese_herbal_medicine")
    if params["tcm_with_herbal"] and counts["tcm_pharmacists"] == 0:
        if herbal:
            wanted["tcm_pharmacists"] = 1
        elif herbal is None:
            yield unverified(context, setting, "未能识别经营范围，无法判断是否经营中药饮片（需配备中药师）。",
                             "the business scope was not found: cannot tell whether Chinese herbal "
                             "medicine is sold (which needs a TCM pharmacist).", material="pharmacist_certificates")
    place = (context.documents_of("staff_roster") or context.documents_of("pharmacist_certificate") or [None])[0]
    for role, expected in wanted.items():
        if counts[role] < expected:
            zh, en = _ROLE_TITLES[role]
            yield located(context, setting, "insufficient_pharmacists", place, material="pharmacist_certificates",
                          field=role, expected=expected, found=counts[role],
                          evidence={"role": role, "role_zh": zh, "role_en": en})


INSUFFICIENT_PHARMACISTS = Rule("insufficient_pharmacists", insufficient_pharmacists, params=(
    Param("min_pharmacists", integer(), "pharmacists (including TCM pharmacists) at least", default=2),
    Param("min_licensed", integer(), "licensed pharmacists (执业药师) at least", default=1),
    Param("tcm_with_herbal", {"type": "boolean"}, "a pharmacy selling 中药饮片 needs a TCM pharmacist",
          default=True),
))
