"""Every document of the package (and --profile) must speak of the same institution: name,
address, legal representative, USCC and registration number (yangzhou 一(一)3, 一(二)3: the
business address must agree with the licenses; weihai 八(四)4: the license number stays the same).

The reference is the value most sources agree on (after normalisation, validator.text_match),
ties going to the licenses (practice license first), then other documents, then the profile; every other value is
compared with it, so the odd one out gets one finding that names both values and both files.
A value that differs only by traditional/simplified forms, OCR-confusable characters or being cut
short (validator.text_match.near_miss) is doubt, not a mismatch: ``could_not_verify`` with both
readings (issue 11: a false error is worse than a missed one).
"""
from __future__ import annotations

from typing import Callable, Iterable

from validator.checklist_model import RuleSetting
from validator.context import CheckContext
from validator.findings import Finding
from validator.rules import rule
from validator.rules.common import (LICENSE_TYPES, Value, correction_due, lacking, located, profile_value, unverified,
                                   values, weak)
from validator.text_match import (NEAR_MISS_REASONS, near_miss, normalise_address, normalise_code, normalise_name,
                                  same_address, same_code, same_name, same_person)

# Documents whose fields name someone else (a person's certificate, an ID card).
_PERSONAL = ("physician_certificate", "pharmacist_certificate", "medical_staff_certificate", "id_card", "labor_contract")


def _candidates(context: CheckContext, field: str) -> list[Value]:
    documents = [doc for doc in context.documents if doc.document_type not in _PERSONAL]
    rank = {kind: index for index, kind in enumerate(LICENSE_TYPES)}
    found = sorted(values(documents, field),
                   key=lambda v: (rank.get(v.document.document_type, len(rank)), v.document.file))
    from_profile = profile_value(context.profile, field)
    if from_profile is not None:  # last: a finding had better cite a document the applicant submitted
        found.append(Value(from_profile, None, origin=str(profile_value(context.profile, "origin") or "profile")))
    return found


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
                                                   "near_miss": reason})


def compare(context: CheckContext, setting: RuleSetting, code: str, field: str,
            same: Callable[[str, str], bool],
            normalise: Callable[[str | None], str] = normalise_name) -> Iterable[Finding]:
    found = _candidates(context, field)
    strong = [v for v in found if not v.weak]
    if not strong:
        return
    # Most agreeing sources first; sorted() is stable, so ties keep the license-first order.
    reference = sorted(strong, key=lambda v: -sum(same(str(v.value), str(o.value)) for o in strong))[0]
    for other in found:
        if other is reference or same(str(reference.value), str(other.value)):
            continue
        if other.weak:
            yield weak(context, setting, other, field)
            continue
        reason = near_miss(str(reference.value), str(other.value), same, normalise)
        if reason is not None:
            yield _doubt(context, setting, reference, other, field, reason)
            continue
        yield located(context, setting, code, other if other.document else reference, field=field,
                      expected=reference.value, found=other.value,
                      evidence={"value_a": reference.value, "file_a": reference.file,
                                "value_b": other.value, "file_b": other.file, **correction_due(context)})


@rule("name_mismatch")
def name_mismatch(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    yield from compare(context, setting, "name_mismatch", "institution_name", same_name)
    yield from lacking(context, setting, LICENSE_TYPES, "institution_name")


@rule("address_mismatch")
def address_mismatch(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    yield from compare(context, setting, "address_mismatch", "address", same_address, normalise_address)


@rule("legal_rep_mismatch")
def legal_rep_mismatch(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    yield from compare(context, setting, "legal_rep_mismatch", "legal_representative", same_person)


@rule("uscc_mismatch")
def uscc_mismatch(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    for field in ("uscc", "registration_number"):
        yield from compare(context, setting, "uscc_mismatch", field, same_code, normalise_code)
