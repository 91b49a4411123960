"""Electronic signatures and seals in a package: which files carry them and what verifying them found.

A stage of its own between reading and the rules: the rules judge what it found (an altered file,
a seal that satisfies 加盖公章), the report and the desk show it per file. Nothing here reaches the
network: trust is only what the agency's configured roots say.
"""
from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Iterable

from validator.errors import InputError
from validator.signatures.model import FileSignatures
from validator.signatures.trust import TrustRoots, load_roots

# pyHanko logs each failed path, diff or key load with a traceback; what it found is in the status
# (or the one-line error) dingdian reports, so its records go nowhere.
for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

# pyHanko imports cryptography's DSA type (for signatures nobody here makes); the deprecation notice
# it triggers is not the user's business and would be a stray stderr line of every signing run.
warnings.filterwarnings("ignore", message="DSA is deprecated", module="pyhanko")

__all__ = ["FileSignatures", "TrustRoots", "load_roots", "verify_bytes", "verify_files"]


def verify_bytes(name: str, data: bytes, roots: TrustRoots | None) -> FileSignatures | None:
    """The signatures of one file by its bytes (PDF or OFD); None when it carries none."""
    from validator.intake.sniff import sniff

    kind = sniff(data)
    if kind == "pdf":
        from validator.signatures.pdf import pdf_signatures

        found = pdf_signatures(data, roots)
    elif kind == "ofd":
        from validator.signatures.ofd import ofd_signatures

        found = ofd_signatures(data, roots)
    else:
        return None
    return FileSignatures(name, kind, tuple(found)) if found else None


def verify_files(files: Iterable, trust_roots: Path | None) -> dict[str, FileSignatures]:
    """{package path: its signatures} for every signed PDF or OFD of ``files`` (PackageFile-like:
    ``path``, ``format`` and ``read_bytes()``)."""
    roots = load_roots(trust_roots) if trust_roots is not None else None
    found = {}
    for file in files:
        try:
            if file.format not in ("pdf", "ofd"):
                continue
            data = file.read_bytes()
        except InputError:  # vanished or unreadable: reading the package has said so already
            continue
        signatures = verify_bytes(file.path, data, roots)
        if signatures is not None:
            found[file.path] = signatures
    return found
