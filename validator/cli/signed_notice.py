"""``check --notice N.pdf [--sign-with agency.p12]``: the notice as PDF (LibreOffice, as the desk
makes it), signed PAdES B-B with the agency's certificate when a PKCS#12 file is given.

The PKCS#12 password: ``$DINGDIAN_SIGN_PASSWORD``, else a hidden prompt on a terminal; without
either, a usage error before any work. A timestamp server is contacted only when the config's
``[signatures] timestamp_url`` (or ``--timestamp-url``) names one.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from validator.catalogue import t
from validator.errors import UsageError


def notice_signer(sign_with: Path | None) -> Any:
    """pyHanko's signer, loaded before the check runs: a long check never ends waiting for a
    password, and a wrong one fails first."""
    from validator.signatures.sign import load_signer

    return None if sign_with is None else load_signer(sign_with, sign_password(sign_with))


def sign_password(sign_with: Path) -> bytes:
    """The PKCS#12 password: ``$DINGDIAN_SIGN_PASSWORD``, else a hidden prompt on a terminal."""
    from validator.signatures.sign import PASSWORD_VARIABLE

    if PASSWORD_VARIABLE in os.environ:
        return os.environ[PASSWORD_VARIABLE].encode()
    if sys.stdin.isatty():
        return click.prompt(f"{sign_with.name} password", hide_input=True, err=True).encode()
    raise UsageError(t("sign_with_needs_password", variable=PASSWORD_VARIABLE))


def write_pdf_notice(report: Any, notice: Path, signer: Any, timestamp_url: str | None,
                     **notice_options: Any) -> None:
    """The notice .docx converted to PDF and, with a ``signer``, signed; written atomically."""
    from generators.fill import convert_to_pdf
    from generators.notice import write_notice
    from generators.rendering import atomic_write

    with tempfile.TemporaryDirectory() as folder:
        docx = write_notice(report, Path(folder) / f"{notice.stem}.docx", **notice_options)
        (pdf,) = convert_to_pdf([docx], Path(folder))
        data = pdf.read_bytes()
    if signer is not None:
        from validator.signatures.sign import sign_pdf

        data = sign_pdf(data, signer, timestamp_url)
    atomic_write(notice, lambda temp: Path(temp).write_bytes(data))
