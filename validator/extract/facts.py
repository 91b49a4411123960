"""Facts about the applicant that checklist conditions and rules depend on, derived once from
the documents and profile before presence and the rules run (rules read them, never write them).

A condition fact is True, False or None (unknown).  Unknown matters: a conditional item
whose fact is unknown is reported as "unverified", never as missing.  The derived counts
(staff per role, beds, operating since) are what the report shows, whichever rules a city applies.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Iterable

from validator.readers.documents import MIN_CONFIDENCE, Document
from validator.extract.staff_roles import role_ids, roles
from validator.extract.text_match import normalise_code, normalise_name
from validator.vocabulary import document_types_tagged

# Roster cells that hold a person (序号 alone does not).
_ROSTER_CELLS = ("name", "id_number", "position", "title", "education", "phone")

# Company forms that only for-profit entities take (营业执照 类型).
_FOR_PROFIT_TYPES = ("有限责任公司", "股份有限公司", "个体工商户", "个人独资企业", "合伙企业", "有限公司")


def _first(documents: Iterable[Document], field: str) -> Any:
    return next((doc.value(field) for doc in documents if doc.value(field) not in (None, "", [])), None)


def profile_answer(profile: Any, key: str) -> Any:
    """A profile key as given (an empty list stays an answer): attribute of a
    validator.domain.profile.Profile, or key of a mapping."""
    if profile is None:
        return None
    if isinstance(profile, dict):
        return profile.get(key)
    return getattr(profile, key, None)


def for_profit(documents: list[Document], profile: Any) -> bool | None:
    ownership = profile_answer(profile, "ownership") or _first(documents, "ownership")
    if ownership:
        return "非营利" not in str(ownership)
    business_type = _first([d for d in documents if d.document_type == "business_license"], "institution_type")
    if business_type:
        return any(kind in str(business_type) for kind in _FOR_PROFIT_TYPES)
    if any(d.document_type in document_types_tagged("non_profit") for d in documents):
        return False
    return None


def has_large_equipment(documents: list[Document], profile: Any) -> bool | None:
    if any(d.document_type == "large_equipment_license" for d in documents):
        return True
    declared = profile_answer(profile, "large_equipment")
    return bool(declared) if declared is not None else None


def sells_chinese_herbal_medicine(documents: list[Document], profile: Any) -> bool | None:
    declared = profile_answer(profile, "sells_herbal_medicine")
    if declared is not None:
        return bool(declared)
    scope = _first(documents, "business_scope")
    return ("中药饮片" in str(scope)) if scope else None


def third_party_testing(documents: list[Document], profile: Any) -> bool | None:
    declared = profile_answer(profile, "institution_type")
    kind = declared or _first([d for d in documents if d.document_type == "practice_license"], "institution_type")
    return ("医学检验" in str(kind)) if kind else None


def _changed_items(profile: Any, documents: list[Document] = ()) -> list[str] | None:
    """The changed items (信息变更事项) the change form prints, else the profile's change_request
    (validator.domain.requests); None when neither names any."""
    from validator.domain.requests import change_request

    request = profile_answer(profile, "change_request") or {}
    read = change_request(list(documents), request if isinstance(request, dict) else {})
    items = [str(entry.get("item", "")) for entry in read["items"] if entry.get("item")]
    return items or None


# What a licence records: a change of these is shown by the changed licences (weihai 八(四)2
# "按实际情况提供"); a bank account, the network or a contact person are not on them.
_ON_LICENCES = ("名称", "法定代表人", "负责人", "实际控制人", "地址", "诊疗科目", "性质", "等级", "类别", "规模", "床位",
                "经营范围")


def change_concerns_licences(documents: list[Document], profile: Any) -> bool | None:
    items = _changed_items(profile, documents)
    return None if items is None else any(word in item for item in items for word in _ON_LICENCES)


def changes_legal_representative(documents: list[Document], profile: Any) -> bool | None:
    items = _changed_items(profile, documents)
    return None if items is None else any(word in item for item in items for word in ("法定代表人", "负责人", "实际控制人"))


def changes_licensed_pharmacist(documents: list[Document], profile: Any) -> bool | None:
    items = _changed_items(profile, documents)
    return None if items is None else any("药师" in item for item in items)


def _agreement_text(documents: list[Document]) -> str | None:
    texts = [d.text for d in documents if d.document_type == "service_agreement"]
    return "\n".join(texts) if texts else None


# shandong-provincial 一、1 / 一、2: what the Jinan agreement copy (二(一)4, 二(二)3) shows. Only a
# positive reading settles a fact: an agreement that does not mention a scheme may be a second one.
def jinan_chronic_and_inpatient(documents: list[Document], profile: Any) -> bool | None:
    text = _agreement_text(documents)
    chronic = bool(text) and any(word in text for word in ("门诊慢性病", "门规", "门诊规定病种"))
    if chronic and "住院" in (text or ""):
        return True
    return _ticked_on_form(documents, "已纳入济南市医保门诊慢性病")


def provincial_personal_account(documents: list[Document], profile: Any) -> bool | None:
    text = _agreement_text(documents) or ""
    if "省直" in text and "个人账户" in text and "定点" in text and "未纳入" not in text:
        return True
    return _ticked_on_form(documents, "已纳入省直个人账户支付定点管理")


def _ticked_on_form(documents: list[Document], line: str) -> bool | None:
    """The applicant's own 申请表 statement: only a ticked box counts (an empty □ settles nothing)."""
    from validator.domain.requests import ticked

    forms = [d.text for d in documents if d.document_type == "application_form"]
    return True if any(ticked(text, line) for text in forms) else None


def jinan_designated_pharmacy(documents: list[Document], profile: Any) -> bool | None:
    text = _agreement_text(documents)
    return True if text and "济南" in text and "药店" in text else None


FACTS = {
    "jinan_chronic_and_inpatient": jinan_chronic_and_inpatient,
    "provincial_personal_account": provincial_personal_account,
    "jinan_designated_pharmacy": jinan_designated_pharmacy,
    "change_concerns_licences": change_concerns_licences,
    "changes_licensed_pharmacist": changes_licensed_pharmacist,
    "changes_legal_representative": changes_legal_representative,
    "for_profit": for_profit,
    "has_large_equipment": has_large_equipment,
    "sells_chinese_herbal_medicine": sells_chinese_herbal_medicine,
    "third_party_testing": third_party_testing,
}


def as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def dates_on(documents: Iterable[Document], tag: str, fields: tuple[str, ...]) -> list[tuple[date, Document, str]]:
    """(date, document, field) for each confidently read date in ``fields`` of the documents of
    the types tagged ``tag``."""
    types = document_types_tagged(tag)
    return [(day, doc, field) for field in fields for doc in documents if doc.document_type in types
            and (found := doc.fields.get(field)) is not None and found.confidence >= MIN_CONFIDENCE
            and (day := as_date(found.value)) is not None]


def established_dates(documents: Iterable[Document]) -> list[tuple[date, Document, str]]:
    """成立日期 of the licenses: never changes on a reissued license."""
    return dates_on(documents, "identity", ("established_date",))


def licensed_dates(documents: Iterable[Document]) -> list[tuple[date, Document, str]]:
    """发证日期 / 有效期起 of the practice licenses (a renewal moves them)."""
    return dates_on(documents, "practice", ("issue_date", "valid_from"))


def operating_since(documents: list[Document], profile: Any) -> str | None:
    """The earliest start the licenses show; the profile's opening date only when they show none."""
    days = [day for day, _, _ in established_dates(documents) + licensed_dates(documents)]
    opening = as_date(profile_answer(profile, "opening_date"))
    start = min(days) if days else opening
    return start.isoformat() if start else None


def beds(documents: list[Document], profile: Any) -> int | None:
    """核定床位 of the first practice license that shows a number, else the profile's."""
    practice = document_types_tagged("practice")
    for doc in documents:
        value = doc.value("beds") if doc.document_type in practice else None
        if value in (None, ""):
            continue
        try:
            return int(str(value).strip().removesuffix("张"))
        except ValueError:
            continue
    declared = profile_answer(profile, "beds")
    return int(declared) if declared not in (None, "") else None


def people_rows(document: Document) -> list[dict[str, Any]]:
    """Roster rows that hold anything at all (trailing blank template rows are not people)."""
    return [row for row in document.extra.roster or []
            if any(str(row.get(key) or "").strip() for key in _ROSTER_CELLS)]


def id_of(row: dict[str, Any]) -> str:
    """The row's ID number for judging and matching; "" when the file no longer holds it exactly
    (typed into a number cell: the reader already reported it as could_not_verify)."""
    return "" if "id_number" in (row.get("inexact") or ()) else normalise_code(row.get("id_number"))


def person_ids(documents: list[Document]) -> dict[str, str]:
    """Name (normalised) → ID number, wherever a document of the package ties the two (a roster's
    row, an ID card, a certificate): a person is one person across the package, so every rule
    may use the number for a name printed without it. A name tied to two numbers (namesakes)
    is left out."""
    found: dict[str, set[str]] = {}

    def tie(name: Any, number: Any) -> None:
        if name and number:
            found.setdefault(normalise_name(str(name)), set()).add(normalise_code(str(number)))

    for document in documents:
        for row in people_rows(document) if document.document_type == "staff_roster" else ():
            tie(row.get("name"), id_of(row))
        tie(document.value("person_name"), document.value("id_number"))
    return {name: next(iter(numbers)) for name, numbers in found.items() if len(numbers) == 1}


def person_key(name: Any, number: Any, ids: dict[str, str]) -> str:
    """Who a row or certificate names: its ID number, else the number the package ties to its
    name, else the name (normalised); "" when it names no one."""
    bare = normalise_name(str(name or ""))
    return normalise_code(str(number or "")) or ids.get(bare, "") or bare


def roster_counts(documents: list[Document]) -> dict[str, int] | None:
    """Staff per role over every roster of the package (each person once, by ID or name; roles by
    validator/data/staff_roles.yaml); None when the package has no roster rows."""
    people: dict[str, set[str]] = {}
    ids = person_ids(documents)
    for document in (doc for doc in documents if doc.document_type == "staff_roster"):
        for row in people_rows(document):
            key = person_key(row.get("name"), id_of(row), ids)
            people.setdefault(key, set()).update(roles(row.get("position"), row.get("title")))
    if not people:
        return None
    counts = {role: sum(1 for held in people.values() if role in held) for role in role_ids()}
    counts["total"] = len(people)
    return counts


def derive_facts(documents: list[Document], profile: Any) -> dict[str, Any]:
    facts: dict[str, Any] = {name: derive(documents, profile) for name, derive in FACTS.items()}
    facts["roster_counts"] = roster_counts(documents)
    facts["beds"] = beds(documents, profile)
    facts["operating_since"] = operating_since(documents, profile)
    licenses = [d for d in documents if d.document_type in document_types_tagged("identity")]
    facts["institution_name"] = profile_answer(profile, "institution_name") or _first(licenses, "institution_name")
    facts["uscc"] = profile_answer(profile, "uscc") or _first(licenses, "uscc")
    return facts
