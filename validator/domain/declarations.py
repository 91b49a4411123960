"""Facts an applicant declares on a form (forms/declarations.yaml): a form ticks one only when the
profile states it, else leaves the box empty for the applicant (never certify for the applicant).
Shared: the profile validates its ``declarations`` against these ids, the forms tick them."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Mapping

from validator.errors import TemplateError
from validator.catalogue import t
from validator.resources import forms_dir, load_yaml

DECLARATIONS_FILE = "declarations.yaml"
TICKED, EMPTY = "☑", "□"


@lru_cache(maxsize=1)
def declarations() -> Mapping[str, Mapping[str, str]]:
    """id → {text, source}; TemplateError when an entry lacks either."""
    data = load_yaml(forms_dir().joinpath(DECLARATIONS_FILE).read_text(encoding="utf-8")) or {}
    for key, entry in data.items():
        if not isinstance(entry, Mapping) or not entry.get("text") or not entry.get("source"):
            raise TemplateError(t("declaration_needs_text_and_source", path=DECLARATIONS_FILE, key=key))
    return data


def declaration_ids() -> frozenset[str]:
    return frozenset(declarations())


def ticks(stated: Mapping[str, Any]) -> dict[str, str]:
    """☑ for each declaration the profile states true, □ for every other (false or silent)."""
    return {key: TICKED if stated.get(key) is True else EMPTY for key in declarations()}
