"""An electronic seal or signature as the seal a material must carry (加盖公章).

A material whose file carries an intact signature (validator/signatures/) was sealed by whoever
holds that key: no picture of a red ring is needed. Its seal name or the signer's organisation is
compared with the applicant's name as a paper seal's text is (validator/extract/seal_read.py): the
applicant's own seal satisfies the requirement, another body's is ``seal_name_mismatch``. A broken
signature proves nothing here (the file's own ``signature_broken`` says why), and a signature that
names no organisation (a person's) leaves the image test to decide.
"""
from __future__ import annotations

from validator.readers.documents import Document
from validator.rules.context import CheckContext


def signed_seal_names(context: CheckContext, document: Document) -> list[str] | None:
    """The seal names and organisations of the file's intact signatures, to be compared as a paper
    seal's text is; None when none names an organisation (the image test then decides)."""
    found = context.signatures.get(document.file)
    names = [name for s in (found.signatures if found else ()) if s.intact for name in s.names()]
    return list(dict.fromkeys(names)) or None
