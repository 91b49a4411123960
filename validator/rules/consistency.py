"""Every document of the package (and --profile) must speak of the same institution: name,
address, legal representative, USCC and registration number (yangzhou 一(一)3, 一(二)3: the
business address must agree with the licenses; weihai 八(四)4: the license number stays the same).

The reference is the value most sources agree on (after normalisation, validator.extract.text_match),
ties going to the licenses (practice license first), then other documents, then the profile; every other value is
compared with it, so the odd one out gets one finding that names both values and both files.
A value that differs only by traditional/simplified forms, OCR-confusable characters, being cut
short, or one or two characters lost or doubled at a line break (validator.extract.text_match.near_miss;
codes wherever the break falls, names and addresses when one reading was read over a break) is doubt,
not a mismatch: ``could_not_verify`` with both readings (a false error is worse than a missed one).
"""
from __future__ import annotations

from typing import Callable, Iterable

from validator.checklists.model import RuleSetting
from validator.rules.context import CheckContext
from validator.findings import Finding
from validator.rules.declaration import Rule
from validator.rules.common import (LICENSE_TYPES, Value, correction_due, lacking, located, profile_stated, unverified,
                                   values, weak)
from validator.extract.text_match import (NEAR_MISS_REASONS, near_miss, normalise_address, normalise_code, normalise_name,
                                  same_address, same_code, same_name, same_person)
from validator.vocabulary import document_types_tagged

# Documents whose fields name someone else (a person's certificate, an ID card).
_PERSONAL = document_types_tagged("personal")


def _candidates(context: CheckContext, field: str) -> list[Value]:
    documents = [doc for doc in context.documents if doc.document_type not in _PERSONAL]
    rank = {kind: index for index, kind in enumerate(LICENSE_TYPES)}
    found = sorted(values(documents, field),
                   key=lambda v: (rank.get(v.document.document_type, len(rank)), v.document.file))
    from_profile = profile_stated(context.profile, field)
    if from_profile is not None:  # last: a finding had better cite a document the applicant submitted
        found.append(Value(from_profile, None, origin=str(profile_stated(context.profile, "origin") or "profile")))
    return found


def reference_value(found: list[Value], same: Callable[[str, str], bool]) -> Value | None:
    """The value most strong sources agree on; ties keep the license-first order of ``found``."""
    strong = [v for v in found if not v.weak]
    if not strong:
        return None
    # sorted() is stable, so ties keep the license-first order.
    return sorted(strong, key=lambda v: -sum(same(str(v.value), str(o.value)) for o in strong))[0]


def applicant_name(context: CheckContext) -> str | None:
    """The institution's name as most of its documents (and the profile) give it."""
    found = reference_value(_candidates(context, "institution_name"), same_name)
    return None if found is None else str(found.value)


def _doubt(context: CheckContext, setting: RuleSetting, reference: Value, other: Value, field: str,
           reason: str) -> Finding:
    """Both readings, and why they may be one value read twice."""
    zh, en = NEAR_MISS_REASONS[reason]
    return unverified(context, setting,
                      f"“{reference.value}”（{reference.file}）与“{other.value}”（{other.file}）{zh}，可能是同一内容，请人工核对。",
                      f"'{reference.value}' ({reference.file}) and '{other.value}' ({other.file}): {en}; "
                      "they may be the same; check by hand.",
                      other if other.document else reference, field=field, expected=reference.value,
                      found=other.value, evidence={"value_a": reference.value, "file_a": reference.file,
                                                   "value_b": other.value, "file_b": other.file,
                                                   "near_miss": reason, **_profile(reference, other)})


def _profile(*compared: Value) -> dict[str, str]:
    """Which of the compared values' files is the profile (any name, given with --profile), so a
    report names it for its reader (validator.messages.AUDIENCES)."""
    return next(({"profile": value.file} for value in compared if value.document is None), {})


def _over_a_break(field: str, *compared: Value) -> bool:
    """Whether one of the readings was read over a line break (a wrapped cell or line). A code is
    always given the benefit of the doubt: a reader may join a wrapped cell's lines with no trace."""
    return any(value.document is not None and field in value.document.fields
               and "\n" in value.document.fields[field].source_text for value in compared)


def compare(context: CheckContext, setting: RuleSetting, code: str, field: str,
            same: Callable[[str, str], bool],
            normalise: Callable[[str | None], str] = normalise_name) -> Iterable[Finding]:
    found = _candidates(context, field)
    reference = reference_value(found, same)
    if reference is None:
        return
    for other in found:
        if other is reference or same(str(reference.value), str(other.value)):
            continue
        if other.weak:
            yield weak(context, setting, other, field)
            continue
        reason = near_miss(str(reference.value), str(other.value), same, normalise)
        if reason == "line_break" and normalise is not normalise_code and not _over_a_break(field, reference, other):
            reason = None  # 文化中路8号 / 文化中路18号, neither read over a line: two addresses
        if reason is not None:
            yield _doubt(context, setting, reference, other, field, reason)
            continue
        yield located(context, setting, code, other if other.document else reference, field=field,
                      expected=reference.value, found=other.value,
                      evidence={"value_a": reference.value, "file_a": reference.file,
                                "value_b": other.value, "file_b": other.file, **_profile(reference, other),
                                **correction_due(context)})


def name_mismatch(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """The institution's name differs between documents (or from --profile); a license that
    does not show the name gives ``field_not_found``.

    Example::

        - code: name_mismatch
          source: 003_f95a2635431d39b6.txt 七(二)2(2)-(3)

    Passes: 康宁诊所 on the practice license and on the business license.
    Fails: 康宁诊所 on one, 康平诊所 on the other.
    """
    yield from compare(context, setting, "name_mismatch", "institution_name", same_name)
    yield from lacking(context, setting, LICENSE_TYPES, "institution_name")


def address_mismatch(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """The address differs between documents (written forms of one address agree).

    Example::

        - code: address_mismatch
          source: 003_f95a2635431d39b6.txt 七(二)2(2)-(3)

    Passes: 环翠区文化中路18号 and 威海市环翠区文化中路18号.
    Fails: 文化中路18号 and 文化中路81号.
    """
    yield from compare(context, setting, "address_mismatch", "address", same_address, normalise_address)


def legal_rep_mismatch(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """The legal representative differs between documents.

    Example::

        - code: legal_rep_mismatch
          source: 003_f95a2635431d39b6.txt 七(二)2(2)-(3)

    Passes: 张伟 on both licenses.
    Fails: 张伟 on one, 李强 on the other.
    """
    yield from compare(context, setting, "legal_rep_mismatch", "legal_representative", same_person)


def uscc_mismatch(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """The 统一社会信用代码 differs between documents (``uscc_mismatch``), and so does the
    license's 登记号 (``registration_number_mismatch``; weihai 八(四)4: the number stays the same).

    Example::

        - code: uscc_mismatch
          source: 003_f95a2635431d39b6.txt 七(二)2(2)-(3)

    Passes: the same 18-character code on the business license and the application form.
    Fails: two codes that differ in one character.
    """
    yield from compare(context, setting, "uscc_mismatch", "uscc", same_code, normalise_code)
    yield from compare(context, setting, "registration_number_mismatch", "registration_number", same_code,
                       normalise_code)


NAME_MISMATCH = Rule("name_mismatch", name_mismatch)
ADDRESS_MISMATCH = Rule("address_mismatch", address_mismatch)
LEGAL_REP_MISMATCH = Rule("legal_rep_mismatch", legal_rep_mismatch)
USCC_MISMATCH = Rule("uscc_mismatch", uscc_mismatch, codes=("uscc_mismatch", "registration_number_mismatch"))
