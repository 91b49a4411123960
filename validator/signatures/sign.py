"""Signing what the agency issues: a PDF notice, signed PAdES B-B with the agency's PKCS#12.

The password comes from ``$DINGDIAN_SIGN_PASSWORD`` or, on a terminal, a prompt (the CLI asks);
a timestamp server (``[signatures] timestamp_url``) is contacted only when the agency sets one —
never in tests. The signature covers the whole file, so dingdian's own verification (and any
PAdES-aware reader) shows it intact.
"""
from __future__ import annotations

import io
from pathlib import Path

from validator.catalogue import t
from validator.errors import InputError

PASSWORD_VARIABLE = "DINGDIAN_SIGN_PASSWORD"
FIELD = "dingdian-agency-signature"


def load_signer(p12: Path, password: bytes | None):
    """pyHanko's signer from a PKCS#12 file; InputError (one line) for a wrong password or file."""
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.sign import signers

    try:
        data = p12.read_bytes()
        pkcs12.load_key_and_certificates(data, password)  # a wrong password fails here, in one line
    except OSError as error:
        raise InputError(t("sign_with_unreadable", path=p12, reason=error.strerror)) from None
    except ValueError:
        raise InputError(t("sign_with_bad_p12", path=p12)) from None
    signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=password)
    if signer is None:  # pyHanko returns None for a file without a key and its certificate
        raise InputError(t("sign_with_no_key", path=p12))
    return signer


def sign_pdf(data: bytes, signer, timestamp_url: str | None = None, reason: str = "") -> bytes:
    """``data`` (a PDF) signed PAdES B-B by ``signer``, with an RFC 3161 timestamp when a URL is set."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps import HTTPTimeStamper

    metadata = signers.PdfSignatureMetadata(field_name=FIELD, subfilter=fields.SigSeedSubFilter.PADES,
                                            reason=reason or None, md_algorithm="sha256")
    timestamper = HTTPTimeStamper(timestamp_url) if timestamp_url else None
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    output = signers.PdfSigner(metadata, signer=signer, timestamper=timestamper).sign_pdf(writer)
    return output.getvalue()
