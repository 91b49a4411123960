"""Throw-away PKI for the signature tests, made at test time: a CA, signer certificates (RSA through
``cryptography``; SM2 through gmssl and asn1crypto for OFD seals), PKCS#12 files, signed PDFs
(pyHanko) and a minimal OFD sealed with a GB/T 38540 SES_Signature. Nothing is kept on disk."""
from __future__ import annotations

import io
import secrets
from datetime import datetime, timedelta, timezone

from asn1crypto import keys, x509 as ax509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from validator.signatures.crypto import SM2_KEY, SM2_SM3

NOW = datetime.now(timezone.utc)
PASSWORD = b"test-only"


def _name(common: str, organisation: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def make_ca(name: str = "测试根证书") -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = _key()
    subject = _name(name, "测试CA")
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(NOW - timedelta(days=3650))
            .not_valid_after(NOW + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
            .sign(key, hashes.SHA256()))
    return key, cert


def make_signer(ca: tuple[rsa.RSAPrivateKey, x509.Certificate], organisation: str,
                expired: bool = False) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = _key()
    start, end = (NOW - timedelta(days=800), NOW - timedelta(days=400)) if expired else \
        (NOW - timedelta(days=30), NOW + timedelta(days=365))
    cert = (x509.CertificateBuilder().subject_name(_name(organisation, organisation))
            .issuer_name(ca[1].subject).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
            .sign(ca[0], hashes.SHA256()))
    return key, cert


def p12(signer: tuple[rsa.RSAPrivateKey, x509.Certificate], ca: x509.Certificate) -> bytes:
    return pkcs12.serialize_key_and_certificates(b"agency", signer[0], signer[1], [ca],
                                                 serialization.BestAvailableEncryption(PASSWORD))


def pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def plain_pdf(text: str | list[str] = "承诺书") -> bytes:
    """A text PDF, one line per item of ``text``."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.setFont("STSong-Light", 11)
    for number, line in enumerate([text] if isinstance(text, str) else text):
        page.drawString(40, 780 - 18 * number, line)
    page.save()
    return out.getvalue()


def signed_pdf(signer: tuple[rsa.RSAPrivateKey, x509.Certificate], ca: x509.Certificate,
               text: str | list[str] = "承诺书") -> bytes:
    from pyhanko.sign import signers

    from validator.signatures.sign import sign_pdf

    loaded = signers.SimpleSigner.load_pkcs12_data(p12(signer, ca), other_certs=[], passphrase=PASSWORD)
    return sign_pdf(plain_pdf(text), loaded)


def altered_bytes(data: bytes, old: bytes = b"/Producer", new: bytes = b"/Producex") -> bytes:
    """The same bytes with one signed token changed in place (the length stays, the digest does not)."""
    assert old in data
    return data.replace(old, new, 1)


def page_rewritten(data: bytes) -> bytes:
    """An incremental update after signing that replaces the first page's content: not a form
    fill nor an annotation, so pyHanko's difference analysis calls it OTHER."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    page_ref = writer.root["/Pages"]["/Kids"][0]
    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 700 Td (FORGED) Tj ET")
    page = page_ref.get_object()
    page["/Contents"] = writer.add_object(stream)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def countersigned(data: bytes, signer: tuple[rsa.RSAPrivateKey, x509.Certificate], ca: x509.Certificate) -> bytes:
    """A second signature in a new field after the first (a counter-signature): for the first
    signature a form filled after signing."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    loaded = signers.SimpleSigner.load_pkcs12_data(p12(signer, ca), other_certs=[], passphrase=PASSWORD)
    metadata = signers.PdfSignatureMetadata(field_name="countersignature")
    return signers.PdfSigner(metadata, signer=loaded).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data))).getvalue()


# --- SM2 seals in OFD (GB/T 38540) -------------------------------------------------------------

def sm2_keypair() -> tuple[str, bytes]:
    """A private key (hex) and its uncompressed public point."""
    from gmssl import sm2

    private = secrets.token_hex(32)
    ecc = sm2.CryptSM2(private_key=private, public_key="")
    point = ecc._kg(int(private, 16), sm2.default_ecc_table["g"])  # gmssl's own scalar multiplication
    return private, bytes.fromhex("04" + point)


def sm2_sign(private: str, point: bytes, data: bytes) -> bytes:
    from gmssl import func, sm2

    ecc = sm2.CryptSM2(private_key=private, public_key=point[1:].hex(), asn1=True)
    return bytes.fromhex(ecc.sign_with_sm3(data, func.random_hex(ecc.para_len)))


def sm2_certificate(subject: str, organisation: str, point: bytes, issuer: tuple[str, str, str, bytes] | None,
                    private: str, expired: bool = False) -> ax509.Certificate:
    """An X.509 certificate for an SM2 key, signed SM2-with-SM3 by ``issuer`` (subject, organisation,
    private key, point) or by itself."""
    start, end = (NOW - timedelta(days=800), NOW - timedelta(days=400)) if expired else \
        (NOW - timedelta(days=30), NOW + timedelta(days=365))
    name = ax509.Name.build({"country_name": "CN", "organization_name": organisation, "common_name": subject})
    issuer_name = ax509.Name.build({"country_name": "CN", "organization_name": issuer[1], "common_name": issuer[0]}) \
        if issuer else name
    algorithm = {"algorithm": SM2_SM3}
    tbs = ax509.TbsCertificate({
        "version": "v3", "serial_number": secrets.randbits(63), "signature": algorithm, "issuer": issuer_name,
        "validity": {"not_before": ax509.Time({"utc_time": start}), "not_after": ax509.Time({"utc_time": end})},
        "subject": name,
        "subject_public_key_info": keys.PublicKeyInfo({
            "algorithm": {"algorithm": "ec", "parameters": keys.ECDomainParameters({"named": SM2_KEY})},
            "public_key": point}),
    })
    signing_key, signing_point = (issuer[2], issuer[3]) if issuer else (private, point)
    signature = sm2_sign(signing_key, signing_point, tbs.dump())
    return ax509.Certificate({"tbs_certificate": tbs, "signature_algorithm": algorithm, "signature_value": signature})
