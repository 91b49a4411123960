"""Drafting a profile from an existing package (``dingdian profile --from PACKAGE``), so nobody
retypes a license: each profile key takes the first value the package's documents carry,
licenses first, then the application form; the roster becomes ``staff``."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from validator.domain.profile import FIELDS, STAFF_FIELDS

# profile key ← extracted field (vocabulary.yaml `fields`)
FIELD_MAP = {
    "institution_name": "institution_name", "uscc": "uscc", "registration_number": "registration_number",
    "address": "address", "legal_representative": "legal_representative", "principal": "principal",
    "institution_type": "institution_type", "ownership": "ownership", "beds": "beds",
    "departments": "practice_subjects", "opening_date": "established_date",
}
# Where a value is most trustworthy: the licenses, then the forms the applicant filled.
SOURCE_ORDER = ("practice_license", "tcm_clinic_record", "clinic_record", "drug_business_license",
                "business_license", "public_institution_certificate", "private_non_enterprise_certificate",
                "application_form")
_ROSTER_KEYS = ("name", "id_number", "position", "title", "education", "phone")


def draft_profile(package: Path, city: str | None = None, kind: str | None = None,
                  ocr: bool = True) -> tuple[dict[str, Any], dict[str, str]]:
    """(profile data, key → file it came from) drafted from the package's documents."""
    from validator.check.pipeline import read_package
    from validator.intake.package import open_package
    from validator.check.target import resolve_target

    _, documents, _ = read_package(open_package(package), ocr=ocr)
    ranked = sorted((d for d in documents if d.document_type in SOURCE_ORDER),
                    key=lambda d: SOURCE_ORDER.index(d.document_type))
    city, kind, scheme = resolve_target(city, kind, None, documents, None)
    data: dict[str, Any] = {key: value for key, value in (("city", city), ("kind", kind), ("scheme", scheme)) if value}
    origins: dict[str, str] = {}
    for key, field in FIELD_MAP.items():
        for document in ranked:
            value = _typed(key, document.value(field))
            if value not in (None, "", []):
                data[key], origins[key] = value, document.file
                break
    if "city" not in data:  # no application form named it: the licenses' address usually does
        from validator.check.target import city_from_text

        city = city_from_text(" ".join(str(data.get(key, "")) for key in ("address", "institution_name")))
        if city:
            data = {"city": city, **data}
            origins["city"] = origins.get("address", "")
    roster = next((d for d in documents if d.document_type == "staff_roster" and d.extra.roster), None)
    if roster is not None:
        data["staff"] = [{k: str(row[k]) for k in _ROSTER_KEYS if row.get(k) not in (None, "")}
                         for row in roster.extra.roster]
        origins["staff"] = roster.file
    return data, origins


def _typed(key: str, value: Any) -> Any:
    kind = FIELDS[key][0]
    if value is None:
        return None
    if kind == "int":
        digits = "".join(ch for ch in str(value) if ch.isdigit())
        return int(digits) if digits else None
    if kind == "list[str]":
        return [str(item) for item in value] if isinstance(value, (list, tuple)) else [str(value)]
    if kind == "date":
        return str(value)[:10]
    return str(value)


def dump_draft(data: dict[str, Any], origins: dict[str, str]) -> str:
    """YAML with a comment per key saying where it came from, and the keys still to fill."""
    lines = ["# Profile drafted by `dingdian profile --from`; check every value before filling forms.",
             "# Schema: validator/domain/profile.py (forms/README.md)."]
    for key, value in data.items():
        dumped = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=100).rstrip()
        note = f"  # from {origins[key]}" if key in origins and "\n" not in dumped else ""
        if key in origins and "\n" in dumped:
            lines.append(f"# {key}: from {origins[key]}")
        lines.append(dumped + note)
    missing = [key for key, (_, required, _) in FIELDS.items() if key not in data and key != "staff"]
    lines.append("# Not found in the package — fill in where your forms need them:")
    lines += [f"# {key}:   # {FIELDS[key][2]}" for key in missing]
    if "staff" not in data:
        lines.append("# staff:   # " + ", ".join(STAFF_FIELDS))
    return "\n".join(lines) + "\n"
