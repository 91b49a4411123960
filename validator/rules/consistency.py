"""Every document of the package (and --profile) must speak of the same institution: name,
address, legal representative, USCC and registration number (yangzhou 一(一)3, 一(二)3: the
business address must agree with the licenses; weihai 八(四)4: the license number stays the same).

The reference is the value most sources agree on (after normalisation, validator.text_match),
ties going to the licenses (practice license first), then other documents, then the profile; every other value is
compared with it, so the odd one out gets one finding that names both values and both files.
"""
from __future__ import annotations

from typing import Callable, Iterable

from validator.checklist_model import RuleSetting
from validator.context import CheckContext
from validator.findings import Finding
from validator.rules import rule
from validator.rules.common import LICENSE_TYPES, Value, correction_due, lacking, located, profile_value, values, weak
from validator.text_match import same_address, same_code, same_name, same_person

# Documents whose fields name someone else (a person's certificate, an ID card).
_PERSONAL = ("physician_certificate", "pharmacist_certificate", "id_card", "labor_contract")


def _candidates(context: CheckContext, field: str) -> list[Value]:
    documents = [doc for doc in context.documents if doc.document_type not in _PERSONAL]
    rank = {kind: index for index, kind in enumerate(LICENSE_TYPES)}
    found = sorted(values(documents, field),
                   key=lambda v: (rank.get(v.document.document_type, len(rank)), v.document.file))
    from_profile = profile_value(context.profile, field)
    if from_profile is not None:  # last: a finding had better cite a document the applicant submitted
        found.append(Value(from_profile, None, origin=str(profile_value(context.profile, "origin") or "profile")))
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


def compare(context: CheckContext, setting: RuleSetting, code: str, field: str,
            same: Callable[[str, str], bool]) -> Iterable[Finding]:
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
    yield from compare(context, setting, "address_mismatch", "address", same_address)


@rule("legal_rep_mismatch")
def legal_rep_mismatch(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    yield from compare(context, setting, "legal_rep_mismatch", "legal_representative", same_person)


@rule("uscc_mismatch")
def uscc_mismatch(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    for field in ("uscc", "registration_number"):
        yield from compare(context, setting, "uscc_mismatch", field, same_code)
