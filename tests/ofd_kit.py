"""A minimal OFD sealed the way GB/T 38540 lays it out, made at test time with SM2 keys (gmssl):
Signatures.xml → Signature.xml (SM3 digests of the signed parts) → SignedValue.dat (an SES_Signature
version 4 over TBS_Sign, whose dataHash is the SM3 of Signature.xml), plus Seal.esl."""
from __future__ import annotations

import base64
import io
import zipfile
from dataclasses import dataclass
from datetime import timedelta

from asn1crypto import pem
from asn1crypto import x509 as ax509

from format_corpus import OFD_NS, ofd_bytes
from signing_kit import NOW, sm2_certificate, sm2_keypair, sm2_sign
from validator.signatures import ses
from validator.signatures.crypto import SM2_SM3, digest

SIGN_DIR = "Doc_0/Signs/Sign_0"


@dataclass(frozen=True)
class Sm2Identity:
    private: str
    point: bytes
    certificate: ax509.Certificate
    algorithm = SM2_SM3
    digest_method = "1.2.156.10197.1.401"  # SM3

    def sign(self, data: bytes) -> bytes:
        return sm2_sign(self.private, self.point, data)

    def as_issuer(self) -> tuple[str, str, str, bytes]:
        subject = self.certificate.subject.native
        return subject["common_name"], subject["organization_name"], self.private, self.point


@dataclass(frozen=True)
class EcIdentity:
    """An ECDSA P-256 signer (``cryptography``): the seal path for RSA/ECDSA keys."""
    key: object
    certificate: ax509.Certificate
    algorithm = "1.2.840.10045.4.3.2"  # ecdsa-with-SHA256
    digest_method = "2.16.840.1.101.3.4.2.1"  # SHA-256

    def sign(self, data: bytes) -> bytes:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec

        return self.key.sign(data, ec.ECDSA(hashes.SHA256()))


def ec_signer(ca, organisation: str) -> EcIdentity:
    """An ECDSA key whose certificate the RSA CA of signing_kit issues."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                      x509.NameAttribute(NameOID.COMMON_NAME, organisation)])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(ca[1].subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(NOW - timedelta(days=30))
            .not_valid_after(NOW + timedelta(days=365)).sign(ca[0], hashes.SHA256()))
    return EcIdentity(key, ax509.Certificate.load(cert.public_bytes(Encoding.DER)))


def sm2_ca(name: str = "测试电子印章根证书") -> Sm2Identity:
    private, point = sm2_keypair()
    return Sm2Identity(private, point, sm2_certificate(name, "测试CA", point, None, private))


def sm2_signer(ca: Sm2Identity, organisation: str, expired: bool = False) -> Sm2Identity:
    private, point = sm2_keypair()
    return Sm2Identity(private, point, sm2_certificate(organisation, organisation, point, ca.as_issuer(),
                                                       private, expired=expired))


def ca_pem(ca: Sm2Identity) -> bytes:
    return pem.armor("CERTIFICATE", ca.certificate.dump())


def _seal(seal_name: str, signer, maker) -> ses.SealV4:
    info = ses.SealInfoV4({
        "header": {"id": "ES", "version": 4, "vid": "dingdian-test"},
        "es_id": "11010000000001",
        "property": {"type": 1, "name": seal_name, "cert_list_type": 1,
                     "cert_list": ses.CertInfoList([signer.certificate.dump()]),
                     "create_date": ses.Time({"generalized": NOW - timedelta(days=30)}),
                     "valid_start": ses.Time({"generalized": NOW - timedelta(days=30)}),
                     "valid_end": ses.Time({"generalized": NOW + timedelta(days=365)})},
        "picture": {"type": "png", "data": b"\x89PNG test", "width": 40, "height": 40},
    })
    return ses.SealV4({"seal_info": info, "cert": maker.certificate.dump(), "sign_alg": maker.algorithm,
                       "signed_value": maker.sign(info.dump())})


def _value_v1(seal_name: str, signer: Sm2Identity, described: bytes) -> bytes:
    """The same seal as GM/T 0031-2014 (v1) lays it out: the signer's certificate inside TBS_Sign,
    times as UTCTime, the signing time as text in a BIT STRING."""
    info = ses.SealInfoV1({
        "header": {"id": "ES", "version": 1, "vid": "dingdian-test"}, "es_id": "11010000000001",
        "property": {"type": 1, "name": seal_name, "cert_list": ses.CertInfoList([signer.certificate.dump()]),
                     **{key: ses.Time({"utc": NOW + timedelta(days=days)})
                        for key, days in (("create_date", -30), ("valid_start", -30), ("valid_end", 365))}},
        "picture": {"type": "png", "data": b"\x89PNG test", "width": 40, "height": 40},
    })
    seal = ses.SealV1({"seal_info": info, "sign_info": {
        "cert": signer.certificate.dump(), "sign_alg": SM2_SM3,
        "sign_data": signer.sign(info.dump())}})
    tbs = ses.TbsSignV1({"version": 1, "eseal": seal, "time_info": ses.Bytes({"bits": NOW.strftime("%Y%m%d%H%M%SZ").encode()}),
                         "data_hash": ses.Bytes({"bits": digest("sm3", described)}),
                         "property_info": f"/{SIGN_DIR}/Signature.xml", "cert": signer.certificate.dump(),
                         "sign_alg": SM2_SM3})
    return ses.SignatureV1({"to_sign": tbs, "signature": signer.sign(tbs.dump())}).dump()


def _signature_xml(parts: dict[str, bytes], signer) -> bytes:
    references = "".join(
        f'<ofd:Reference FileRef="/{name}"><ofd:CheckValue>{base64.b64encode(digest(signer.digest_method, data)).decode()}'
        f'</ofd:CheckValue></ofd:Reference>' for name, data in parts.items())
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Signature xmlns:ofd="{OFD_NS}"><ofd:SignedInfo>'
            '<ofd:Provider ProviderName="dingdian-tests" Company="dingdian"/>'
            f'<ofd:SignatureMethod>{signer.algorithm}</ofd:SignatureMethod>'
            f'<ofd:Seal><ofd:BaseLoc>/{SIGN_DIR}/Seal.esl</ofd:BaseLoc></ofd:Seal>'
            '<ofd:StampAnnot ID="900" PageRef="10" Boundary="120 200 40 40"/>'
            f'<ofd:References CheckMethod="{signer.digest_method}">{references}</ofd:References></ofd:SignedInfo>'
            f'<ofd:SignedValue>/{SIGN_DIR}/SignedValue.dat</ofd:SignedValue></ofd:Signature>').encode()


def sealed_ofd(text: str | list[str], seal_name: str, signer: Sm2Identity | EcIdentity, maker=None,
               version: int = 4) -> bytes:
    """An OFD page showing ``text`` (one line per item), sealed by ``signer`` with a seal named
    ``seal_name``: an SES_Signature of GB/T 38540 (version 4) or GM/T 0031 (version 1)."""
    lines = [text] if isinstance(text, str) else text
    page = [(15, 30 + 9 * number, line, 4.5) for number, line in enumerate(lines)]
    with zipfile.ZipFile(io.BytesIO(ofd_bytes([page]))) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["OFD.xml"] = parts["OFD.xml"].replace(
        b"</ofd:DocRoot>", b"</ofd:DocRoot><ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures>")
    seal = _seal(seal_name, signer, maker or signer)
    parts[f"{SIGN_DIR}/Seal.esl"] = seal.dump()
    described = _signature_xml(parts, signer)
    tbs = ses.TbsSignV4({"version": 4, "eseal": seal, "time_info": NOW.replace(microsecond=0),
                         "data_hash": digest(signer.digest_method, described), "property_info": f"/{SIGN_DIR}/Signature.xml"})
    value = ses.SignatureV4({"to_sign": tbs, "cert": signer.certificate.dump(), "sign_alg": signer.algorithm,
                             "signature": signer.sign(tbs.dump())})
    parts[f"{SIGN_DIR}/Signature.xml"] = described
    parts[f"{SIGN_DIR}/SignedValue.dat"] = value.dump() if version == 4 else _value_v1(seal_name, signer, described)
    parts["Doc_0/Signs/Signatures.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Signatures xmlns:ofd="{OFD_NS}"><ofd:MaxSignId>1'
        f'</ofd:MaxSignId><ofd:Signature ID="1" Type="Seal" BaseLoc="Sign_0/Signature.xml"/></ofd:Signatures>'
    ).encode()
    return _zip(parts)


def with_part(ofd: bytes, name: str, change) -> bytes:
    """The OFD with one part rewritten by ``change(bytes) -> bytes`` (an edit after sealing)."""
    with zipfile.ZipFile(io.BytesIO(ofd)) as source:
        parts = {entry: source.read(entry) for entry in source.namelist()}
    parts[name] = change(parts[name])
    return _zip(parts)


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()
