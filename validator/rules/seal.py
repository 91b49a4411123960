"""Seals: commitment letters and forms must carry the applicant's red round stamp (盖章).

The detector (validator/seal_detect.py) looks for a red ring on the rendered page. It works
on scans and photos; a text PDF or .docx carries no image of a stamp, so there the answer
is ``could_not_verify`` rather than a guess.
"""
from __future__ import annotations

from typing import Iterable

from validator.checklist_model import RuleSetting
from validator.context import CheckContext
from validator.findings import Finding
from validator.rules.declaration import Param, Rule, ids_of
from validator.rules.common import correction_due, located, unverified


def missing_seal(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """A scanned material the seed says is sealed shows no red round stamp on any page; an
    electronic document cannot show one, so it gives ``could_not_verify``.

    Example::

        - code: missing_seal
          source: 000_f517f697d43ff996.txt 四.3
          params: {materials: [application_form, integrity_commitment]}

    Passes: a scanned 承诺书 with a red ring on its page.
    Fails: the same scan without the stamp.
    """
    for material in setting.params["materials"]:
        for document in context.documents_for(material):
            if not document.is_scan or document.read.render is None:
                yield unverified(context, setting, "电子文档无法核验印章，请提交盖章后的扫描件或人工核对。",
                                 "an electronic document shows no stamp image; submit the sealed scan "
                                 "or check by hand.", document, material=material)
                continue
            from validator.seal_detect import has_seal

            if not any(has_seal(document.read.render(page)) for page in document.pages):
                yield located(context, setting, "missing_seal", document, material=material,
                              evidence=correction_due(context))


MISSING_SEAL = Rule("missing_seal", missing_seal, params=(
    Param("materials", ids_of("materials"), "the materials the seed says carry the applicant's seal", default=[]),
))
