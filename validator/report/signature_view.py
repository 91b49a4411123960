"""A signed file as people read it: a badge (the status in words) and the details of each
signature, in the report's language. The HTML report (render/signature_badges.py) and the desk's
case page show the same words from ``Report.to_dict()["signatures"]``."""
from __future__ import annotations

from typing import Any

from validator.signatures.findings import reason_words

# status → (Chinese, English) badge words; never "valid" without a trusted root (issue 24)
STATUS = {
    "broken": ("电子签章校验失败：文件在签章后被修改", "signature check failed: changed after signing"),
    "untrusted": ("签章完整，但签署人未通过信任验证", "intact, but the signer is not trusted"),
    "unverified": ("签章完整，但未依据受信任根证书验证签署人", "intact, signer not verified against a trusted root"),
    "trusted": ("签章完整，签署人经受信任根证书验证", "intact, signer verified against a trusted root"),
    "unreadable": ("电子签章无法读取，需人工核验", "signature could not be read; verify by hand"),
}
SEVERITY = {"broken": "error", "untrusted": "warning", "unreadable": "warning", "unverified": "info", "trusted": "ok"}
LABELS = {  # Signature field → (Chinese, English)
    "kind": ("类型", "kind"), "seal_name": ("印章名称", "seal"), "organisation": ("签署单位", "organisation"),
    "signer": ("签署人证书", "signer certificate"), "signing_time": ("签署时间", "signed at"),
    "certificate_valid": ("证书有效期", "certificate valid"), "seal_valid": ("印章有效期", "seal valid"),
    "seal_maker": ("制章者", "seal maker"), "covers_whole": ("签名覆盖整个文件", "covers the whole file"),
    "modification": ("签署后的修订", "revision after signing"), "changed_files": ("被改动的部分", "changed parts"),
    "reason": ("说明", "note"),
}
KINDS = {"pdf": ("PDF 数字签名", "PDF signature"), "ofd_seal": ("OFD 电子印章", "OFD electronic seal")}
CHANGES = {"none": ("无", "none"), "form_filling": ("表单填写", "form filling"),
           "annotations": ("添加批注", "annotations"), "other": ("内容改动", "content changed")}
HEADING = ("电子签章", "Electronic signatures and seals")


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def signature_view(found: Any, lang: str = "zh") -> dict[str, Any]:
    """``found`` (validator.signatures FileSignatures) as a JSON-ready dict with words for people."""
    data = found.to_dict()
    data.update(status_title=_pick(STATUS[found.status], lang), severity=SEVERITY[found.status],
                heading=_pick(HEADING, lang))
    for signature, shown in zip(found.signatures, data["signatures"]):
        shown["status_title"] = _pick(STATUS[signature.status], lang)
        shown["severity"] = SEVERITY[signature.status]
        shown["lines"] = _lines(signature, lang)
    return data


def _lines(signature: Any, lang: str) -> list[list[str]]:
    lines = []
    for key, label in LABELS.items():
        value = getattr(signature, key)
        if value in (None, "", ()):
            continue
        if key == "kind":
            value = _pick(KINDS.get(value, (value, value)), lang)
        elif key == "modification":
            value = _pick(CHANGES.get(value, (value, value)), lang)
        elif key == "reason":
            value = _pick(reason_words(value), lang)
        elif key == "covers_whole":
            value = ("是", "yes")[lang == "en"] if value else ("否", "no")[lang == "en"]
        elif isinstance(value, tuple):
            value = " — ".join(part[:10] for part in value) if key.endswith("_valid") else "、".join(value)
        lines.append([_pick(label, lang), str(value)])
    return lines
