"""The shared vocabulary (validator/data/vocabulary.yaml): ids, titles, severities, which finding
codes are eligibility grounds; and the groups of document types (validator/data/document_types.yaml)."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from validator.resources import load_data_yaml

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}



@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    return load_data_yaml("vocabulary.yaml")


@lru_cache(maxsize=1)
def eligibility_codes() -> frozenset[str]:
    """Finding codes flagged ``eligibility: true``: an error among them makes a package
    "ineligible" rather than "incomplete"."""
    return frozenset(code for code, entry in vocabulary()["findings"].items() if entry.get("eligibility"))


# The keys a document type may have (their meaning: the head of document_types.yaml).
_TYPE_KEYS = frozenset({"titles", "keywords", "names", "exclude", "one_per_titled_page", "qualified_titles",
                        "title_patterns", "formats", "tags"})


@lru_cache(maxsize=1)
def document_types() -> dict[str, dict[str, Any]]:
    """document_types.yaml, checked as it loads: a mistyped key or tag would otherwise drop a type
    out of a group silently (a nurse's certificate shown unblurred, a license left out of the
    name comparison)."""
    data = load_data_yaml("document_types.yaml")
    known_tags, known_types = set(vocabulary()["document_type_tags"]), set(vocabulary()["document_types"])
    problems = [f"{type_id}: not a document type of vocabulary.yaml" for type_id in data if type_id not in known_types]
    problems += [f"{type_id}.{key}: unknown key" for type_id, spec in data.items() for key in spec
                 if key not in _TYPE_KEYS]
    problems += [f"{type_id}.tags: {tag!r} is not declared in vocabulary.yaml document_type_tags"
                 for type_id, spec in data.items() for tag in spec.get("tags") or () if tag not in known_tags]
    if problems:
        raise ValueError("validator/data/document_types.yaml: " + "; ".join(problems))
    return data


@lru_cache(maxsize=None)
def document_types_tagged(tag: str) -> tuple[str, ...]:
    """The document types carrying ``tag`` in document_types.yaml, in the file's order."""
    if tag not in vocabulary()["document_type_tags"]:
        raise KeyError(f"{tag!r} is not declared in validator/data/vocabulary.yaml document_type_tags")
    found = tuple(name for name, entry in document_types().items() if tag in (entry.get("tags") or ()))
    if not found:
        raise KeyError(f"no document type is tagged {tag!r} in validator/data/document_types.yaml")
    return found


def ids(section: str) -> frozenset[str]:
    return frozenset(vocabulary()[section])


def finding_severity(code: str) -> str:
    return vocabulary()["findings"][code]["severity"]


def title(section: str, key: str, lang: str = "zh") -> str:
    """Official title of an id; English from messages.yaml where ``lang`` is ``en``."""
    if lang == "en":
        english = load_data_yaml("titles_en.yaml").get(section, {}).get(key)
        if english:
            return english
    entry = vocabulary()[section].get(key, key)
    return entry["title"] if isinstance(entry, dict) else entry
