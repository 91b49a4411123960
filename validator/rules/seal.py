"""Seals: commitment letters and forms must carry the applicant's own red round stamp (盖章).

The detector (validator/extract/seal_detect.py) finds the ring on the rendered page; its text is then
read (validator/extract/seal_read.py) and compared with the applicant's name, so a letter sealed by
another organisation is caught (an error: the seal is the applicant's declaration), while an
illegible ring only asks a person to look. A text PDF or .docx carries no image of a stamp, and
a black-and-white scan has lost the red that finds one: there the answer is
``could_not_verify``, never ``missing_seal``.
A licence or certificate carries its issuer's seal (the 市场监督管理局's on a business licence):
a ring naming its issuing authority is set aside, never compared with the applicant (weihai
八(四)2 asks the applicant's seal on the licences' copies, beside the issuer's).
A video (Harbin's e-prescription acceptance recording, 附件2(四)) is not a paper and carries
no seal: the seal belongs on the (6-03-01) form that goes with it, so a video is never asked
for one.
"""
from __future__ import annotations

from typing import Any, Iterable

from validator.checklists.model import RuleSetting
from validator.rules.context import CheckContext
from validator.readers.documents import Document
from validator.findings import Finding
from validator.rules.declaration import Param, Rule, ids_of
from validator.rules.common import correction_due, located, unverified
from validator.rules.consistency import applicant_name
from validator.rules.electronic_seal import signed_seal_names
from validator.vocabulary import document_types_tagged

# Licences and certificates: printed with their issuer's seal (validator/data/document_types.yaml).
_ISSUED = document_types_tagged("issued")


def missing_seal(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """A scanned material the seed says is sealed shows no red round stamp on any page; an
    electronic document cannot show one, so it gives ``could_not_verify``.

    Example::

        - code: missing_seal
          source: 000_f517f697d43ff996.txt 四.3
          params: {materials: [application_form, integrity_commitment]}

    Passes: a scanned 承诺书 with a red ring whose text is the applicant's name.
    Fails: the same scan without the stamp (missing_seal), or with another body's seal
    (seal_name_mismatch); an illegible ring or a greyscale scan gives could_not_verify.
    """
    for material in setting.params["materials"]:
        for document in context.documents_for(material):
            if document.read.format == "video":
                continue
            if (signed := signed_seal_names(context, document)) is not None:
                # an intact e-seal decides, compared as a paper seal's text; no image test
                yield from _compare(context, setting, document, material, signed)
                continue
            if not document.is_scan or document.read.render is None:
                yield unverified(context, setting, "电子文档无法核验印章，请提交盖章后的扫描件或人工核对。",
                                 "an electronic document shows no stamp image; submit the sealed scan "
                                 "or check by hand.", document, material=material)
                continue
            yield from _judge(context, setting, document, material)


def _judge(context: CheckContext, setting: RuleSetting, document: Document, material: str) -> Iterable[Finding]:
    from validator.extract.seal_detect import dark_rings, is_greyscale, rings
    from validator.extract.seal_read import read_ring

    images = [document.read.render(page) for page in document.pages]
    red = [(image, ring) for image in images for ring in rings(image)]
    if red:  # an illegible red ring is still a seal: _compare asks a person to read it
        texts = [reading.text for image, ring in red if (reading := read_ring(image, ring)).legible]
    else:
        grey = [image for image in images if is_greyscale(image)]
        if not grey:
            yield located(context, setting, "missing_seal", document, material=material,
                          evidence=correction_due(context))
            return
        texts = [reading.text for image in grey for ring in dark_rings(image)
                 if (reading := read_ring(image, ring, "dark")).legible]
        if not texts:  # no ring found by its shape, or none legible: nothing proves a seal either way
            yield unverified(context, setting, "黑白扫描件无法确认是否加盖公章，请人工核对原件。",
                             "a black-and-white scan cannot show whether the seal is there; check the "
                             "original by hand.", document, material=material)
            return
    yield from _compare(context, setting, document, material, texts)


def _compare(context: CheckContext, setting: RuleSetting, document: Document, material: str,
             texts: list[str]) -> Iterable[Finding]:
    from validator.extract.seal_read import OTHER, SAME, name_similarity

    name = applicant_name(context)
    if name is None:
        return  # a seal is there; nothing to compare it with
    if document.document_type in _ISSUED:
        issuers = [text for text in texts if _issuers_seal(document, text)]
        texts = [text for text in texts if text not in issuers]
        if issuers and not texts:
            yield _only_issuers(context, setting, document, material, issuers)
            return
    scores = [name_similarity(text, name) for text in texts]
    if any(score >= SAME for score in scores):
        return
    ring = "、".join(texts) or "无法辨认"
    evidence: dict[str, Any] = {"seal_text": texts or ["无法辨认"], "name": name}
    if texts and all(score <= OTHER for score in scores):
        yield located(context, setting, "seal_name_mismatch", document, material=material, expected=name,
                      found=ring, evidence={**evidence, **correction_due(context)})
        return
    yield unverified(context, setting, f"印章文字（{ring}）无法确认与申请机构名称“{name}”一致，请人工核对。",
                     f"the seal's text ({', '.join(texts) or 'illegible'}) could not be matched to the applicant's name "
                     f"'{name}'; check by hand.", document, material=material, evidence=evidence)


def _issuers_seal(document: Document, text: str) -> bool:
    """The licence's own seal, printed by its issuer (市场监督管理局 on a business licence)."""
    from validator.extract.seal_read import issuer_seal

    authority = document.fields.get("issuing_authority")
    return issuer_seal(text, str(authority.value) if authority and authority.value else None)


def _only_issuers(context: CheckContext, setting: RuleSetting, document: Document, material: str,
                  issuers: list[str]) -> Finding:
    """Only the issuer's seal was read on the copy: the applicant's stamp may be there unread (a ring
    over the issuer's), so a person looks; the issuer's seal is never compared with the applicant."""
    ring = "、".join(issuers)
    return unverified(context, setting, f"仅识别到发证机关的印章（{ring}），未能确认复印件上加盖了本机构公章，请人工核对。",
                      f"only the issuing authority's seal ({', '.join(issuers)}) was read; whether the copy also "
                      "carries the institution's own seal could not be confirmed; check by hand.",
                      document, material=material, evidence={"seal_text": issuers})


MISSING_SEAL = Rule("missing_seal", missing_seal, codes=("missing_seal", "seal_name_mismatch"), params=(
    Param("materials", ids_of("materials"), "the materials the seed says carry the applicant's seal", default=[]),
))
