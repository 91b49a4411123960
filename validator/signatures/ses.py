"""ASN.1 of the electronic seal and seal signature, for asn1crypto.

GB/T 38540-2020 (version 4) and its predecessor GM/T 0031-2014 (version 1 / "v1", still in many
issued files). Field order and types follow the standards' ASN.1 modules; where v1 files in the
wild write an OCTET STRING for a BIT STRING or UTCTime for GeneralizedTime, a Choice accepts both.
"""
from __future__ import annotations

from asn1crypto.core import (Any, Choice, GeneralizedTime, IA5String, Integer, ObjectIdentifier, OctetBitString,
                             OctetString, Sequence, SequenceOf, UTCTime, UTF8String)


class Header(Sequence):  # SES_Header
    _fields = [("id", IA5String), ("version", Integer), ("vid", IA5String)]


class Time(Choice):
    _alternatives = [("generalized", GeneralizedTime), ("utc", UTCTime)]


class Bytes(Choice):  # v1 files carry BIT STRING or OCTET STRING for timeInfo/dataHash
    _alternatives = [("bits", OctetBitString), ("octets", OctetString)]


class CertInfoList(SequenceOf):
    _child_spec = OctetString


class PropertyV4(Sequence):  # SES_ESPropertyInfo, GB/T 38540 7.1
    _fields = [("type", Integer), ("name", UTF8String), ("cert_list_type", Integer),
               ("cert_list", Any),  # SES_CertList: certificates or their digests, by cert_list_type; not used
               ("create_date", Time), ("valid_start", Time), ("valid_end", Time)]


class PropertyV1(Sequence):  # SES_ESPropertyInfo, GM/T 0031-2014
    _fields = [("type", Integer), ("name", UTF8String), ("cert_list", CertInfoList),
               ("create_date", Time), ("valid_start", Time), ("valid_end", Time)]


class Picture(Sequence):  # SES_ESPictrueInfo (sic, the standard's spelling)
    _fields = [("type", IA5String), ("data", OctetString), ("width", Integer), ("height", Integer)]


class SealInfoV4(Sequence):
    _fields = [("header", Header), ("es_id", IA5String), ("property", PropertyV4), ("picture", Picture),
               ("ext_datas", Any, {"optional": True})]


class SealInfoV1(Sequence):
    _fields = [("header", Header), ("es_id", IA5String), ("property", PropertyV1), ("picture", Picture),
               ("ext_datas", Any, {"optional": True})]


class SealV4(Sequence):  # SESeal, GB/T 38540 7.1: the seal and its maker's signature over eSealInfo
    _fields = [("seal_info", SealInfoV4), ("cert", OctetString), ("sign_alg", ObjectIdentifier),
               ("signed_value", OctetBitString)]


class SignInfoV1(Sequence):  # SES_SignInfo
    _fields = [("cert", OctetString), ("sign_alg", ObjectIdentifier), ("sign_data", OctetBitString)]


class SealV1(Sequence):
    _fields = [("seal_info", SealInfoV1), ("sign_info", SignInfoV1)]


class SealTbs(Sequence):  # what a seal's maker may sign: the seal info with the maker's certificate and algorithm
    _fields = [("seal_info", Any), ("cert", OctetString), ("sign_alg", ObjectIdentifier)]


class TbsSignV4(Sequence):  # TBS_Sign, GB/T 38540 8.1
    _fields = [("version", Integer), ("eseal", SealV4), ("time_info", GeneralizedTime),
               ("data_hash", OctetBitString), ("property_info", IA5String),
               ("ext_datas", Any, {"explicit": 0, "optional": True})]


class TbsSignV1(Sequence):  # TBS_Sign, GM/T 0031-2014: the signer's certificate sits inside
    _fields = [("version", Integer), ("eseal", SealV1), ("time_info", Bytes), ("data_hash", Bytes),
               ("property_info", IA5String), ("cert", OctetString), ("sign_alg", ObjectIdentifier)]


class SignatureV4(Sequence):  # SES_Signature, GB/T 38540 8.1
    _fields = [("to_sign", TbsSignV4), ("cert", OctetString), ("sign_alg", ObjectIdentifier),
               ("signature", OctetBitString), ("timestamp", OctetBitString, {"explicit": 0, "optional": True})]


class SignatureV1(Sequence):
    _fields = [("to_sign", TbsSignV1), ("signature", OctetBitString)]


def bit_bytes(value: OctetBitString | Bytes) -> bytes:
    """A BIT STRING's (or v1's OCTET STRING's) bytes."""
    return value.chosen.native if isinstance(value, Bytes) else value.native
