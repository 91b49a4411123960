"""Required cells of the city's forms left blank (blank_field): the application form by default,
or the forms the checklist names (``materials``: weihai 八(四)1, 八(五)1 the change and the
suspension/termination forms, since Weihai's application has no form).

A field is *blank* when the form shows its label but no value next to it; when the label itself
is not on the form (another template, an OCR miss) the rule cannot tell a blank cell from a
reading problem and says ``field_not_found`` instead (docs/CONVENTIONS.md item 4).
"""
from __future__ import annotations

import re
from typing import Iterable

from validator.checklists.model import RuleSetting
from validator.rules.context import CheckContext
from validator.readers.documents import Document
from validator.findings import Finding
from validator.rules.declaration import Param, Rule, ids_of
from validator.rules.common import correction_due, field_value, located, not_found, unverified
from validator.extract.text_match import normalise_name
from validator.vocabulary import vocabulary


def labels(field: str) -> list[str]:
    """The labels a form prints for a field: the vocabulary title split at "/", notes dropped."""
    title = str(vocabulary()["fields"].get(field, field))
    return [normalise_name(re.sub(r"[（(].*?[)）]", "", part)) for part in title.split("/")]


def _shows_label(document: Document, field: str) -> bool:
    text = normalise_name(document.text)
    return any(label and label in text for label in labels(field))


def blank_field(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """A required cell of the city's forms shows its label but no entry: the application form, or
    the forms ``materials`` names (weihai 八(四)1, 八(五)1: Weihai's application has no form).

    Example::

        - code: blank_field
          source: 003_f95a2635431d39b6.txt 七(二)2(1)
          params: {fields: [institution_name, uscc, address, legal_representative]}

    Passes: an application form with 机构名称：威海市环翠区康宁诊所.
    Fails: an application form with 机构名称： and nothing after it.
    """
    required = list(setting.params["fields"])
    for material in setting.params["materials"]:
        yield from _blanks(context, setting, material, required)


def _blanks(context: CheckContext, setting: RuleSetting, material: str, required: list[str]) -> Iterable[Finding]:
    # The forms' material ids are also their document types (application_form, change_application_form …).
    for document in context.documents_for(material) or context.documents_of(material):
        for field in required:
            if field_value(document, field) is not None:
                continue
            if _shows_label(document, field) and document.is_scan:
                # A handwritten or faint entry that OCR missed is not a blank cell.
                yield unverified(context, setting, "扫描件上未能识别该栏内容，请人工核对是否已填写。",
                                 "no entry was recognised in this cell of the scan; check by hand.",
                                 document, field=field, material=material)
            elif _shows_label(document, field):
                yield located(context, setting, "blank_field", document, field=field,
                              material=material, evidence=correction_due(context))
            else:
                yield not_found(context, setting, document, field)


BLANK_FIELD = Rule("blank_field", blank_field, params=(
    Param("fields", ids_of("fields"), "vocabulary fields the form must fill", default=[]),
    Param("materials", ids_of("materials"), "the forms to read (their material ids, which are also their "
          "document types)", default=["application_form"]),
))
