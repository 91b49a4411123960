"""The package against the agency's non-acceptance list (--negative-list; weihai 十(四)-(八),
yangzhou 二 and 一(一)1, taiyuan 四, shandong 三(一)).

An entry matches when its USCC equals one the package shows, or its institution name, or its
person (legal representative or principal; with the ID number when both sides have one) is the
same after normalisation.  An entry whose ban ended before --as-of is shown as info only.
"""
from __future__ import annotations

from typing import Any, Iterable

from validator.checklist_model import RuleSetting
from validator.context import CheckContext
from validator.findings import Finding
from validator.negative_list import OPEN_ENDED, REASON_TITLES, Entry, read_negative_list
from validator.rules.declaration import Param, Rule, integer
from validator.rules.common import profile_value, values
from validator.text_match import normalise_code, same_name, same_person
from validator.vocabulary import document_types_tagged

_BAN_YEARS = Param("ban_years", {
    "type": "object", "additionalProperties": False,
    "properties": {reason: integer() for reason in ("false_materials", "terminated_for_violation", "serious_breach",
                                                    "legal_rep_of_terminated")}},
    "years a ban lasts per reason (reasons not given keep these)",
    default={"false_materials": 3, "terminated_for_violation": 3, "serious_breach": 1, "legal_rep_of_terminated": 5})


def _identity(context: CheckContext) -> dict[str, Any]:
    """USCCs, names and people (name → ID number or "") the package and profile show."""
    documents = [doc for doc in context.documents if doc.document_type not in document_types_tagged("personal")]

    def gather(field: str) -> set[str]:
        found = {str(v.value) for v in values(documents, field)}
        declared = profile_value(context.profile, field)
        return found | ({str(declared)} if declared else set())

    people = {name: "" for name in gather("legal_representative") | gather("principal")}
    for card in context.documents_of("id_card"):
        name, number = card.value("person_name"), card.value("id_number")
        if name and number:
            people[str(name)] = normalise_code(str(number))
    return {"uscc": {normalise_code(u) for u in gather("uscc")}, "names": gather("institution_name"),
            "people": people}


def matched_on(entry: Entry, identity: dict[str, Any]) -> str | None:
    if entry.uscc and entry.uscc in identity["uscc"]:
        return "uscc"
    if entry.name and any(same_name(entry.name, name) for name in identity["names"]):
        return "name"
    for name, number in identity["people"].items():
        if entry.person and same_person(entry.person, name):
            if not (entry.id_number and number) or entry.id_number == number:
                return "person"
    return None


def negative_list_match(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """The package names an institution, USCC or person on the --negative-list whose ban has
    not ended; a ban that ended, or a reason the city's seed does not name, is info only.

    Example::

        - code: negative_list_match
          source: 004_b66d6adc241eb53e.txt 十(三)-(八)
          params: {ban_years: {false_materials: 3}, penalty_months: 0, reasons: [false_materials]}

    Passes: the list names the applicant for false materials decided 2022-05-01 (ended 2025).
    Fails: the list names the applicant's USCC for false materials decided 2025-05-01.
    """
    path = context.options.negative_list
    if path is None:
        return
    years = {**_BAN_YEARS.default, **setting.params["ban_years"]}
    months = setting.params["penalty_months"]
    grounds = setting.params["reasons"]  # the reasons this city's seed names; None: all
    identity = _identity(context)
    for entry in read_negative_list(path):
        on = matched_on(entry, identity)
        if on is None:
            continue
        end = entry.ban_end(years, months)
        zh, en = REASON_TITLES[entry.reason]
        evidence = {"entry_row": entry.row, "entry_name": entry.name or entry.person, "uscc": entry.uscc,
                    "person": entry.person, "reason": entry.reason, "reason_zh": zh, "reason_en": en,
                    "reason_text": entry.reason_text, "matched_on": on,
                    "decided": entry.decided.isoformat() if entry.decided else "",
                    "ban_end": end.isoformat() if end else "", "list_file": str(path)}
        common = {"source": setting.source, "found": entry.name or entry.person}
        if grounds is not None and entry.reason not in grounds and entry.reason != "other":
            yield Finding("negative_list_match", severity="info", **common, evidence={
                **evidence, "status_zh": "该情形不属于本市规定的不予受理情形（仅供参考）。",
                "status_en": "this ground is not one this city's rules name (for information)."})
        elif end is None and entry.reason not in OPEN_ENDED:
            yield Finding("could_not_verify", **common, evidence={
                **evidence, "rule": setting.code,
                "why": f"命中不予受理名单第{entry.row}行，但无法确定限制期限（情形或认定日期不明），请人工核实。",
                "why_en": f"matches row {entry.row} of the non-acceptance list, but its ban period is "
                          "unknown (reason or date missing); check by hand."})
        elif end is not None and end < context.as_of:
            yield Finding("negative_list_match", severity="info", **common, evidence={
                **evidence, "expired": True, "status_zh": f"限制期已于{end.isoformat()}届满，不影响本次申请（仅供参考）。",
                "status_en": f"the ban ended on {end.isoformat()}; it does not bar this application (for information)."})
        else:
            until_zh = f"限制期至{end.isoformat()}" if end else "列入名单期间"
            until_en = f"banned until {end.isoformat()}" if end else "banned while listed"
            yield Finding("negative_list_match", **common, evidence={
                **evidence, "status_zh": f"{until_zh}，不予受理定点申请。",
                "status_en": f"{until_en}; the application is not accepted."})


NEGATIVE_LIST_MATCH = Rule("negative_list_match", negative_list_match, params=(
    _BAN_YEARS,
    Param("penalty_months", integer(), "an administrative penalty in these months before applying bars it "
          "(0: no such clause)", default=6),
    Param("reasons", {"type": "array", "uniqueItems": True, "items": {"enum": [r for r in REASON_TITLES if r != "other"]}},
          "the reasons the city's clause names (others are info only; not given: all)", default=None),
))
