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


@lru_cache(maxsize=None)
def document_types_tagged(tag: str) -> tuple[str, ...]:
    """The document types carrying ``tag`` in document_types.yaml, in the file's order."""
    found = tuple(name for name, entry in load_data_yaml("document_types.yaml").items()
                  if tag in (entry.get("tags") or ()))
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
