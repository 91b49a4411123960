"""The agency's trust roots: a folder of certificates (PEM or DER, .pem/.crt/.cer/.der), set in the
config file as ``[signatures] trust_roots = …``. Without one no signer is called verified."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from asn1crypto import pem, x509

from validator.catalogue import t
from validator.errors import InputError
from validator.signatures.crypto import UnknownAlgorithm, verify

SUFFIXES = (".pem", ".crt", ".cer", ".der")


@dataclass(frozen=True)
class TrustRoots:
    certificates: tuple[x509.Certificate, ...]

    def issues(self, certificate: x509.Certificate) -> bool:
        """Whether a root is the certificate itself or signed it (one step: the folder lists every
        anchor, intermediates included, as pyHanko's trust roots do)."""
        for root in self.certificates:
            if root.dump() == certificate.dump():
                return True
            if root.subject != certificate.issuer:
                continue
            algorithm = certificate["signature_algorithm"]["algorithm"].dotted
            try:
                if verify(root, algorithm, certificate["signature_value"].native,
                          certificate["tbs_certificate"].dump()):
                    return True
            except UnknownAlgorithm:
                continue
        return False


@lru_cache(maxsize=8)
def load_roots(folder: Path) -> TrustRoots:
    """Every certificate file in ``folder``; InputError (one line) when it holds none."""
    if not folder.is_dir():
        raise InputError(t("trust_roots_not_folder", path=folder))
    found = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in SUFFIXES and path.is_file():
            data = path.read_bytes()
            blocks = [der for _, _, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
            try:
                for block in blocks:
                    certificate = x509.Certificate.load(block)
                    certificate.subject.native  # parsed now: a bad file fails here, not mid-check
                    found.append(certificate)
            except ValueError as error:
                raise InputError(t("trust_roots_not_certificate", path=path, reason=error)) from None
    if not found:
        raise InputError(t("trust_roots_empty", path=folder))
    return TrustRoots(tuple(found))


def valid_at(certificate: x509.Certificate, moment: datetime | None) -> bool:
    """Whether the certificate was within its validity period at ``moment`` (None: not known, so yes)."""
    if moment is None:
        return True
    validity = certificate["tbs_certificate"]["validity"]
    return validity["not_before"].native <= moment <= validity["not_after"].native


def validity(certificate: x509.Certificate) -> tuple[str, str]:
    period = certificate["tbs_certificate"]["validity"]
    return period["not_before"].native.isoformat(), period["not_after"].native.isoformat()


def subject_names(certificate: x509.Certificate) -> tuple[str, str]:
    """The subject readable, and its organisation (O)."""
    subject = certificate.subject.native
    organisation = subject.get("organization_name") or ""
    if isinstance(organisation, list):
        organisation = organisation[0]
    return certificate.subject.human_friendly, organisation
