"""What verifying one signature or seal found, in plain values the rules, reports and desk read.

The verdicts follow the issue's rule of honesty: a signature whose bytes are intact but whose signer
was not checked against a root the agency trusts is "intact, signer not verified" — never "valid".
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# status, worst first: what a person needs to know about the signature in one word
BROKEN = "broken"  # the signed bytes or the signed files changed, or the signature does not verify
UNTRUSTED = "untrusted"  # intact, but the signer's certificate reaches no trusted root or had expired
UNVERIFIED = "unverified"  # intact; no trust roots configured, so the signer is not verified
TRUSTED = "trusted"  # intact and the chain reaches a root the agency configured
UNREADABLE = "unreadable"  # a signature is there, but its structure could not be read


@dataclass(frozen=True)
class Signature:
    kind: str  # "pdf" (CMS / PAdES) | "ofd_seal" (GB/T 38540 / GM/T 0031 SES_Signature)
    status: str
    signer: str = ""  # the signer certificate's subject, readable
    organisation: str = ""  # its O (or the seal's owner when the certificate names none)
    seal_name: str = ""  # an OFD seal's name (印章名称)
    seal_maker: str = ""  # the subject of the certificate that made the seal (制章者)
    seal_valid: tuple[str, str] | None = None  # seal validity start and end, ISO dates
    signing_time: str = ""  # ISO datetime the signer claims
    certificate_valid: tuple[str, str] | None = None  # signer certificate not before / not after
    covers_whole: bool | None = None  # PDF: the signed byte range covers the whole file
    modification: str = ""  # PDF: none | form_filling | annotations | other (pyHanko's level)
    changed_files: tuple[str, ...] = ()  # OFD: signed parts whose digest no longer matches
    reason: str = ""  # why broken/untrusted/unreadable, short English for logs and --explain
    algorithm: str = ""  # digest/signature algorithm as declared

    @property
    def intact(self) -> bool:
        return self.status in (UNTRUSTED, UNVERIFIED, TRUSTED)

    def names(self) -> list[str]:
        """The names a seal requirement compares with the applicant: the seal's and the signer's body."""
        return [name for name in (self.seal_name, self.organisation) if name]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["intact"] = self.intact
        return data


@dataclass(frozen=True)
class FileSignatures:
    file: str  # the package path
    format: str  # pdf | ofd
    signatures: tuple[Signature, ...] = field(default_factory=tuple)

    @property
    def status(self) -> str:
        """The worst status of the file's signatures."""
        order = (BROKEN, UNREADABLE, UNTRUSTED, UNVERIFIED, TRUSTED)
        return min((s.status for s in self.signatures), key=order.index, default=UNREADABLE)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "format": self.format, "status": self.status,
                "signatures": [s.to_dict() for s in self.signatures]}
