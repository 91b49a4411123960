"""PDF signatures through pyHanko's validation: integrity, coverage, what changed after signing
(pyHanko's difference analysis: its modification level) and, with the agency's roots, trust.

Fully offline: the validation context never fetches OCSP, CRL or AIA (allow_fetching=False) and,
without configured roots, trusts nothing (an empty root list, not the system store).
"""
from __future__ import annotations

import io
from datetime import datetime

from validator.signatures.model import BROKEN, TRUSTED, UNREADABLE, UNTRUSTED, UNVERIFIED, Signature
from validator.signatures.trust import TrustRoots, subject_names, valid_at, validity

# pyHanko's ModificationLevel names → ours; LTA_UPDATES (added validation data) is no change to content
MODIFICATIONS = {"NONE": "none", "LTA_UPDATES": "none", "FORM_FILLING": "form_filling",
                 "ANNOTATIONS": "annotations", "OTHER": "other"}


# what pyHanko raises on a damaged or hostile PDF (besides its own PdfError): a finding, not a crash
PARSE_ERRORS = (ValueError, KeyError, TypeError, IndexError, AttributeError, NotImplementedError, RecursionError)


def has_signature(data: bytes) -> bool:
    """Cheap test before parsing: every PDF signature dictionary carries a /ByteRange."""
    return b"/ByteRange" in data


def pdf_signatures(data: bytes, roots: TrustRoots | None) -> list[Signature]:
    """Every signature field's signature in the PDF; [] when it carries none."""
    if not has_signature(data):
        return []
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.encrypted:
            return [Signature("pdf", UNREADABLE, reason="encrypted PDF")]
        embedded = list(reader.embedded_regular_signatures)
    except (*PARSE_ERRORS, PdfError) as error:
        return [Signature("pdf", UNREADABLE, reason=f"PDF not read ({type(error).__name__})")]
    return [_one(signature, roots) for signature in embedded]


def _context(roots: TrustRoots | None):
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(trust_roots=list(roots.certificates) if roots else [], allow_fetching=False)


def _one(embedded, roots: TrustRoots | None) -> Signature:
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation import validate_pdf_signature

    try:
        status = validate_pdf_signature(embedded, signer_validation_context=_context(roots))
    except (*PARSE_ERRORS, PdfError, SignatureValidationError) as error:
        return Signature("pdf", UNREADABLE, reason=f"signature not read ({type(error).__name__}: {error})"[:200])
    certificate = status.signing_cert
    signer, organisation = subject_names(certificate) if certificate is not None else ("", "")
    when = status.signer_reported_dt
    level = status.modification_level
    modification = MODIFICATIONS.get(level.name, "other") if level is not None else "other"
    verdict, reason = _status(status, modification, certificate, when, roots)
    return Signature(
        "pdf", verdict, signer=signer, organisation=organisation,
        signing_time=when.isoformat() if when else "",
        certificate_valid=validity(certificate) if certificate is not None else None,
        covers_whole=status.coverage.name == "ENTIRE_FILE" if status.coverage is not None else False,
        modification=modification, reason=reason, algorithm=status.md_algorithm or "")


def _status(status, modification: str, certificate, when: datetime | None,
            roots: TrustRoots | None) -> tuple[str, str]:
    if not status.intact:
        return BROKEN, "the signed bytes changed"
    if not status.valid:
        return BROKEN, "the signature does not verify"
    if modification == "other" or status.docmdp_ok is False:
        return BROKEN, "the file changed after signing beyond what the signature allows"
    if certificate is None:
        return UNREADABLE, "no signer certificate"
    if not valid_at(certificate, when):
        return UNTRUSTED, "the signer's certificate was not valid at the signing time"
    if roots is None:
        return UNVERIFIED, "no trust roots configured"
    if not status.bottom_line:
        return UNTRUSTED, f"the signer's certificate reaches no trusted root ({status.trust_problem_indic})"
    return TRUSTED, ""
