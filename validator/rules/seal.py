"""Seals: commitment letters and forms must carry the applicant's red round stamp (盖章).

The detector (validator/seal_detect.py) looks for a red ring on the rendered page. It works
on scans and photos; a text PDF or .docx carries no image of a stamp, so there the answer
is ``could_not_verify`` rather than a guess. A video (Harbin's e-prescription acceptance
recording, 附件2(四)) is not a paper and carries no seal: the seal belongs on the (6-03-01) form
that goes with it, so a video is never asked for one.
"""
from __future__ import annotations

from typing import Iterable

from validator.checklist_model import RuleSetting
from validator.context import CheckContext
from validator.findings import Finding
from validator.rules import rule
from validator.rules.common import correction_due, located, unverified


@rule("missing_seal")
def missing_seal(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    for material in setting.params.get("materials") or []:
        for document in context.documents_for(material):
            if document.read.format == "video":
                continue
            if not document.is_scan or document.read.render is None:
                yield unverified(context, setting, "电子文档无法核验印章，请提交盖章后的扫描件或人工核对。",
                                 "an electronic document shows no stamp image; submit the sealed scan "
                                 "or check by hand.", document, material=material)
                continue
            from validator.seal_detect import has_seal

            if not any(has_seal(document.read.render(page)) for page in document.pages):
                yield located(context, setting, "missing_seal", document, material=material,
                              evidence=correction_due(context))
