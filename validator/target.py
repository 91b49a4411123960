"""Which city, kind and scheme a package applies for: options first, then the package's own papers."""
from __future__ import annotations

from typing import Any

from validator.documents import Document
from validator.errors import UsageError
from validator.facts import profile_attribute
from validator.resources import list_cities
from validator.vocabulary import vocabulary

# Words of an institution type that tell its kind (vocabulary institution_kinds).
_KIND_WORDS = (
    ("pharmacy", ("药店", "药房", "大药房", "零售药店", "药品零售")),
    ("hospital", ("医院",)),
    ("clinic", ("诊所", "门诊部", "卫生院", "卫生室", "卫生所", "社区卫生服务", "医务室", "保健院", "中心")),
)
_SCHEME_WORDS = (("personal-account", ("个人账户",)), ("pooled", ("统筹",)))


def kind_from_text(text: str) -> str | None:
    for kind, words in _KIND_WORDS:
        if any(word in text for word in words):
            return kind
    return None


def city_from_text(text: str) -> str | None:
    for city, title in vocabulary()["cities"].items():
        city_name = title.split("（")[0]
        if city_name[:2] in text:
            return city
    return None


def _scheme_from_text(text: str) -> str | None:
    for scheme, words in _SCHEME_WORDS:
        if any(word in text for word in words):
            return scheme
    return None


def resolve_target(city: str | None, kind: str | None, scheme: str | None,
                   documents: list[Document], profile: Any) -> tuple[str | None, str | None, str | None]:
    """Fills what the options left open from the profile, then from the application form."""
    city = city or profile_attribute(profile, "city")
    kind = kind or profile_attribute(profile, "kind")
    scheme = scheme or profile_attribute(profile, "scheme")
    forms = [doc for doc in documents if doc.document_type == "application_form"]
    form_text = "\n".join(doc.text for doc in forms)
    if forms:
        city = city or city_from_text(form_text[:200])
        institution_type = next((str(doc.value("institution_type")) for doc in forms
                                 if doc.value("institution_type")), None)
        kind = kind or kind_from_text(institution_type or "") or kind_from_text(
            str(next((doc.value("institution_name") for doc in forms if doc.value("institution_name")), "")))
        scheme = scheme or _scheme_from_text(form_text)
    if kind is None:
        licenses = [doc for doc in documents if doc.document_type in ("practice_license", "drug_business_license")]
        names = " ".join(str(doc.value("institution_name") or "") for doc in licenses)
        kind = kind_from_text(names)
    return city, kind, scheme


def require(city: str | None, kind: str | None) -> None:
    if city is None:
        raise UsageError("cannot tell which city the package applies to: give --city "
                         f"({', '.join(list_cities())})")
    if kind is None:
        raise UsageError("cannot tell the kind of institution: give --kind (hospital, clinic or pharmacy)")
