"""The package against the agency's non-acceptance list (--negative-list; weihai 十(二)-(八),
yangzhou 二 and 一(一)1, taiyuan 四 末段, shandong 三(一)).

Only strong evidence refuses (a false error is worse than a missed one): an entry
whose USCC equals one the package shows, or whose person agrees with the package's on name
*and* ID number. An entry that agrees on a name only (the institution's, or a person's with no
ID number on one side) is ``could_not_verify`` naming both parties: a namesake is not a match.
An entry whose ban ended before --as-of is shown as info only, except where the city bars
beyond the period while the liability is unfulfilled (weihai 十(五)/(六), ``unless_fulfilled``).
"""
from __future__ import annotations

from typing import Any, Iterable

from validator.checklists.model import RuleSetting
from validator.rules.context import CheckContext
from validator.findings import Finding
from validator.rules.negative_list_file import OPEN_ENDED, REASON_TITLES, Entry, read_negative_list
from validator.rules.declaration import Param, Rule, integer
from validator.rules.common import profile_stated, values
from validator.extract.facts import person_ids
from validator.extract.text_match import near_miss, normalise_code, normalise_name, same_name, same_person
from validator.vocabulary import document_types_tagged

_BAN_YEARS = Param("ban_years", {
    "type": "object", "additionalProperties": False,
    "properties": {reason: integer() for reason in ("false_materials", "terminated_for_violation", "serious_breach",
                                                    "legal_rep_of_terminated", "illegal_conduct",
                                                    "administrative_penalty")}},
    "years a ban lasts per reason (reasons not given keep these; administrative_penalty given here replaces "
    "penalty_months)",
    default={"false_materials": 3, "terminated_for_violation": 3, "serious_breach": 1, "legal_rep_of_terminated": 5})
_REASONS = {"type": "array", "uniqueItems": True, "items": {"enum": [r for r in REASON_TITLES if r != "other"]}}
# How an entry matched: the first two are proof of identity, the last two only a name.
STRONG = frozenset({"uscc", "person_id"})


def _identity(context: CheckContext) -> dict[str, Any]:
    """USCCs, names and people (name → ID number or "") the package and profile show."""
    documents = [doc for doc in context.documents if doc.document_type not in document_types_tagged("personal")]

    def gather(field: str) -> set[str]:
        found = {str(v.value) for v in values(documents, field)}
        declared = profile_stated(context.profile, field)
        return found | ({str(declared)} if declared else set())

    # a name printed alone takes the ID number any document of the package (a roster's row, an
    # ID card, a certificate) ties to it: a person is one person across the package
    ids = person_ids(context.documents)  # not a fact: names and ID numbers stay out of the report
    people = {name: ids.get(normalise_name(name), "") for name in gather("legal_representative") | gather("principal")}
    for card in context.documents_of("id_card"):
        name, number = card.value("person_name"), card.value("id_number")
        if name and number:
            people[str(name)] = normalise_code(str(number))
    return {"uscc": {normalise_code(u) for u in gather("uscc")}, "names": gather("institution_name"),
            "people": people}


def matched_on(entry: Entry, identity: dict[str, Any]) -> tuple[str, str] | None:
    """(how, the package's party it matched) or None. ``uscc`` and ``person_id`` are proof;
    ``name`` (institution) and ``person_name`` agree on a name only. Different USCCs or different
    ID numbers on both sides are different parties."""
    if entry.uscc and entry.uscc in identity["uscc"]:
        return "uscc", entry.uscc
    usccs_differ = bool(entry.uscc and identity["uscc"])
    for name in identity["names"]:
        # a traditional or OCR-confused reading of the name is as much doubt as the name itself
        if entry.name and not usccs_differ and (same_name(entry.name, name) or near_miss(entry.name, name, same_name)
                                                == "traditional"):
            return "name", name
    for name, number in identity["people"].items():
        if entry.person and same_person(entry.person, name):
            if entry.id_number and number:
                if entry.id_number == number:
                    return "person_id", name
            else:
                return "person_name", name
    return None


def _ban(entry: Entry, setting: RuleSetting) -> tuple[Any, bool]:
    """(the ban's last day or None, whether it still bars after that day: weihai 十(五)/(六)
    "已满…但未完全履行…责任的")."""
    years = {**_BAN_YEARS.default, **setting.params["ban_years"]}
    end = entry.ban_end(years, setting.params["penalty_months"])
    beyond = entry.reason in setting.params["unless_fulfilled"] and entry.unfulfilled
    return end, beyond


def _status(entry: Entry, setting: RuleSetting, context: CheckContext) -> tuple[str, dict[str, str]]:
    """The finding an entry would give on proof of identity: ("error" | "info" | "unverified"), texts."""
    grounds = setting.params["review_reasons"]
    reasons = setting.params["reasons"]  # the reasons this city's seed names; None: all
    end, beyond = _ban(entry, setting)
    if entry.reason in grounds and not (end is not None and end < context.as_of):
        return "unverified", {"why": f"命中不予受理名单第{entry.row}行，该情形是否属于本市规定的不予受理情形须人工判断。",
                              "why_en": f"matches row {entry.row} of the non-acceptance list; whether this ground is "
                                        "one this city's rules name needs a person's judgement."}
    # reasons [] (harbin: the guide names no grounds at all): every match is for information
    if reasons is not None and entry.reason not in reasons and (entry.reason != "other" or not reasons):
        return "info", {"status_zh": "该情形不属于本市规定的不予受理情形（仅供参考）。",
                        "status_en": "this ground is not one this city's rules name (for information)."}
    if end is None and entry.reason not in OPEN_ENDED:
        return "unverified", {"why": f"命中不予受理名单第{entry.row}行，但无法确定限制期限（情形或认定日期不明），请人工核实。",
                              "why_en": f"matches row {entry.row} of the non-acceptance list, but its ban period "
                                        "is unknown (reason or date missing); check by hand."}
    if end is not None and end < context.as_of:
        if beyond:
            return "error", {"status_zh": f"限制期已于{end.isoformat()}届满，但名单载明责任未完全履行，仍不予受理定点申请。",
                             "status_en": f"the ban ended on {end.isoformat()}, but the list says the liability "
                                          "is not fully performed; the application is not accepted."}
        if entry.reason in setting.params["unless_fulfilled"]:
            return "unverified", {"why": f"命中不予受理名单第{entry.row}行，限制期已于{end.isoformat()}届满；"
                                         "责任未完全履行的仍不予受理，请核实是否已履行完毕。",
                                  "why_en": f"matches row {entry.row} of the non-acceptance list; the ban ended on "
                                            f"{end.isoformat()}, but it still bars while the liability is not fully "
                                            "performed; check whether it is."}
        return "info", {"expired": True, "status_zh": f"限制期已于{end.isoformat()}届满，不影响本次申请（仅供参考）。",
                        "status_en": f"the ban ended on {end.isoformat()}; it does not bar this application "
                                     "(for information)."}
    until_zh = f"限制期至{end.isoformat()}" if end else "列入名单期间"
    until_en = f"banned until {end.isoformat()}" if end else "banned while listed"
    return "error", {"status_zh": f"{until_zh}，不予受理定点申请。",
                     "status_en": f"{until_en}; the application is not accepted."}


def _finding(entry: Entry, on: str, party: str, setting: RuleSetting, context: CheckContext, path: Any) -> Finding:
    end, _ = _ban(entry, setting)
    zh, en = REASON_TITLES[entry.reason]
    evidence: dict[str, Any] = {
        "entry_row": entry.row, "entry_name": entry.name or entry.person, "uscc": entry.uscc,
        "person": entry.person, "reason": entry.reason, "reason_zh": zh, "reason_en": en,
        "reason_text": entry.reason_text, "matched_on": on, "package_party": party,
        "decided": entry.decided.isoformat() if entry.decided else "",
        "ban_end": end.isoformat() if end else "", "list_file": str(path)}
    common = {"source": setting.source, "found": entry.name or entry.person}
    outcome, texts = _status(entry, setting, context)
    if outcome == "error" and on not in STRONG:
        parts = [part for part in (entry.name, entry.person) if part]
        listed, listed_en = "、".join(parts), ", ".join(parts)
        outcome, texts = "unverified", {
            "why": f"不予受理名单第{entry.row}行“{listed}”（{zh}）与本申请的“{party}”仅名称相同，名单与申请材料均无一致的"
                   "统一社会信用代码或身份证号码，无法确认是同一主体，请人工核实。",
            "why_en": f"row {entry.row} of the non-acceptance list, '{listed_en}' ({en}), shares only a name with this "
                      f"application's '{party}'; no USCC or ID number agrees on both sides, so it may be a namesake; "
                      "check by hand."}
    if outcome == "unverified":
        return Finding("could_not_verify", **common, evidence={**evidence, "rule": setting.code, **texts})
    return Finding("negative_list_match", severity=outcome, **common, evidence={**evidence, **texts})


def negative_list_match(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """The package's USCC, or a person with an agreeing ID number, is on the --negative-list and
    the ban has not ended; a name-only match is could_not_verify naming both parties; a ban that
    ended, or a reason the city's seed does not name, is info only.

    Example::

        - code: negative_list_match
          source: 004_b66d6adc241eb53e.txt 十(三)-(八)
          params: {ban_years: {false_materials: 3}, penalty_months: 0, reasons: [false_materials]}

    Passes: the list names the applicant for false materials decided 2022-05-01 (ended 2025).
    Fails: the list names the applicant's USCC for false materials decided 2025-05-01 (the
    applicant's name alone: doubt, not a refusal).
    """
    path = context.options.negative_list
    if path is None:
        return
    identity = _identity(context)
    for entry in read_negative_list(path):
        matched = matched_on(entry, identity)
        if matched is not None:
            yield _finding(entry, *matched, setting, context, path)


NEGATIVE_LIST_MATCH = Rule("negative_list_match", negative_list_match, params=(
    _BAN_YEARS,
    Param("penalty_months", integer(), "an administrative penalty in these months before applying bars it "
          "(0: no such clause)", default=6),
    Param("reasons", _REASONS, "the reasons the city's clause names (others are info only; not given: all)",
          default=None),
    Param("review_reasons", _REASONS, "reasons that may fall under the city's wording: a person judges "
          "(could_not_verify)", default=[]),
    Param("unless_fulfilled", _REASONS, "reasons that still bar after the period while the penalty or the "
          "liability is not fully performed (weihai 十(五)/(六))", default=[]),
))
