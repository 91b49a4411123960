"""Findings about a file's electronic signatures, like the findings about a damaged file: they
belong to the file whatever the city's checklist, because they say whether its bytes are the
ones that were signed.

- ``signature_broken`` (error): a signed file changed after signing, or its signature does not
  verify: "电子签章校验失败：文件在签章后被修改".
- ``signature_untrusted`` (warning): intact, but the signer's certificate had expired at signing,
  the seal was outside its validity, or the chain reaches none of the agency's trusted roots.
- ``signature_unverified`` (info): intact; no trusted roots are configured, so the signer is not
  verified — never called valid.
An unreadable signature structure says so as ``could_not_verify``: it proves nothing either way.
"""
from __future__ import annotations

from validator.findings import Finding
from validator.signatures.model import BROKEN, UNREADABLE, UNTRUSTED, UNVERIFIED, FileSignatures, Signature

# what changed, said to people (pyHanko's modification levels; OFD: the parts)
CHANGES = {"form_filling": ("表单填写", "form filling"), "annotations": ("添加批注", "annotations"),
           "other": ("内容改动", "content changed")}
CODES = {BROKEN: "signature_broken", UNTRUSTED: "signature_untrusted", UNVERIFIED: "signature_unverified"}
# the verifiers' reasons (English, by prefix) → (zh, en) for people
REASONS = {
    "the signer's certificate was not valid at the signing time": ("签章时签署人证书不在有效期内",
                                                                     "the signer's certificate was not valid when it signed"),
    "the seal was outside its validity period at the signing time": ("签章时电子印章不在有效期内",
                                                                     "the seal was outside its validity period"),
    "the signer's certificate reaches no trusted root": ("签署人证书不能链接到受信任的根证书",
                                                         "the signer's certificate does not chain to a trusted root"),
    "the seal's maker signature does not verify": ("电子印章的制章签名验证失败", "the seal maker's signature does not verify"),
    "no trust roots configured": ("未配置受信任根证书", "no trusted roots are configured"),
    "signed parts changed after sealing": ("签章后被改动", "changed after sealing"),
    "the seal signature does not verify": ("签名值验证失败", "the signature value does not verify"),
    "the signature does not verify": ("签名值验证失败", "the signature value does not verify"),
    "the signed bytes changed": ("签名覆盖的字节已被改动", "the signed bytes changed"),
    "the file changed after signing beyond what the signature allows": (
        "签署后文件被改动，超出签名允许的范围", "the file changed after signing beyond what the signature allows"),
}


def reason_words(reason: str) -> tuple[str, str]:
    """The reason in Chinese and English; a technical one (an unreadable structure) as it is."""
    return next((words for prefix, words in REASONS.items() if reason.startswith(prefix)), (reason, reason))


def signature_findings(found: FileSignatures) -> list[Finding]:
    """One finding per file: the worst of its signatures."""
    worst = next(s for s in found.signatures if s.status == found.status)
    if worst.status == UNREADABLE:
        return [Finding("could_not_verify", file=found.file, evidence={
            "rule": "signature", "why": f"电子签章结构无法读取（{worst.reason}），请人工核验。",
            "why_en": f"the electronic signature could not be read ({worst.reason}); verify it by hand."})]
    code = CODES.get(worst.status)
    return [Finding(code, file=found.file, evidence=_evidence(worst))] if code else []


def _evidence(signature: Signature) -> dict[str, str]:
    how_zh, how_en = _how(signature)
    why_zh, why_en = reason_words(signature.reason)
    return {"signer": signature.seal_name or signature.organisation or signature.signer or "未知",
            "how_zh": how_zh, "how_en": how_en, "why_zh": why_zh, "why_en": why_en,
            "signing_time": signature.signing_time or "未知"}


def _how(signature: Signature) -> tuple[str, str]:
    if signature.changed_files:
        parts = "、".join(signature.changed_files)
        return f"被改动的部分：{parts}", f"changed parts: {', '.join(signature.changed_files)}"
    if signature.modification in CHANGES:
        zh, en = CHANGES[signature.modification]
        return f"签章后的修订：{zh}", f"revision after signing: {en}"
    return "签名值与内容不符", "the signature does not match the content"
