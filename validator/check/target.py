"""Which city, kind and scheme a package applies for: options first, then its profile, then its own papers.

The papers' signals are data, per city, in the checklists (``recognise``): names, issuing
authorities, places in addresses, form titles, and the words and materials that tell a scheme;
the kinds' words and document types are in national.yaml. Every inferred value keeps what it was
inferred from (shown in the report). Weak or contradictory evidence never becomes a guess: the
check stops with one line listing the candidates and the option to give (exit 2).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from validator.catalogue import t
from validator.readers.documents import Document
from validator.errors import UsageError
from validator.extract.facts import profile_answer

# Signal kinds, their weight, and how the report names them.
_CITY_SIGNALS = (("authorities", 3, "发证或经办机关"), ("form_titles", 3, "表格标题"),
                 ("places", 1, "地址"), ("names", 1, "地名"))
_LICENCES = ("practice_license", "drug_business_license", "business_license", "application_form")


@dataclass
class Target:
    city: str | None = None
    kind: str | None = None
    scheme: str | None = None
    evidence: dict[str, str] = field(default_factory=dict)  # city/kind/scheme -> what it was inferred from

    def as_tuple(self) -> tuple[str | None, str | None, str | None]:
        return self.city, self.kind, self.scheme


def _recognise(city: str) -> dict[str, Any]:
    from validator.checklists.loader import load_checklist
    return load_checklist(city).settings.get("recognise", {})


def _cities() -> list[str]:
    from validator.checklists.loader import list_cities
    return list_cities()


def city_scores(documents: Iterable[Document]) -> dict[str, tuple[int, list[str]]]:
    """Per city: a score (each signal kind counts once per document) and the evidence behind it."""
    documents = list(documents)
    scores: dict[str, tuple[int, list[str]]] = {}
    for city in _cities():
        signals = _recognise(city)
        found = []
        for document in documents:
            for key, weight, label in _CITY_SIGNALS:
                word = next((word for word in signals.get(key, []) if word in document.text), None)
                if word:
                    found.append((weight, f"{label}“{word}”（{document.file}）"))
        if found:  # the strongest signals first: they are what the report quotes
            scores[city] = (sum(weight for weight, _ in found),
                            [text for _, text in sorted(found, key=lambda entry: -entry[0])])
    return scores


def _decide(votes: dict[str, tuple[int, list[str]]], option: str) -> tuple[str | None, str]:
    """The winner when it has at least twice the runner-up's weight; a tie-like result stops the check."""
    ranked = sorted(votes.items(), key=lambda item: -item[1][0])
    if not ranked:
        return None, ""
    (best, (score, evidence)), rest = ranked[0], ranked[1:]
    if rest and score < 2 * rest[0][1][0]:
        candidates = "；".join(f"{name}（{votes[name][1][0]}）" for name, _ in ranked[:3])
        raise UsageError(t("ambiguous_target", what=t(f"what_{option[2:]}"), candidates=candidates, option=option,
                           choices=", ".join(name for name, _ in ranked)))
    return best, "；".join(dict.fromkeys(evidence[:3]))


def _title(section: str, key: str) -> str:
    from validator.vocabulary import title, vocabulary
    return title(section, key, "zh") if key in vocabulary()[section] else key


def infer_city(documents: list[Document]) -> tuple[str | None, str]:
    return _decide(city_scores(documents), "--city")


def _kind_signals() -> dict[str, dict[str, list[str]]]:
    from validator.checklists.loader import load_checklist
    return load_checklist("national").settings.get("recognise", {}).get("kinds", {})


def kind_from_text(text: str) -> str | None:
    for kind, signals in _kind_signals().items():
        if any(word in text for word in signals.get("words", [])):
            return kind
    return None


def infer_kind(documents: list[Document]) -> tuple[str | None, str]:
    """Votes: the application form's institution type, licence names, and documents only one kind holds."""
    votes: dict[str, tuple[int, list[str]]] = {}

    def vote(kind: str | None, weight: int, why: str) -> None:
        if kind:
            score, evidence = votes.get(kind, (0, []))
            votes[kind] = (score + weight, [*evidence, why])

    for document in documents:
        if document.document_type == "application_form" and document.value("institution_type"):
            value = str(document.value("institution_type"))
            vote(kind_from_text(value), 3, f"机构类型“{value}”（{document.file}）")
        if document.document_type in _LICENCES and document.value("institution_name"):
            name = str(document.value("institution_name"))
            vote(kind_from_text(name), 2, f"机构名称“{name}”（{document.file}）")
        for kind, signals in _kind_signals().items():
            if document.document_type in signals.get("document_types", []):
                vote(kind, 2, f"{_title('document_types', document.document_type)}（{document.file}）")
    return _decide(votes, "--kind")


def infer_scheme(city: str, kind: str | None, documents: list[Document]) -> tuple[str | None, str]:
    """The only scheme the city has for this kind; else the scheme's words on the forms and the
    materials only one scheme asks for (both from the city's checklist)."""
    from validator.checklists.loader import load_checklist

    checklist = load_checklist(city)
    items = [item for item in checklist.items if "application" in item.procedures
             and (kind is None or kind in item.kinds)]
    schemes = sorted({scheme for item in items for scheme in item.schemes})
    if not schemes:
        return None, ""
    if len(schemes) == 1:
        return schemes[0], f"清单对该类机构只设“{_title('schemes', schemes[0])}”一种定点类别"
    votes: dict[str, tuple[int, list[str]]] = {}
    for scheme in schemes:
        words = _recognise(city).get("schemes", {}).get(scheme, [])
        own = {doc_type for item in items if item.schemes == frozenset([scheme]) for doc_type in item.document_types}
        shared = {doc_type for item in items if scheme not in item.schemes or len(item.schemes) != 1
                  for doc_type in item.document_types}
        evidence = [f"“{word}”（{doc.file}）" for doc in documents for word in words if word in doc.text]
        evidence += [f"仅{_title('schemes', scheme)}要求的材料“{_title('document_types', doc.document_type)}”"
                     f"（{doc.file}）" for doc in documents if doc.document_type in own - shared]
        if evidence:
            votes[scheme] = (len(evidence), evidence)
    return _decide(votes, "--scheme")


def infer_target(city: str | None, kind: str | None, scheme: str | None,
                 documents: list[Document], profile: Any) -> Target:
    """Options, else the profile, else the documents; ``evidence`` says where each inferred value came from."""
    target = Target()
    for key, given in (("city", city), ("kind", kind), ("scheme", scheme)):
        value = given or profile_answer(profile, key)
        setattr(target, key, value)
        if value and not given:
            target.evidence[key] = "profile.yaml"
    if target.city is None:
        target.city, target.evidence["city"] = infer_city(documents)
    if target.kind is None:
        target.kind, target.evidence["kind"] = infer_kind(documents)
    if target.scheme is None and target.city is not None:
        target.scheme, target.evidence["scheme"] = infer_scheme(target.city, target.kind, documents)
    target.evidence = {key: why for key, why in target.evidence.items() if why}
    return target


def resolve_target(city: str | None, kind: str | None, scheme: str | None,
                   documents: list[Document], profile: Any) -> tuple[str | None, str | None, str | None]:
    return infer_target(city, kind, scheme, documents, profile).as_tuple()


def city_from_text(text: str) -> str | None:
    """A city named in a short text (an address, an institution name), by the checklists' signals."""
    found = [city for city in _cities() if any(word in text for key in ("names", "authorities", "places")
                                                for word in _recognise(city).get(key, []))]
    return found[0] if len(found) == 1 else None


def require(city: str | None, kind: str | None) -> None:
    if city is None:
        raise UsageError(t("no_city", choices=", ".join(_cities())))
    if kind is None:
        raise UsageError(t("no_kind"))


def several_packages(paths: Iterable[str], documents: list[Document]) -> list[str]:
    """Folders that are each a package of their own (their own profile, or licences naming institutions
    no other folder names), below the folders every file shares (a zip's one root folder): a folder of
    packages is for ``dingdian batch``."""
    paths = list(paths)
    depth = _shared_depth(paths)
    with_profile = sorted({_folder(path, depth) for path in paths if path.count("/") == depth + 1
                           and path.rsplit("/", 1)[-1].lower() in ("profile.yaml", "profile.yml")})
    if len(with_profile) >= 2:
        return with_profile
    names: dict[str, set[str]] = {}
    for document in documents:
        if document.file.count("/") > depth and document.document_type in _LICENCES \
                and document.value("institution_name"):
            names.setdefault(_folder(document.file, depth), set()).add(str(document.value("institution_name")))
    folders = sorted(names)
    # Only institutions plainly different: a name OCR'd a little differently in another folder of
    # one package (仁和门诊部 / 仁和门诊) must not stop its check.
    apart = all(not _alike(a, b) for i, first in enumerate(folders) for second in folders[i + 1:]
                for a in names[first] for b in names[second])
    return folders if len(folders) >= 2 and apart else []


def _shared_depth(paths: list[str]) -> int:
    """How many leading folders every path has in common ("pkgs/a/x.pdf", "pkgs/b/y.pdf" → 1)."""
    parts = [path.split("/")[:-1] for path in paths]
    depth = 0
    while parts and all(len(folders) > depth for folders in parts) and len({f[depth] for f in parts}) == 1:
        depth += 1
    return depth


def _folder(path: str, depth: int) -> str:
    return "/".join(path.split("/")[:depth + 1])


def _alike(first: str, second: str) -> bool:
    from difflib import SequenceMatcher
    return first in second or second in first or SequenceMatcher(None, first, second).ratio() >= 0.6


def refuse_several_packages(root: Any, paths: Iterable[str], documents: list[Document]) -> None:
    found = several_packages(paths, documents)
    if found:
        shown = "、".join(found[:3]) + ("…" if len(found) > 3 else "")
        raise UsageError(t("several_packages", path=root, count=len(found), names=shown))
