"""What rules share: reading a field with its confidence, the profile, and the shapes of
``could_not_verify`` / ``field_not_found`` findings (docs/CONVENTIONS.md item 4: unsure is not wrong)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from validator.checklists.model import RuleSetting
from validator.rules.context import CheckContext
from validator.readers.documents import MIN_CONFIDENCE, Document
from validator.extract.facts import as_date, profile_answer  # noqa: F401 - as_date: the rules' one date coercion
from validator.findings import Finding
from validator.extract.text_match import normalise_name
from validator.vocabulary import document_types_tagged

# Document types that carry the institution's identity (name, USCC, address, legal rep ...),
# practice license first; and those that license a medical institution to practise.
LICENSE_TYPES = document_types_tagged("identity")
PRACTICE_LICENSE_TYPES = document_types_tagged("practice")


@dataclass(frozen=True)
class Value:
    """A field value found in a document (or the profile when ``document`` is None)."""

    value: Any
    document: Document | None
    page: int | None = None
    confidence: float = 1.0
    origin: str = "profile"  # where a profile value came from (profile.yaml, --profile PATH)

    @property
    def file(self) -> str:
        return self.document.file if self.document else self.origin

    @property
    def weak(self) -> bool:
        return self.confidence < MIN_CONFIDENCE


# What a form prints for the signer next to a label, not an entry: "法定代表人（签字）：".
_PLACEHOLDERS = frozenset({"签字", "签名", "盖章", "签章", "公章", "签字盖章", "按手印", "手印", "签字按手印"})
# The same placeholder printed before the entry: "法定代表人（签字按手印）：刘建国" (weihai 八(五)1).
_PLACEHOLDER_PREFIX = re.compile(r"^\s*[（(]\s*(?:%s)\s*[)）]\s*[:：]?\s*"
                                 % "|".join(sorted(_PLACEHOLDERS, key=len, reverse=True)))


def field_value(document: Document, name: str) -> Value | None:
    """The field as read, or None where it is absent, empty or only a signature placeholder; a
    placeholder printed before the entry is not part of it."""
    found = document.fields.get(name)
    if found is None or found.value in (None, "", [], ()) or normalise_name(str(found.value)) in _PLACEHOLDERS:
        return None
    value = found.value
    if isinstance(value, str) and _PLACEHOLDER_PREFIX.match(value):
        value = _PLACEHOLDER_PREFIX.sub("", value) or None
        if value is None:
            return None
    return Value(value, document, found.page, found.confidence)


def values(documents: Iterable[Document], name: str) -> list[Value]:
    return [found for doc in documents if (found := field_value(doc, name)) is not None]


def profile_stated(profile: Any, key: str) -> Any:
    """A profile key as a rule compares it: the raw answer (validator.extract.facts.profile_answer),
    with an empty one (blank text, an empty list) taken as not given."""
    value = profile_answer(profile, key)
    return None if value in ("", [], ()) else value


def material_of(context: CheckContext, document: Document | None) -> str | None:
    """The checklist material a document was counted for (its first), else None."""
    if document is None:
        return None
    return next((mid for mid, status in context.materials.items()
                 if any(doc is document for doc in status.documents)), None)


def material_missing(context: CheckContext, material: str) -> bool:
    """The checklist already reports ``material`` as missing (so a rule needing it stays silent)."""
    status = context.materials.get(material)
    return status is not None and status.status == "missing"


def located(context: CheckContext, setting: RuleSetting, code: str, at: Value | Document | None,
            **kwargs: Any) -> Finding:
    """A finding placed at a document (file, page, material) and citing the rule's clause."""
    document = at.document if isinstance(at, Value) else at
    page = at.page if isinstance(at, Value) else None
    kwargs.setdefault("material", material_of(context, document))
    return Finding(code, file=document.file if document else None,
                   page=page or (document.pages[0] if document and document.pages else None),
                   source=setting.source, **kwargs)


def unverified(context: CheckContext, setting: RuleSetting, why: str, why_en: str,
               at: Value | Document | None = None, **kwargs: Any) -> Finding:
    """``could_not_verify``: the rule could not decide; says why, in both languages."""
    evidence = {"rule": setting.code, "why": why, "why_en": why_en, **kwargs.pop("evidence", {})}
    return located(context, setting, "could_not_verify", at, evidence=evidence, **kwargs)


def not_found(context: CheckContext, setting: RuleSetting, document: Document, field: str) -> Finding:
    """``field_not_found``: a document that should carry ``field`` does not show it."""
    return located(context, setting, "field_not_found", document, field=field,
                   evidence={"rule": setting.code})


def lacking(context: CheckContext, setting: RuleSetting, document_types: tuple[str, ...],
            field: str) -> list[Finding]:
    """``field_not_found`` for each document of these types (which always print ``field``) that
    does not show it: the rule needing it cannot judge that document."""
    return [not_found(context, setting, doc, field) for doc in context.documents_of(*document_types)
            if field_value(doc, field) is None]


def weak(context: CheckContext, setting: RuleSetting, found: Value, field: str) -> Finding:
    """The field was read with too little OCR confidence to judge it."""
    return unverified(context, setting, f"识别可信度低（{found.confidence:.2f}），请人工核对。",
                      f"read with low OCR confidence ({found.confidence:.2f}); check by hand.",
                      found, field=field, found=found.value)


def correction_due(context: CheckContext) -> dict[str, str]:
    """Evidence for "by when": the day the applicant must supplement by, where the city's checklist
    sets one for the procedure checked (a change or a signing never borrows the application's
    period); the earliest when several apply, as validator.domain.deadlines.supplement_by does."""
    from validator.domain.deadlines import due_date, select_rules
    from validator.vocabulary import ids

    entries = (context.checklist.settings.get("deadlines") or {}).get("supplement") or []
    dues = [due_date(context.as_of, rule, event="supplement", city=context.checklist.city)
            for rule in select_rules(list(entries), None, context.scheme, ids("schemes"), "supplement")
            if rule.applies_to(context.procedure)]
    if not dues:
        return {}
    due = min(dues, key=lambda found: found.due)
    day, guess = due.due.isoformat(), due.estimated
    return {"due": day, "due_zh": f"请于{day}{'（暂定）' if guess else ''}前补正。",
            "due_en": f"Correct it by {day}{' (provisional)' if guess else ''}."}
