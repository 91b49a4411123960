"""Digests and signature checks by algorithm identifier: SM2/SM3 through gmssl, RSA and ECDSA
through ``cryptography``. Identifiers are the OIDs GB/T 33560 assigns (SM3 1.2.156.10197.1.401,
SM2-with-SM3 1.2.156.10197.1.501) plus the names OFD producers write instead (CheckMethod="SM3")."""
from __future__ import annotations

import hashlib

from asn1crypto import x509

SM3 = ("1.2.156.10197.1.401", "sm3")
SM2_SM3 = "1.2.156.10197.1.501"
SM2_KEY = "1.2.156.10197.1.301"  # the sm2p256v1 curve of an SM2 public key
_HASHLIB = {"2.16.840.1.101.3.4.2.1": "sha256", "sha256": "sha256", "sha-256": "sha256",
            "1.3.14.3.2.26": "sha1", "sha1": "sha1", "sha-1": "sha1",
            "2.16.840.1.101.3.4.2.2": "sha384", "2.16.840.1.101.3.4.2.3": "sha512"}
# signature OIDs of cryptography's algorithms → the digest they use
_RSA_ECDSA = {"1.2.840.113549.1.1.11": "sha256", "1.2.840.113549.1.1.5": "sha1", "1.2.840.113549.1.1.12": "sha384",
              "1.2.840.10045.4.3.2": "sha256", "1.2.840.10045.4.1": "sha1", "1.2.840.10045.4.3.3": "sha384"}


class UnknownAlgorithm(ValueError):
    """An algorithm dingdian cannot compute; the signature is then unreadable, never broken."""


def digest(method: str, data: bytes) -> bytes:
    key = (method or "sm3").strip().lower()
    if key in SM3:
        from gmssl import func, sm3

        return bytes.fromhex(sm3.sm3_hash(func.bytes_to_list(data)))
    if key in _HASHLIB:
        return hashlib.new(_HASHLIB[key], data).digest()
    raise UnknownAlgorithm(f"digest {method}")


def verify(certificate: x509.Certificate, algorithm: str, signature: bytes, data: bytes) -> bool:
    """Whether ``signature`` over ``data`` verifies with the certificate's public key."""
    info = certificate["tbs_certificate"]["subject_public_key_info"]
    if algorithm == SM2_SM3 or _curve(info) == SM2_KEY:
        return _verify_sm2(info["public_key"].native, signature, data)
    if algorithm not in _RSA_ECDSA:
        raise UnknownAlgorithm(f"signature {algorithm}")
    return _verify_classic(certificate, _RSA_ECDSA[algorithm], signature, data)


def _curve(info: x509.PublicKeyInfo) -> str | None:
    parameters = info["algorithm"]["parameters"]
    return parameters.chosen.dotted if getattr(parameters, "name", None) == "named" else None


def _verify_sm2(point: bytes, signature: bytes, data: bytes) -> bool:
    from gmssl import sm2

    if len(point) != 65 or point[0] != 4:  # only uncompressed points are in issued certificates
        return False
    checker = sm2.CryptSM2(private_key=None, public_key=point[1:].hex(), asn1=signature[:1] == b"\x30")
    try:  # GM/T 0009: SM3 with the default signer ID; gmssl computes Z itself
        return bool(checker.verify_with_sm3(signature.hex(), data))
    except (ValueError, IndexError, TypeError):  # a malformed DER signature is a failed check, not a crash
        return False


def _verify_classic(certificate: x509.Certificate, hash_name: str, signature: bytes, data: bytes) -> bool:
    from cryptography import x509 as cx509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

    key = cx509.load_der_x509_certificate(certificate.dump()).public_key()
    algorithm = getattr(hashes, hash_name.upper())()
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, data, padding.PKCS1v15(), algorithm)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, data, ec.ECDSA(algorithm))
        else:
            raise UnknownAlgorithm(type(key).__name__)
    except InvalidSignature:
        return False
    return True
