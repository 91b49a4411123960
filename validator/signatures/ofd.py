"""OFD electronic seals (GB/T 33190 §18, seals per GB/T 38540 / GM/T 0031).

An OFD's ``Signatures.xml`` lists each signature's ``Signature.xml``; that file names every signed
part with its digest (``References``/``CheckValue``, by ``CheckMethod``) and points at the
``SignedValue``: for a seal, an SES_Signature whose ``dataHash`` is the digest of ``Signature.xml``
itself and whose signature covers ``TBS_Sign``. A part whose digest differs was changed after sealing.
"""
from __future__ import annotations

import base64
import binascii
import io
import posixpath
import zipfile
from datetime import datetime, timezone
from xml.etree.ElementTree import ParseError

from asn1crypto import x509

from validator.intake.archive_base import ZIP_ERRORS
from validator.intake.xmlsafe import UnsafeDocument, parse_xml
from validator.signatures import ses
from validator.signatures.crypto import SM2_SM3, UnknownAlgorithm, digest, verify
from validator.signatures.model import BROKEN, TRUSTED, UNREADABLE, UNTRUSTED, UNVERIFIED, Signature
from validator.signatures.trust import TrustRoots, subject_names, valid_at, validity

MAX_PART = 64 * 1024 * 1024  # a signed part larger than this is not hashed (a bomb, not a document)


def ofd_signatures(data: bytes, roots: TrustRoots | None) -> list[Signature]:
    """Every signature of every document in an OFD package; [] when it carries none."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return []
    parts = {name.lstrip("/"): name for name in archive.namelist()}
    found = []
    for listing in (name for name in parts if posixpath.basename(name).lower() == "signatures.xml"):
        try:
            for kind, base in _listed(_read(archive, parts, listing)):
                found.append(_one(archive, parts, _resolve(parts, base, posixpath.dirname(listing)), kind, roots))
        except (*ZIP_ERRORS, ParseError, UnsafeDocument) as error:  # a hostile or damaged part: say so, go on
            found.append(Signature("ofd_seal", UNREADABLE, reason=f"{listing} not read ({type(error).__name__})"))
    return found


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element, name: str) -> list:
    return [child for child in element.iter() if _local(child.tag) == name]


def _listed(xml: bytes | None) -> list[tuple[str, str]]:
    if xml is None:
        return []
    return [(item.get("Type", "Seal"), item.get("BaseLoc", "")) for item in _children(parse_xml(xml), "Signature")]


def _resolve(parts: dict[str, str], location: str, folder: str) -> str:
    """A part named absolutely (/Doc_0/…) or relative to ``folder``, as a key of ``parts``."""
    location = location.strip()
    if location.startswith("/"):
        return posixpath.normpath(location.lstrip("/"))
    relative = posixpath.normpath(posixpath.join(folder, location))
    return relative if relative in parts else posixpath.normpath(location)


def _read(archive: zipfile.ZipFile, parts: dict[str, str], key: str) -> bytes | None:
    name = parts.get(key)
    if name is None or archive.getinfo(name).file_size > MAX_PART:
        return None
    return archive.read(name)


def _one(archive: zipfile.ZipFile, parts: dict[str, str], location: str, kind: str,
         roots: TrustRoots | None) -> Signature:
    described = _read(archive, parts, location)
    if described is None:
        return Signature("ofd_seal", UNREADABLE, reason=f"{location} is missing")
    root = parse_xml(described)
    folder = posixpath.dirname(location)
    method = next((e.get("CheckMethod", "") for e in _children(root, "References")), "")
    changed = tuple(_changed(archive, parts, root, folder, method))
    value_at = next((e.text or "" for e in _children(root, "SignedValue")), "")
    value = _read(archive, parts, _resolve(parts, value_at, folder)) if value_at else None
    if kind != "Seal" or value is None:  # a plain digital signature (Type="Sign"): digests only
        status = BROKEN if changed else UNREADABLE
        return Signature("ofd_seal", status, changed_files=changed, algorithm=method,
                         reason="signed parts changed" if changed else f"signature type {kind} not read")
    try:
        return _seal(value, described, changed, method, roots)
    except (ValueError, TypeError, KeyError, UnknownAlgorithm) as error:
        return Signature("ofd_seal", BROKEN if changed else UNREADABLE, changed_files=changed,
                         reason=f"SES_Signature not read ({type(error).__name__}: {error})"[:200])


def _changed(archive: zipfile.ZipFile, parts: dict[str, str], root, folder: str, method: str) -> list[str]:
    changed = []
    for reference in _children(root, "Reference"):
        ref = reference.get("FileRef", "")
        value = next((e.text or "" for e in _children(reference, "CheckValue")), "")
        data = _read(archive, parts, _resolve(parts, ref, folder))
        try:
            expected = base64.b64decode(value.strip(), validate=False)
        except binascii.Error:
            expected = b""
        if data is None or digest(method, data) != expected:
            changed.append(ref)
    return changed


def _parse(value: bytes) -> tuple[int, ses.SignatureV4 | ses.SignatureV1]:
    """The SES_Signature, version 4 (GB/T 38540) tried first, then GM/T 0031 v1."""
    try:
        parsed = ses.SignatureV4.load(value)
        parsed.native  # parses every field: a v1 structure fails here
        return 4, parsed
    except (ValueError, TypeError):
        parsed = ses.SignatureV1.load(value)
        parsed.native
        return 1, parsed


def _seal(value: bytes, described: bytes, changed: tuple[str, ...], method: str,
          roots: TrustRoots | None) -> Signature:
    version, parsed = _parse(value)
    tbs = parsed["to_sign"]
    seal = tbs["eseal"]
    info = seal["seal_info"]["property"]
    if version == 4:
        cert_der, algorithm, signature = parsed["cert"].native, parsed["sign_alg"].dotted, parsed["signature"]
        maker_der = seal["cert"].native
        when = tbs["time_info"].native
    else:
        cert_der, algorithm, signature = tbs["cert"].native, tbs["sign_alg"].dotted, parsed["signature"]
        maker_der = seal["sign_info"]["cert"].native
        when = _v1_time(ses.bit_bytes(tbs["time_info"]))
    certificate = x509.Certificate.load(cert_der)
    signer, organisation = subject_names(certificate)
    hash_method = "sm3" if algorithm == SM2_SM3 else method
    intact = (digest(hash_method, described) == ses.bit_bytes(tbs["data_hash"])
              and verify(certificate, algorithm, ses.bit_bytes(signature), tbs.dump()))
    start, end = (info[key].native for key in ("valid_start", "valid_end"))
    status, reason = _status(intact, changed, certificate, when, (start, end), roots)
    if status in (UNVERIFIED, TRUSTED) and _maker_verifies(seal, version) is False:
        status, reason = UNTRUSTED, "the seal's maker signature does not verify"
    return Signature(
        "ofd_seal", status, signer=signer, organisation=organisation, seal_name=info["name"].native,
        seal_maker=_maker(maker_der), seal_valid=(start.isoformat(), end.isoformat()),
        signing_time=when.isoformat() if when else "", certificate_valid=validity(certificate),
        changed_files=changed, reason=reason, algorithm=algorithm)


def _status(intact: bool, changed: tuple[str, ...], certificate: x509.Certificate, when: datetime | None,
            seal_period: tuple[datetime, datetime], roots: TrustRoots | None) -> tuple[str, str]:
    if changed:
        return BROKEN, "signed parts changed after sealing: " + ", ".join(changed)
    if not intact:
        return BROKEN, "the seal signature does not verify"
    if not valid_at(certificate, when):
        return UNTRUSTED, "the signer's certificate was not valid at the signing time"
    if when is not None and not seal_period[0] <= when <= seal_period[1]:
        return UNTRUSTED, "the seal was outside its validity period at the signing time"
    if roots is None:
        return UNVERIFIED, "no trust roots configured"
    if not roots.issues(certificate):
        return UNTRUSTED, "the signer's certificate reaches no trusted root"
    return TRUSTED, ""


def _maker_verifies(seal, version: int) -> bool | None:
    """Whether the seal maker's signature over the seal holds (GB/T 38540 7.1; GM/T 0031 SES_SignInfo);
    None when it cannot be computed. Issued files sign the SES_SealInfo's DER; the structure the
    standard's text describes (seal info, certificate, algorithm) is accepted too."""
    fields = (seal["cert"], seal["sign_alg"], seal["signed_value"]) if version == 4 else \
        (seal["sign_info"]["cert"], seal["sign_info"]["sign_alg"], seal["sign_info"]["sign_data"])
    cert, algorithm, value = fields
    covered = (seal["seal_info"].dump(),
               ses.SealTbs({"seal_info": seal["seal_info"], "cert": cert, "sign_alg": algorithm}).dump())
    try:
        maker = x509.Certificate.load(cert.native)
        return any(verify(maker, algorithm.dotted, ses.bit_bytes(value), data) for data in covered)
    except (ValueError, TypeError, UnknownAlgorithm):
        return None


def _maker(der: bytes) -> str:
    try:
        return x509.Certificate.load(der).subject.human_friendly if der else ""
    except ValueError:
        return ""


def _v1_time(raw: bytes) -> datetime | None:
    """GM/T 0031 v1 writes the signing time as text in a BIT STRING (yyyyMMddHHmmss[Z])."""
    text = raw.decode("ascii", "ignore").strip().rstrip("Z")
    for pattern in ("%Y%m%d%H%M%S", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text[:19], pattern).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    return None
