"""Verifying signed files: PDFs through pyHanko, OFD seals (GB/T 38540, SM2/SM3 through gmssl).

Every file is made at test time with a throw-away CA (tests/signing_kit.py, tests/ofd_kit.py):
intact, altered after signing, expired certificate, untrusted root; plus the signed OFDs of
ofdrw's test suite (tests/real_files/signatures/PROVENANCE.md)."""
from __future__ import annotations

from pathlib import Path

import pytest
from asn1crypto import x509 as ax509
from cryptography.hazmat.primitives import serialization

from ofd_kit import Sm2Identity, ca_pem, ec_signer, sealed_ofd, sm2_ca, sm2_signer, with_part
from signing_kit import altered_bytes, countersigned, make_ca, make_signer, page_rewritten, pem, plain_pdf, signed_pdf
from validator.errors import InputError
from validator.signatures import verify_bytes
from validator.signatures.model import BROKEN, TRUSTED, UNREADABLE, UNTRUSTED, UNVERIFIED
from validator.signatures.trust import TrustRoots, load_roots

REAL = Path(__file__).parent / "real_files" / "signatures"
NAME = "太原市小店区济民门诊部"


@pytest.fixture(scope="module")
def rsa_pki():
    ca = make_ca()
    return ca, make_signer(ca, NAME)


@pytest.fixture(scope="module")
def sm2_pki():
    ca = sm2_ca()
    return ca, sm2_signer(ca, NAME)


def _roots(*certificates) -> TrustRoots:
    return TrustRoots(tuple(ax509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in certificates))


def _one(name: str, data: bytes, roots=None):
    found = verify_bytes(name, data, roots)
    assert found is not None and len(found.signatures) == 1
    return found.signatures[0]


# --- PDF ---------------------------------------------------------------------------------------

def test_an_intact_pdf_without_roots_is_intact_but_its_signer_unverified(rsa_pki):
    ca, signer = rsa_pki
    signature = _one("a.pdf", signed_pdf(signer, ca[1]))
    assert signature.status == UNVERIFIED and signature.intact
    assert signature.organisation == NAME and signature.covers_whole and signature.modification == "none"
    assert signature.signing_time and signature.certificate_valid


def test_the_agencys_root_makes_it_trusted_and_another_root_does_not(rsa_pki):
    ca, signer = rsa_pki
    data = signed_pdf(signer, ca[1])
    assert _one("a.pdf", data, _roots(ca[1])).status == TRUSTED
    other = _one("a.pdf", data, _roots(make_ca("别的根证书")[1]))
    assert other.status == UNTRUSTED and "trusted root" in other.reason


def test_a_byte_changed_inside_the_signed_range_breaks_it(rsa_pki):
    ca, signer = rsa_pki
    signature = _one("a.pdf", altered_bytes(signed_pdf(signer, ca[1])))
    assert signature.status == BROKEN and not signature.intact


def test_a_page_rewritten_in_an_update_after_signing_breaks_it(rsa_pki):
    ca, signer = rsa_pki
    signature = _one("a.pdf", page_rewritten(signed_pdf(signer, ca[1])))
    assert (signature.status, signature.modification, signature.covers_whole) == (BROKEN, "other", False)


def test_a_second_signature_after_the_first_is_form_filling_not_a_break(rsa_pki):
    ca, signer = rsa_pki
    data = countersigned(signed_pdf(signer, ca[1]), make_signer(ca, "太原市医疗保险管理服务中心"), ca[1])
    first, second = verify_bytes("a.pdf", data, None).signatures
    assert (first.status, first.modification, first.covers_whole) == (UNVERIFIED, "form_filling", False)
    assert (second.status, second.covers_whole) == (UNVERIFIED, True)


def test_an_expired_certificate_is_untrusted_with_or_without_roots(rsa_pki):
    ca, _ = rsa_pki
    data = signed_pdf(make_signer(ca, NAME, expired=True), ca[1])
    for roots in (None, _roots(ca[1])):
        signature = _one("a.pdf", data, roots)
        assert signature.status == UNTRUSTED and "not valid at the signing time" in signature.reason


def test_an_unsigned_pdf_and_other_files_carry_no_signatures():
    assert verify_bytes("a.pdf", plain_pdf(), None) is None
    assert verify_bytes("a.txt", b"/ByteRange [0 1 2 3]", None) is None


def test_a_damaged_signed_pdf_is_unreadable_never_a_crash(rsa_pki):
    ca, signer = rsa_pki
    data = signed_pdf(signer, ca[1])
    found = verify_bytes("a.pdf", data[: len(data) // 2], None)
    assert found is None or found.status in (UNREADABLE, BROKEN)


# --- OFD ---------------------------------------------------------------------------------------

def test_an_intact_sm2_seal_reports_its_name_signer_and_validity(sm2_pki):
    ca, signer = sm2_pki
    seal = _one("a.ofd", sealed_ofd("承诺书", f"{NAME}公章", signer))
    assert seal.status == UNVERIFIED and seal.kind == "ofd_seal"
    assert seal.seal_name == f"{NAME}公章" and seal.organisation == NAME and NAME in seal.seal_maker
    assert seal.seal_valid and seal.certificate_valid and seal.algorithm == "1.2.156.10197.1.501"


def test_a_gmt_0031_v1_seal_is_read_and_verified_too(sm2_pki):
    ca, signer = sm2_pki
    data = sealed_ofd("承诺书", f"{NAME}公章", signer, version=1)
    seal = _one("a.ofd", data, TrustRoots((ca.certificate,)))
    assert (seal.status, seal.seal_name, seal.organisation) == (TRUSTED, f"{NAME}公章", NAME)
    assert seal.signing_time and seal.seal_valid
    edited = with_part(data, "Doc_0/Document.xml", lambda xml: xml.replace(b"999", b"998"))
    assert _one("a.ofd", edited).status == BROKEN


def test_an_ecdsa_seal_with_sha256_digests_verifies_through_cryptography(rsa_pki):
    ca, _ = rsa_pki
    data = sealed_ofd("承诺书", NAME, ec_signer(ca, NAME))
    seal = _one("a.ofd", data, _roots(ca[1]))
    assert (seal.status, seal.algorithm, seal.organisation) == (TRUSTED, "1.2.840.10045.4.3.2", NAME)
    edited = with_part(data, "Doc_0/Pages/Page_0/Content.xml", lambda xml: xml + b" ")
    assert _one("a.ofd", edited).status == BROKEN


def test_an_sm2_seal_is_trusted_only_under_its_own_root(sm2_pki):
    ca, signer = sm2_pki
    data = sealed_ofd("承诺书", NAME, signer)
    assert _one("a.ofd", data, TrustRoots((ca.certificate,))).status == TRUSTED
    assert _one("a.ofd", data, TrustRoots((sm2_ca("别的根").certificate,))).status == UNTRUSTED


def test_a_page_edited_after_sealing_names_the_changed_part(sm2_pki):
    _, signer = sm2_pki
    data = with_part(sealed_ofd("承诺书", NAME, signer), "Doc_0/Pages/Page_0/Content.xml",
                     lambda xml: xml.replace("承诺书".encode(), "保证书".encode()))
    seal = _one("a.ofd", data)
    assert seal.status == BROKEN and seal.changed_files == ("/Doc_0/Pages/Page_0/Content.xml",)


def test_an_edited_signature_description_breaks_the_seal_even_with_every_digest_right(sm2_pki):
    # Signature.xml is what the SES dataHash covers: editing it (to hide a change) is itself caught
    _, signer = sm2_pki
    data = with_part(sealed_ofd("承诺书", NAME, signer), "Doc_0/Signs/Sign_0/Signature.xml",
                     lambda xml: xml.replace(b"dingdian-tests", b"forger"))
    seal = _one("a.ofd", data)
    assert seal.status == BROKEN and seal.reason == "the seal signature does not verify"


def test_a_seal_whose_maker_signature_fails_is_untrusted_not_broken(sm2_pki):
    ca, signer = sm2_pki
    impostor = sm2_signer(ca, "别的单位")
    forged_maker = Sm2Identity(impostor.private, impostor.point, signer.certificate)
    seal = _one("a.ofd", sealed_ofd("承诺书", NAME, signer, maker=forged_maker), TrustRoots((ca.certificate,)))
    assert seal.status == UNTRUSTED and seal.reason == "the seal's maker signature does not verify"


def test_an_sm2_seal_with_an_expired_certificate_is_untrusted(sm2_pki):
    ca, _ = sm2_pki
    seal = _one("a.ofd", sealed_ofd("承诺书", NAME, sm2_signer(ca, NAME, expired=True)))
    assert seal.status == UNTRUSTED and "not valid at the signing time" in seal.reason


# --- real files from ofdrw's tests (Apache-2.0) -----------------------------------------------

def test_ofdrw_v4_seal_verifies_but_was_made_after_its_test_certificate_expired():
    seal = _one("SESV4SignDoc.ofd", (REAL / "SESV4SignDoc.ofd").read_bytes())
    assert seal.seal_name == "OFD R&W 测试用印章" and seal.organisation == "OFD R&W"
    assert seal.status == UNTRUSTED and "not valid at the signing time" in seal.reason


def test_ofdrw_invoice_sample_is_caught_as_changed_after_sealing():
    seal = _one("发票示例.ofd", (REAL / "发票示例.ofd").read_bytes())
    assert seal.seal_name == "测试全国统一发票监制章国家税务总局重庆市税务局"
    assert seal.status == BROKEN and seal.changed_files == ("/Doc_0/Document.xml",)


def test_ofdrw_plain_digital_signature_is_read_for_its_digests_only():
    seal = _one("DigitalSign.ofd", (REAL / "DigitalSign.ofd").read_bytes())
    assert seal.status == UNREADABLE and seal.changed_files == ()


# --- trust roots folder ------------------------------------------------------------------------

def test_trust_roots_load_pem_and_der_and_refuse_an_empty_folder(tmp_path, rsa_pki, sm2_pki):
    (tmp_path / "rsa.pem").write_bytes(pem(rsa_pki[0][1]))
    (tmp_path / "sm2.cer").write_bytes(ca_pem(sm2_pki[0]))
    (tmp_path / "notes.txt").write_text("not a certificate")
    assert len(load_roots(tmp_path).certificates) == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError):
        load_roots(empty)
    (empty / "bad.pem").write_bytes(b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    with pytest.raises(InputError):
        load_roots(empty)


# --- damaged and hostile files: a finding, never a crash --------------------------------------

@pytest.mark.parametrize("name, change", [
    ("Doc_0/Signs/Signatures.xml", lambda xml: b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aa">]>' + xml[38:]),
    ("Doc_0/Signs/Signatures.xml", lambda xml: xml[:40]),
    ("Doc_0/Signs/Sign_0/Signature.xml", lambda xml: b"<not xml"),
    ("Doc_0/Signs/Sign_0/SignedValue.dat", lambda der: der[: len(der) // 2]),
    ("Doc_0/Signs/Sign_0/SignedValue.dat", lambda der: b"\\x30\\x03\\x02\\x01\\x04"),
])
def test_a_damaged_ofd_signature_is_unreadable_or_broken_never_a_crash(sm2_pki, name, change):
    data = with_part(sealed_ofd("承诺书", NAME, sm2_pki[1]), name, change)
    found = verify_bytes("a.ofd", data, None)
    assert found is not None and found.status in (UNREADABLE, BROKEN)


def test_a_pdf_naming_a_byte_range_without_a_signature_is_no_crash():
    data = plain_pdf().replace(b"%%EOF", b"% /ByteRange [0 10 20 30]\n%%EOF")
    found = verify_bytes("a.pdf", data, None)
    assert found is None or found.status == UNREADABLE
